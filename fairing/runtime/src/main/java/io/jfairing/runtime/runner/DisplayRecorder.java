package io.jfairing.runtime.runner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The runner side of {@link CellDisplay}: each cell's outputs in order (stream text and displays), as nbclient
 * records them. A display's text goes to the log stream only, not to the cell's captured stdout.
 */
final class DisplayRecorder implements BiFunction<String, Object, Object> {
    static final String DISPLAY = "display";
    static final String UPDATE = "update";
    static final String CLEAR = "clear";
    static final String LOG = "log";

    private final PrintStream log;
    private final Map<String, NotebookRunner.DisplayOutput> displays = new HashMap<>();
    private CellState cell;

    DisplayRecorder(PrintStream log) {
        this.log = log;
    }

    /** What a cell printed, kept so it can be cut where a display comes. */
    static final class Capture extends ByteArrayOutputStream {
        private int mark;

        synchronized String takeNew() {
            String text = new String(buf, mark, count - mark, StandardCharsets.UTF_8);
            mark = count;
            return text;
        }
    }

    private static final class CellState {
        final Capture out;
        final Capture err;
        final List<NotebookRunner.Output> outputs = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        boolean clearBeforeNext;

        CellState(Capture out, Capture err) {
            this.out = out;
            this.err = err;
        }

        void add(NotebookRunner.Output output) {
            if (clearBeforeNext) {
                outputs.clear();
                clearBeforeNext = false;
            }
            if (output instanceof NotebookRunner.StreamOutput stream && !outputs.isEmpty()
                    && outputs.get(outputs.size() - 1) instanceof NotebookRunner.StreamOutput last
                    && last.name().equals(stream.name())) {
                outputs.set(outputs.size() - 1, new NotebookRunner.StreamOutput(last.name(), last.text() + stream.text()));
            } else {
                outputs.add(output);
            }
        }

        /** Turns what was printed since the last cut into stream outputs. */
        void cut() {
            System.out.flush();
            System.err.flush();
            String text = out.takeNew();
            if (!text.isEmpty()) {
                add(new NotebookRunner.StreamOutput("stdout", text));
            }
            text = err.takeNew();
            if (!text.isEmpty()) {
                add(new NotebookRunner.StreamOutput("stderr", text));
            }
        }
    }

    /** A call from {@link CellDisplay} (possibly a copy of it from another class loader). */
    @Override
    @SuppressWarnings("unchecked")
    public Object apply(String operation, Object argument) {
        switch (operation) {
            case DISPLAY -> {
                return display((Map<String, String>) argument);
            }
            case UPDATE -> {
                Object[] arguments = (Object[]) argument;
                updateDisplay((String) arguments[0], (Map<String, String>) arguments[1]);
            }
            case CLEAR -> clearOutput((Boolean) argument);
            case LOG -> log((String) argument);
            default -> throw new IllegalArgumentException("unknown display operation " + operation);
        }
        return null;
    }

    /** Connects {@link CellDisplay} as the notebook's code sees it through {@code loader} (and the runner's own). */
    static void connect(ClassLoader loader, DisplayRecorder recorder) {
        CellDisplay.attach(recorder);
        Class<?> seen = displayClass(loader);
        if (seen != CellDisplay.class) {
            try {
                Method attach = seen.getDeclaredMethod("attach", BiFunction.class);
                attach.setAccessible(true);
                attach.invoke(null, recorder);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // an incompatible copy: its calls print text only
            }
        }
    }

    /** The rich MIME bundle of a cell's result, from the {@link CellDisplay} that made it; null for text only. */
    @SuppressWarnings("unchecked")
    static Map<String, String> richData(ClassLoader loader, Object value) {
        Class<?> seen = displayClass(loader);
        if (seen == CellDisplay.class) {
            return CellDisplay.richData(value);
        }
        try {
            Method richData = seen.getDeclaredMethod("richData", Object.class);
            richData.setAccessible(true);
            return (Map<String, String>) richData.invoke(null, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Class<?> displayClass(ClassLoader loader) {
        try {
            return Class.forName(CellDisplay.class.getName(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return CellDisplay.class;
        }
    }

    synchronized void beginCell(Capture out, Capture err) {
        cell = new CellState(out, err);
    }

    /** The cell's outputs; {@code more}: a result or an error follows (a pending clear applies to it). */
    synchronized List<NotebookRunner.Output> endCell(boolean more) {
        CellState ending = cell;
        cell = null;
        ending.cut();
        if (more && ending.clearBeforeNext) {
            ending.outputs.clear();
        }
        return List.copyOf(ending.outputs);
    }

    /** Whether {@code value} is the id of a display the running cell made (then it is not the cell's result). */
    synchronized boolean isDisplayIdOfThisCell(Object value) {
        return cell != null && value instanceof String id && cell.ids.contains(id);
    }

    synchronized String display(Map<String, String> bundle) {
        log(bundle.get("text/plain"));
        if (cell == null) {
            return "";
        }
        String id = UUID.randomUUID().toString();
        cell.cut();
        NotebookRunner.DisplayOutput output = new NotebookRunner.DisplayOutput(id, bundle);
        cell.add(output);
        cell.ids.add(id);
        displays.put(id, output);
        return id;
    }

    synchronized void updateDisplay(String id, Map<String, String> bundle) {
        log(bundle.get("text/plain"));
        NotebookRunner.DisplayOutput output = id == null ? null : displays.get(id);
        if (output != null) {
            output.replace(bundle);
        }
    }

    synchronized void clearOutput(boolean wait) {
        if (cell == null) {
            return;
        }
        cell.cut();
        if (wait) {
            cell.clearBeforeNext = true;
        } else {
            cell.outputs.clear();
            cell.clearBeforeNext = false;
        }
    }

    void log(String text) {
        System.out.flush();
        System.err.flush();
        log.println(text);
        log.flush();
    }
}
