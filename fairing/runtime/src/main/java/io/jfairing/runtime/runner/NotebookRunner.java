package io.jfairing.runtime.runner;

import io.jfairing.runtime.display.ValueText;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a compiled notebook in the image: the cells in order, their output streamed as it comes, each cell's result
 * printed like the kernel's text result; the first cell that throws ends the run with exit status 1 and
 * {@code cell N: <exception>} on stderr. With {@code --output PATH} (or {@code FAIRING_OUTPUT_NOTEBOOK}) it writes
 * the executed notebook with each cell's outputs, as papermill does.
 *
 * <p>Needs java.base only: it is the image's runner layer.
 *
 * <pre>java -cp /app/runner:/app/code/classes:/app/libs/* io.jfairing.runtime.runner.NotebookRunner /app/code/program.txt [--output FILE]</pre>
 */
public final class NotebookRunner {
    /** Exit status when a cell fails. */
    public static final int CELL_FAILED = 1;
    /** Exit status when the program cannot be read or the arguments are wrong. */
    public static final int USAGE = 2;

    private NotebookRunner() {}

    public static void main(String[] args) {
        Path programFile = null;
        Path output = null;
        List<URL> classpath = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--output", "-o" -> output = Path.of(args[++i]);
                    case "--classpath" -> {
                        for (String entry : args[++i].split(File.pathSeparator)) {
                            classpath.add(Path.of(entry).toUri().toURL());
                        }
                    }
                    case StepData.INPUT_ARG, StepData.INPUT_PATH_ARG, StepData.OUTPUT_ARG ->
                        StepData.bind(args[i], args[++i]);
                    case "--help", "-h" -> {
                        System.out.println("usage: NotebookRunner PROGRAM [--output EXECUTED.ipynb] [--classpath EXTRA]"
                                + " [--step-input NAME=VALUE] [--step-input-path NAME=FILE] [--step-output NAME=FILE]");
                        return;
                    }
                    default -> programFile = Path.of(args[i]);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("jfairing runner: bad arguments: " + e);
            System.exit(USAGE);
        }
        if (output == null
                && System.getenv("FAIRING_OUTPUT_NOTEBOOK") != null
                && !System.getenv("FAIRING_OUTPUT_NOTEBOOK").isBlank()) {
            output = Path.of(System.getenv("FAIRING_OUTPUT_NOTEBOOK"));
        }
        if (programFile == null) {
            programFile = Path.of("/app/code/program.txt");
        }
        Program program;
        try {
            program = Program.read(Files.readString(programFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("jfairing runner: cannot read " + programFile + ": " + e.getMessage());
            System.exit(USAGE);
            return;
        }
        ClassLoader loader = classpath.isEmpty()
                ? NotebookRunner.class.getClassLoader()
                : new URLClassLoader(classpath.toArray(URL[]::new), NotebookRunner.class.getClassLoader());
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Outcome outcome = run(program, loader, out, err);
        if (output != null) {
            try {
                if (output.getParent() != null) {
                    Files.createDirectories(output.getParent());
                }
                Files.writeString(output, ExecutedNotebook.toJson(program, outcome), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("jfairing runner: cannot write the executed notebook to " + output + ": " + e);
            }
        }
        out.flush();
        err.flush();
        System.exit(outcome.failed() ? CELL_FAILED : 0);
    }

    /**
     * What a cell printed and returned: {@code stdout} and {@code stderr} as printed, {@code outputs} as the executed
     * notebook shows them (stream text and displays in order, after {@code clearOutput}), and the result's MIME bundle
     * ({@code text/plain} is {@code result}).
     */
    public record CellOutput(
            int executionCount,
            String stdout,
            String stderr,
            String result,
            Failure failure,
            List<Output> outputs,
            Map<String, String> resultData) {
        public CellOutput {
            outputs = List.copyOf(outputs);
            resultData = Collections.unmodifiableMap(new LinkedHashMap<>(resultData));
        }

        /** A cell without displays: its stdout, then its stderr. */
        public CellOutput(int executionCount, String stdout, String stderr, String result, Failure failure) {
            this(
                    executionCount,
                    stdout,
                    stderr,
                    result,
                    failure,
                    streams(stdout, stderr),
                    result == null ? Map.of() : Map.of("text/plain", result));
        }

        private static List<Output> streams(String stdout, String stderr) {
            List<Output> outputs = new ArrayList<>();
            if (!stdout.isEmpty()) {
                outputs.add(new StreamOutput("stdout", stdout));
            }
            if (!stderr.isEmpty()) {
                outputs.add(new StreamOutput("stderr", stderr));
            }
            return outputs;
        }
    }

    /** One output of a cell in the executed notebook, before its result and error. */
    public sealed interface Output permits StreamOutput, DisplayOutput {}

    /** Text the cell printed on {@code stdout} or {@code stderr}. */
    public record StreamOutput(String name, String text) implements Output {}

    /** A {@code display(...)}: its MIME bundle, replaced in place by {@code updateDisplay} with its id. */
    public static final class DisplayOutput implements Output {
        private final String displayId;
        private volatile Map<String, String> data;

        public DisplayOutput(String displayId, Map<String, String> data) {
            this.displayId = displayId;
            this.data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }

        public String displayId() {
            return displayId;
        }

        public Map<String, String> data() {
            return data;
        }

        void replace(Map<String, String> newData) {
            data = Collections.unmodifiableMap(new LinkedHashMap<>(newData));
        }

        @Override
        public String toString() {
            return "DisplayOutput[" + displayId + ", " + data + "]";
        }
    }

    /** A cell's exception: the Jupyter {@code ename}, {@code evalue} and traceback lines. */
    public record Failure(String cellLabel, String name, String value, List<String> traceback) {
        public String summary() {
            return cellLabel + ": " + name + (value == null ? "" : ": " + value);
        }
    }

    /** Every cell's output (null for cells that did not run), and whether a cell failed. */
    public record Outcome(List<CellOutput> cells, Failure failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    /**
     * Runs the program's cells with classes from {@code loader}; {@code System.out} and {@code System.err} are sent
     * to {@code out} and {@code err} as the cells print, and captured per cell.
     */
    public static Outcome run(Program program, ClassLoader loader, PrintStream out, PrintStream err) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        List<CellOutput> outputs = new ArrayList<>();
        Failure failure = null;
        int count = 0;
        DisplayRecorder displays = new DisplayRecorder(out);
        DisplayRecorder.connect(loader, displays);
        ProgramMagics.connect(loader, new ProgramMagics(program));
        PresetResults.clear(loader);
        try {
            for (Program.Cell cell : program.cells()) {
                if (!cell.isCode() || failure != null) {
                    outputs.add(null);
                    continue;
                }
                count++;
                DisplayRecorder.Capture cellOut = new DisplayRecorder.Capture();
                DisplayRecorder.Capture cellErr = new DisplayRecorder.Capture();
                // line-buffered, as C's stdio on a terminal: a printf's pieces leave as one write, so that a container
                // runtime logs the line whole (podman stamps each write; a split line would come back in pieces)
                System.setOut(new PrintStream(new LineBuffer(new Tee(out, cellOut)), false, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(new LineBuffer(new Tee(err, cellErr)), false, StandardCharsets.UTF_8));
                displays.beginCell(cellOut, cellErr);
                String result = null;
                Map<String, String> resultData = Map.of();
                try {
                    for (Program.Step step : cell.steps()) {
                        Object value = invoke(loader, step.className());
                        // as the kernel: System.out.printf(...) returns the stream, which is not a result
                        if (step.value()
                                && value != null
                                && !displays.isDisplayIdOfThisCell(value)
                                && value != System.out
                                && value != System.err) {
                            Object shown = PresetResults.shown(loader, value, System.err);
                            Map<String, String> rich = DisplayRecorder.richData(loader, shown);
                            // as the kernel: a rich value's text is its bundle's text/plain, not its toString()
                            result = rich == null ? ValueText.of(shown) : rich.get("text/plain");
                            resultData = rich == null ? Map.of("text/plain", result) : rich;
                        }
                    }
                } catch (Throwable e) {
                    failure = failure(program, cell.label(), e);
                }
                System.out.flush();
                System.err.flush();
                List<Output> cellOutputs = displays.endCell(result != null || failure != null);
                System.setOut(savedOut);
                System.setErr(savedErr);
                if (result != null) {
                    out.println(result);
                }
                if (failure != null) {
                    printFailure(err, failure);
                }
                outputs.add(new CellOutput(
                        count,
                        cellOut.toString(StandardCharsets.UTF_8),
                        cellErr.toString(StandardCharsets.UTF_8),
                        result,
                        failure,
                        cellOutputs,
                        resultData));
            }
            if (failure == null && program.entryClass() != null) {
                System.setOut(out);
                System.setErr(err);
                try {
                    for (Program.Step step : program.entrySteps()) {
                        invoke(loader, step.className());
                    }
                } catch (Throwable e) {
                    failure = failure(program, program.entryClass() + ".train()", e);
                } finally {
                    System.setOut(savedOut);
                    System.setErr(savedErr);
                }
                if (failure != null) {
                    printFailure(err, failure);
                }
            }
        } finally {
            DisplayRecorder.connect(loader, null);
            ProgramMagics.connect(loader, null);
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        out.flush();
        return new Outcome(outputs, failure);
    }

    private static void printFailure(PrintStream err, Failure failure) {
        err.println(failure.summary());
        for (int i = 1; i < failure.traceback().size(); i++) {
            err.println(failure.traceback().get(i));
        }
        err.flush();
    }

    private static Object invoke(ClassLoader loader, String className) throws Throwable {
        Class<?> type = Class.forName(className, true, loader);
        Method doIt = type.getDeclaredMethod("do_it$");
        doIt.setAccessible(true);
        try {
            return doIt.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (ExceptionInInitializerError e) {
            throw e.getCause() == null ? e : e.getCause();
        }
    }

    static Failure failure(Program program, String label, Throwable e) {
        List<String> traceback = new ArrayList<>();
        String value = e.getMessage();
        Failure head = new Failure(label, e.getClass().getName(), value, List.of());
        traceback.add(head.summary());
        appendFrames(program, e, traceback, "");
        return new Failure(label, e.getClass().getName(), value, traceback);
    }

    private static void appendFrames(Program program, Throwable e, List<String> traceback, String prefix) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String className = frame.getClassName();
            if (className.equals(NotebookRunner.class.getName())) {
                break; // below: the runner and whatever started it
            }
            if (className.startsWith("io.jfairing.runtime.runner.")
                    || className.startsWith("jdk.internal.reflect.")
                    || className.startsWith("java.lang.reflect.")) {
                continue;
            }
            Program.LineMap map =
                    frame.getFileName() == null ? null : program.lineMaps().get(frame.getFileName());
            if (map != null) {
                Integer line = map.lines().get(frame.getLineNumber());
                String where = map.cellLabel() + (line == null ? "" : ", line " + line);
                String method = frame.getMethodName();
                String owner = className.contains("$$JShell$") || className.lastIndexOf('$') < 0
                        ? ""
                        : className.substring(className.lastIndexOf('$') + 1);
                boolean wrapper = method.equals("do_it$") || method.equals("<clinit>");
                traceback.add(prefix + "\tat "
                        + (wrapper ? "" : (owner.matches("\\d+[A-Z]*|JShell") ? "" : owner + ".") + method + " ") + "("
                        + where + ")");
            } else if (!className.startsWith("REPL.")) {
                traceback.add(prefix + "\tat " + frame);
            }
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            traceback.add("Caused by: " + cause);
            appendFrames(program, cause, traceback, prefix);
        }
    }

    /** Writes to the stream the user sees and to the cell's capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream shown;
        private final OutputStream captured;

        Tee(OutputStream shown, OutputStream captured) {
            this.shown = shown;
            this.captured = captured;
        }

        @Override
        public void write(int b) throws IOException {
            shown.write(b);
            captured.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            shown.write(b, off, len);
            captured.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            shown.flush();
        }
    }
}
