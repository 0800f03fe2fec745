package io.jfairing.kernel;

import io.jfairing.kernel.execution.CodeEvaluator;
import io.jfairing.kernel.execution.EvaluationInterruptedException;
import io.jfairing.kernel.magics.MagicRegistry;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.CellHook;
import io.jfairing.kernel.spi.ExecutedCell;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.Session;
import io.jfairing.runtime.cell.CellParser;
import io.jfairing.runtime.cell.CellPart;
import io.jfairing.runtime.cell.LineMagicCall;
import io.jfairing.runtime.cell.MagicExpressions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs cells: their code through JShell and their magics through the registry, in order, with hooks
 * around each cell; remembers every cell for {@link Session#executedCells()}.
 */
final class KernelSession implements Session {
    private static final Logger LOG = Logger.getLogger(KernelSession.class.getName());

    private final CodeEvaluator evaluator;
    private final MagicRegistry magics;
    private final List<ExecutedCell> cells = new CopyOnWriteArrayList<>();
    private final List<CellHook> hooks = new CopyOnWriteArrayList<>();
    private volatile int currentCell;
    private volatile Thread runner;
    private volatile String pendingStop;

    private final java.util.Set<Path> provided;

    KernelSession(CodeEvaluator evaluator, MagicRegistry magics) {
        this(evaluator, magics, List.of());
    }

    /** {@code provided}: the kernel's own class path, which cells compile against but did not add. */
    KernelSession(CodeEvaluator evaluator, MagicRegistry magics, List<Path> provided) {
        this.evaluator = evaluator;
        this.magics = magics;
        this.provided = java.util.Set.copyOf(provided);
        LineMagicCall.attach(new CodeMagics());
    }

    /** Runs the magics a cell's code calls ({@link MagicExpressions}, IJava's lineMagic and cellMagic). */
    private final class CodeMagics implements LineMagicCall.Runner {
        @Override
        public Object line(String name, String rawArguments) throws Exception {
            return magics.run(CellPart.lineMagic(name, rawArguments, 0), KernelSession.this, true);
        }

        @Override
        public Object magic(String name, List<String> arguments, String body) throws Exception {
            MagicCall call = new MagicCall(name, String.join(" ", arguments), arguments, KernelSession.this, true);
            return body == null ? magics.runLine(call) : magics.runCell(call, body);
        }
    }

    void addHook(CellHook hook) {
        hooks.add(hook);
    }

    /** Stops the next cell before it starts: an interrupt that came while the kernel was starting. */
    void stopNextCell(String reason) {
        pendingStop = reason;
    }

    /** Runs one cell; the result is the value of its last part, if that part has one. */
    CodeEvaluator.Result run(String source, int executionCount) throws Exception {
        String stop = pendingStop;
        if (stop != null) {
            pendingStop = null;
            throw new EvaluationInterruptedException(stop);
        }
        List<CellPart> parts = CellParser.parse(source);
        ExecutedCell cell = new ExecutedCell(executionCount, source, parts, ExecutedCell.Status.RUNNING);
        currentCell = executionCount;
        runner = Thread.currentThread();
        hooks.forEach(hook -> callHook(() -> hook.beforeCell(cell)));
        ExecutedCell.Status status = ExecutedCell.Status.ERROR;
        try {
            CodeEvaluator.Result result = runParts(parts, executionCount);
            status = ExecutedCell.Status.OK;
            return result;
        } finally {
            runner = null;
            Thread.interrupted(); // an interrupt that arrived as the cell ended must not hit the next one
            ExecutedCell done = cell.withStatus(status);
            cells.add(done);
            hooks.forEach(hook -> callHook(() -> hook.afterCell(done)));
        }
    }

    private CodeEvaluator.Result runParts(List<CellPart> parts, int executionCount) throws Exception {
        CodeEvaluator.Result result = CodeEvaluator.Result.NONE;
        for (CellPart part : parts) {
            if (part.kind() == CellPart.Kind.CODE) {
                result = evaluator.eval(MagicExpressions.rewrite(part.text()), executionCount, part.line());
            } else {
                Object value = magics.run(part, this);
                result = value == null ? CodeEvaluator.Result.NONE : new CodeEvaluator.Result(true, value);
            }
        }
        return result;
    }

    /** Stops the running cell: user code through JShell, a magic through thread interruption. */
    void interrupt(String reason) {
        evaluator.stop(reason);
        Thread thread = runner;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private static void callHook(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a cell hook failed", e);
        }
    }

    @Override
    public List<ExecutedCell> executedCells() {
        return List.copyOf(cells);
    }

    @Override
    public List<Path> classpath() {
        return evaluator.classpath().stream().filter(p -> !provided.contains(p)).toList();
    }

    @Override
    public ClassLoader classLoader() {
        return evaluator.classLoader();
    }

    @Override
    public void addToClasspath(Path path) {
        evaluator.addToClasspath(path);
    }

    @Override
    public Object evaluate(String code) throws CellException {
        try {
            CodeEvaluator.Result result = runParts(CellParser.parse(code), currentCell);
            return result.value();
        } catch (CellException e) {
            throw e;
        } catch (Exception e) {
            throw new CellException(e.getClass().getName(), String.valueOf(e.getMessage()));
        }
    }
}
