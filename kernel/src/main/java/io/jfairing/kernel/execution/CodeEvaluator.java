package io.jfairing.kernel.execution;

import io.jfairing.runtime.cell.SnippetSplitter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Evaluates cells with JShell in the kernel's JVM: a cell is cut into snippets that run in order;
 * the value of a trailing expression is the cell's result.
 */
public final class CodeEvaluator implements AutoCloseable {
    private final JShell shell;
    private final KernelExecutionControl control;
    private final SnippetSplitter splitter;
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();
    private volatile String stopReason;
    private final List<String> deferredImports = new ArrayList<>();

    private CodeEvaluator(JShell shell, KernelExecutionControl control) {
        this.shell = shell;
        this.control = control;
        this.splitter = new SnippetSplitter(shell.sourceCodeAnalysis());
    }

    /**
     * Starts a JShell whose code runs in this JVM, loaded by a child of {@code parent}. Cells compile against the JDK,
     * {@code runtime} (the cell runtime's jar or class folder, whose classes load from {@code parent}) and what
     * {@link #addToClasspath} and {@link #addToCompilerClasspath} add: never against this JVM's class path or the
     * working directory, whatever else runs in this JVM.
     *
     * @param out where JShell's own console output goes (user output goes to System.out)
     * @param compilerOptions extra javac options such as {@code -Xlint}
     */
    public static CodeEvaluator start(ClassLoader parent, Path runtime, PrintStream out, List<String> compilerOptions) {
        KernelExecutionControl control = new KernelExecutionControl(new KernelLoaderDelegate(parent));
        String base = runtime.toAbsolutePath().toString();
        control.loaderDelegate().compileOnly(runtime);
        JShell shell;
        synchronized (System.class) {
            // JShell's compiler takes this JVM's class path twice: TaskFactory keeps the property's value as the head
            // of every class path it sets later (an empty one would add the working directory), and its file manager
            // computes a class path from the property when it is first asked, unless one was set: JShell's indexer,
            // a background thread shared by all JShells in the JVM, asks as soon as the analysis exists. So the
            // property names the runtime only while the JShell is built, and the file manager's class path is set
            // before anything can ask.
            String own = System.getProperty("java.class.path");
            System.setProperty("java.class.path", base);
            try {
                shell = JShell.builder()
                        .executionEngine(KernelExecutionControl.provider(control), Map.of())
                        .out(out)
                        .err(out)
                        .compilerOptions(compilerOptions.toArray(String[]::new))
                        .build();
                shell.addToClasspath(base);
            } finally {
                System.setProperty("java.class.path", own);
            }
        }
        return new CodeEvaluator(shell, control);
    }

    /**
     * Evaluates code of cell {@code cell} that starts at line {@code firstLine} (0-based) of the cell.
     * Returns the trailing expression's value, if the code ends with one.
     */
    public Result eval(String code, int cell, int firstLine)
            throws CompilationException, EvaluationException, EvaluationInterruptedException,
                    IncompleteSourceException {
        stopReason = null;
        control.stopPending(false);
        Result result = Result.NONE;
        for (SnippetSplitter.Piece piece : splitter.split(code)) {
            if (!piece.complete() && piece.completeness() != jdk.jshell.SourceCodeAnalysis.Completeness.UNKNOWN) {
                throw new IncompleteSourceException(
                        "The cell ends in the middle of a statement (line " + (firstLine + piece.line() + 1) + "): "
                                + firstLine(piece.source()) + " ... is missing its end.");
            }
            SnippetOrigin origin = new SnippetOrigin(cell, firstLine + piece.line());
            try {
                result = evalPiece(piece.source(), origin);
            } catch (CompilationException e) {
                if (!evaluateDeferredImports()) {
                    throw e;
                }
                result = evalPiece(piece.source(), origin); // it may have needed one of them
            }
        }
        return result;
    }

    /**
     * Imports to evaluate later, when the kernel is idle ({@link #evaluateDeferredImports()}), or at once when a
     * snippet does not compile without them: start-up then needs only the imports the first cell is likely to use.
     */
    public void deferImports(List<String> imports) {
        deferredImports.addAll(imports);
    }

    /** Evaluates the deferred imports, if any are left; returns whether there were any. */
    public boolean evaluateDeferredImports() {
        if (deferredImports.isEmpty()) {
            return false;
        }
        List<String> imports = List.copyOf(deferredImports);
        deferredImports.clear();
        for (String line : imports) {
            shell.eval(line);
        }
        return true;
    }

    /** Evaluates a plain value expression as a typed declaration (two javac tasks, not four), else as written. */
    private Result evalPiece(String source, SnippetOrigin origin)
            throws CompilationException, EvaluationException, EvaluationInterruptedException {
        Optional<String> declaration = ValueExpression.asDeclaration(source);
        if (declaration.isPresent()) {
            Optional<Result> held = evalHeld(declaration.get(), origin);
            if (held.isPresent()) {
                return held.get();
            }
        }
        return evalSnippet(source, origin);
    }

    /**
     * The value of a {@link ValueExpression} declaration, its variable dropped again; empty when the declaration was
     * not defined as it stands (it did not compile, or needs names not defined yet): nothing of it ran then.
     */
    private Optional<Result> evalHeld(String declaration, SnippetOrigin origin)
            throws EvaluationException, EvaluationInterruptedException {
        VarSnippet holder = null;
        SnippetEvent outcome = null;
        for (SnippetEvent event : shell.eval(declaration)) {
            if (event.causeSnippet() == null
                    && event.snippet() instanceof VarSnippet var
                    && var.name().equals(ValueExpression.HOLDER)) {
                holder = var;
                outcome = event;
                origins.put(var.id(), origin);
            }
        }
        try {
            checkStopped();
            if (outcome == null || outcome.status() != Snippet.Status.VALID) {
                return Optional.empty();
            }
            if (outcome.exception() != null) {
                throw runtimeError(outcome.exception());
            }
            shell.varValue(holder);
            return Optional.of(new Result(true, control.takeValue()));
        } finally {
            if (holder != null && shell.status(holder).isActive()) {
                shell.drop(holder);
            }
        }
    }

    private Result evalSnippet(String source, SnippetOrigin origin)
            throws CompilationException, EvaluationException, EvaluationInterruptedException {
        List<SnippetEvent> events = shell.eval(source);
        checkStopped();
        Result result = Result.NONE;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), origin);
            if (event.status() == Snippet.Status.REJECTED) {
                throw compilationError(snippet, origin);
            }
            if (event.exception() != null) {
                throw runtimeError(event.exception());
            }
            if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                throw unresolved(snippet, origin);
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    && snippet instanceof jdk.jshell.DeclarationSnippet declaration) {
                System.err.println("Note: " + declaration.name() + " is defined, but cannot be used until "
                        + String.join(", ", unresolvedNames(snippet)) + " is defined.");
            }
            result = valueOf(snippet);
        }
        return result;
    }

    private Result valueOf(Snippet snippet) {
        VarSnippet holder = null;
        if (snippet instanceof VarSnippet var && var.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            holder = var;
        } else if (snippet instanceof ExpressionSnippet expression
                && expression.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
            holder = shell.variables()
                    .filter(v -> v.name().equals(expression.name())
                            && shell.status(v).isActive())
                    .reduce((first, second) -> second)
                    .orElse(null);
        }
        if (holder == null) {
            return Result.NONE;
        }
        shell.varValue(holder);
        Object value = control.takeValue();
        if (holder.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            // A kept $N variable would make every later evaluation slower and keep the value alive.
            shell.drop(holder);
        }
        return new Result(true, value);
    }

    private CompilationException compilationError(Snippet snippet, SnippetOrigin origin) {
        List<Diag> diagnostics =
                shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        String source = snippet.source();
        List<String> lines = new ArrayList<>();
        String message = null;
        for (Diag diag : diagnostics) {
            long start = Math.max(0, diag.getStartPosition());
            long end = Math.max(start, diag.getEndPosition());
            int lineStart = source.lastIndexOf('\n', (int) Math.min(start, source.length()) - 1) + 1;
            int lineEnd = source.indexOf('\n', (int) start);
            String text = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
            int line = origin.firstLine() + SnippetSplitter.lineOf(source, (int) start) + 1;
            int column = (int) start - lineStart + 1;
            String diagMessage = DiagnosticMessage.of(diag.getMessage(Locale.ROOT));
            if (message == null) {
                message = diagMessage + " (line " + line + ", column " + column + ")";
            }
            lines.add("line " + line + ": " + diagMessage);
            lines.add("    " + text);
            int width = (int) Math.max(1, Math.min(end, lineStart + text.length()) - start);
            lines.add("    " + " ".repeat(Math.max(0, column - 1)) + "^" + "-".repeat(Math.max(0, width - 2))
                    + (width > 1 ? "^" : ""));
        }
        if (message == null) {
            message = "the snippet at line " + (origin.firstLine() + 1) + " was rejected: " + firstLine(source);
            lines.add(message);
        }
        return new CompilationException(message, lines);
    }

    private CompilationException unresolved(Snippet snippet, SnippetOrigin origin) {
        List<String> missing = unresolvedNames(snippet);
        String what = snippet instanceof jdk.jshell.DeclarationSnippet declaration ? declaration.name() : "snippet";
        String message = what + " (line " + (origin.firstLine() + 1) + ") refers to " + String.join(", ", missing)
                + ", which is not defined yet";
        return new CompilationException(message, List.of(message));
    }

    private List<String> unresolvedNames(Snippet snippet) {
        if (snippet instanceof MethodSnippet || snippet instanceof TypeDeclSnippet || snippet instanceof VarSnippet) {
            return shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) snippet)
                    .collect(Collectors.toList());
        }
        return List.of("an unknown name");
    }

    private EvaluationException runtimeError(JShellException exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            String name = unresolved.getSnippet().name();
            String message = name + " cannot be used until "
                    + String.join(", ", unresolvedNames(unresolved.getSnippet())) + " is defined";
            return new EvaluationException("UnresolvedReferenceException", message, List.of(message));
        }
        String className = StackTraceFormatter.displayName(
                exception instanceof EvalException eval
                        ? eval.getExceptionClassName()
                        : exception.getClass().getName());
        String message = String.valueOf(exception.getMessage());
        return new EvaluationException(className, message, new StackTraceFormatter(origins).format(exception));
    }

    private void checkStopped() throws EvaluationInterruptedException {
        String reason = stopReason;
        if (reason != null) {
            throw new EvaluationInterruptedException(reason);
        }
    }

    /** Stops the running cell, if any; the cell fails with {@code reason}. Safe from any thread. */
    public void stop(String reason) {
        stopReason = reason;
        control.stopPending(true);
        shell.stop();
    }

    /** Adds jars or class folders to the compiler's and the runtime's class path. */
    public void addToClasspath(Path path) {
        shell.addToClasspath(path.toAbsolutePath().toString());
    }

    /**
     * Adds a jar or class folder to the compiler's class path only: cells compile against it, while its classes load
     * from the parent loader given to {@link #start} (the cell runtime, an extension's API).
     */
    public void addToCompilerClasspath(Path path) {
        control.loaderDelegate().compileOnly(path);
        shell.addToClasspath(path.toAbsolutePath().toString());
    }

    /** Entries added with {@link #addToClasspath(Path)}, in order. */
    public List<Path> classpath() {
        return control.loaderDelegate().classpath();
    }

    /** The loader of the user's classes and added jars. */
    public ClassLoader classLoader() {
        return control.loaderDelegate().classLoader();
    }

    /** The session's variables: name, type and a preview of the value (its toString), in declaration order. */
    public List<Map<String, Object>> variables() {
        List<Map<String, Object>> vars = new ArrayList<>();
        shell.variables().filter(v -> !v.name().equals(ValueExpression.HOLDER)).forEach(v -> {
            Map<String, Object> var = new java.util.LinkedHashMap<>();
            var.put("name", v.name());
            var.put("type", v.typeName());
            String value;
            try {
                shell.varValue(v); // the local execution control keeps the object itself
                Object object = control.takeValue();
                value = object instanceof String text ? '"' + text + '"' : String.valueOf(object);
            } catch (RuntimeException e) {
                value = "(unavailable: " + e.getClass().getSimpleName() + ")";
            }
            var.put("value", value.length() > 200 ? value.substring(0, 200) + "..." : value);
            vars.add(var);
        });
        return vars;
    }

    /** Measures the time snippets spend running, without their compilation ({@code %time}). */
    public ExecutionClock executionClock() {
        return control.clock();
    }

    public SourceCodeAnalysis analysis() {
        return shell.sourceCodeAnalysis();
    }

    JShell shell() {
        return shell;
    }

    Optional<SnippetOrigin> origin(String snippetId) {
        return Optional.ofNullable(origins.get(snippetId));
    }

    @Override
    public void close() {
        shell.close();
    }

    private static String firstLine(String source) {
        String line = source.strip().lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }

    /** A cell's outcome: whether it ended with an expression, and that expression's value. */
    public record Result(boolean hasValue, Object value) {
        public static final Result NONE = new Result(false, null);
    }
}
