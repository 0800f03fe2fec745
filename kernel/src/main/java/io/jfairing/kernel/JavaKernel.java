package io.jfairing.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.comm.Comm;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.kernel.history.HistoryManager;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.reply.CommInfoReply;
import io.github.spencerpark.jupyter.messages.request.CommInfoRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InterruptRequest;
import io.github.spencerpark.jupyter.messages.request.KernelInfoRequest;
import io.github.spencerpark.jupyter.messages.request.ShutdownRequest;
import io.jfairing.kernel.comm.KernelCommManager;
import io.jfairing.kernel.comm.KernelWidgetTransport;
import io.jfairing.kernel.comm.PanelSections;
import io.jfairing.kernel.connection.KernelConnection;
import io.jfairing.kernel.execution.CodeAnalyzer;
import io.jfairing.kernel.execution.CodeEvaluator;
import io.jfairing.kernel.history.SessionHistory;
import io.jfairing.kernel.loader.ExportingClassLoader;
import io.jfairing.kernel.loader.PackageExports;
import io.jfairing.kernel.loader.RuntimeJar;
import io.jfairing.kernel.magics.MagicRegistry;
import io.jfairing.kernel.output.CellOutputs;
import io.jfairing.kernel.runtime.KernelExit;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.runtime.display.Display;
import io.jfairing.runtime.display.Renderable;
import io.jfairing.runtime.display.Table;
import io.jfairing.runtime.display.ValueText;
import io.jfairing.runtime.use.PresetRenderers;
import io.jfairing.runtime.widgets.Widgets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Java kernel: basekernel's protocol handling with JShell evaluation, magics, rich display,
 * history, interrupts and per-cell time limits. Start-up work (JShell, imports, extensions) runs in
 * the background while the connection comes up.
 */
public final class JavaKernel extends BaseKernel {
    private static final Logger LOG = Logger.getLogger(JavaKernel.class.getName());

    /**
     * What cells may load from the kernel's own loader: the cell runtime, the kernel's {@code System.exit} stand-in
     * (that rewritten cells call), and the SPI and display types that extensions in the user's jars implement.
     */
    static final List<String> CELL_RUNTIME = List.of(
            RuntimeJar.PACKAGE,
            "io.jfairing.kernel.runtime",
            "io.jfairing.kernel.spi",
            "io.github.spencerpark.jupyter.kernel.display");

    private final KernelOptions options;
    private final CellOutputs outputs = new CellOutputs();
    private final MagicRegistry magics = new MagicRegistry();
    private final PresetRenderers presets = new PresetRenderers();
    private final SessionHistory history = new SessionHistory(1);
    private final CompletableFuture<KernelState> ready;
    private final Object startLock = new Object();
    /** An interrupt that arrived before start-up finished: the first cell to run is stopped by it. */
    private boolean interruptBeforeStart;
    /** The session once start-up made it; null before (guarded by startLock). */
    private KernelSession startedSession;

    private final CellExecutor executor;
    private final PanelSections panel = new PanelSections();

    public JavaKernel(KernelOptions options) {
        this.options = options;
        KernelCommManager comms = new KernelCommManager();
        this.commManager = comms;
        comms.registerTarget(PanelSections.TARGET, panel);
        panel.add("variables", request -> awaitReady().evaluator().variables());
        Widgets.attach(new KernelWidgetTransport(comms));
        this.executor = new CellExecutor(
                this::awaitReady, outputs, this::render, history, executionCount, commManager, options.cellTimeout());
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((table, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, table::toHtml);
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, table::toText);
                });
        LinkRenderers.register(renderer);
        renderer.createRegistration(java.awt.image.RenderedImage.class)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((image, context) -> context.renderIfRequested(
                        MIMEType.TEXT_PLAIN, () -> "image " + image.getWidth() + "x" + image.getHeight()));
        Display.attach(new KernelDisplaySink(renderer, outputs));
        quietExitsOfBackgroundThreads();
        this.ready = CompletableFuture.supplyAsync(this::startSession, runnable -> {
            Thread thread = new Thread(runnable, "kernel-start");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /**
     * A thread a cell started that calls {@code System.exit} ends with {@link KernelExit.ExitRequested}, which
     * the next cell output reports: no stack trace of the kernel's stand-in on stderr. (JShell's in-process
     * execution on JDK 17 puts a default handler of its own in place for each snippet run, which drops it too.)
     */
    private static void quietExitsOfBackgroundThreads() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof KernelExit.ExitRequested) {
                return;
            }
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace();
            }
        });
    }

    private KernelState startSession() {
        // Cells see the JDK, the cell runtime and what they add; the kernel's libraries stay in the kernel's loader.
        ExportingClassLoader cellParent = new ExportingClassLoader(
                "cell-api", List.of(new PackageExports(CELL_RUNTIME, JavaKernel.class.getClassLoader())));
        java.nio.file.Path runtime;
        try {
            runtime = RuntimeJar.locate();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot find the cell runtime's classes for the compiler", e);
        }
        CodeEvaluator evaluator = CodeEvaluator.start(
                cellParent,
                runtime,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                options.compilerOptions());
        options.cellClasspath().forEach(evaluator::addToClasspath);
        KernelSession session = new KernelSession(evaluator, magics, options.cellClasspath());
        BuiltinMagics.register(magics, outputs, options, executor::setCellTimeout, evaluator.executionClock(), presets);
        for (String line : StartupScript.eager()) {
            try {
                evaluator.eval(line, 0, 0);
            } catch (CellException e) {
                LOG.log(Level.WARNING, "start-up line failed: " + line + ": " + e.getMessage());
            }
        }
        evaluator.deferImports(StartupScript.deferred());
        Extensions extensions =
                new Extensions(magics, renderer, session, evaluator, options.extensions(), cellParent, panel);
        if (!options.cellClasspath().isEmpty()) {
            extensions.loadFrom(session.classLoader()); // an image's preinstalled extensions
        }
        synchronized (startLock) {
            if (interruptBeforeStart) {
                session.stopNextCell("interrupted (before the kernel had finished starting)");
            }
            startedSession = session;
        }
        return new KernelState(evaluator, session, new CodeAnalyzer(evaluator));
    }

    private KernelState awaitReady() {
        try {
            return ready.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the kernel started", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the kernel failed to start: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        connection.setHandler(MessageType.EXECUTE_REQUEST, executor::handle);
        connection.setHandler(MessageType.KERNEL_INFO_REQUEST, this::handleKernelInfo);
        connection.setHandler(MessageType.HISTORY_REQUEST, this::handleHistory);
        connection.setHandler(MessageType.COMM_INFO_REQUEST, this::handleCommInfo);
        connection.setHandler(MessageType.INTERRUPT_REQUEST, this::handleInterrupt);
        connection.setHandler(MessageType.SHUTDOWN_REQUEST, this::handleShutdown);
        if (connection instanceof KernelConnection kernelConnection) {
            kernelConnection.onShellDrained(() -> {
                executor.stopAborting();
                if (ready.isDone() && !ready.isCompletedExceptionally()) {
                    ready.join().evaluator().evaluateDeferredImports(); // the kernel is idle now
                }
            });
        }
    }

    private void handleCommInfo(ShellReplyEnvironment env, Message<CommInfoRequest> message) {
        env.setBusyDeferIdle();
        String target = message.getContent().getTargetName();
        ((KernelCommManager) commManager).noteTarget(target);
        Map<String, CommInfoReply.CommInfo> comms = new LinkedHashMap<>();
        for (Comm comm : commManager) {
            if (target == null || target.equals(comm.getTargetName())) {
                comms.put(comm.getID(), new CommInfoReply.CommInfo(comm.getTargetName()));
            }
        }
        env.reply(new KernelReplies.CommInfo(comms));
    }

    private void handleInterrupt(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        env.setBusyDeferIdle();
        interrupt();
        env.reply(new KernelReplies.Interrupt());
    }

    private void handleShutdown(ShellReplyEnvironment env, Message<ShutdownRequest> message) {
        boolean restart = message.getContent().isRestart();
        env.setBusyDeferIdle();
        env.reply(new KernelReplies.Shutdown(restart));
        onShutdown(restart);
        env.resolveDeferrals();
        env.markForShutdown();
    }

    private void handleHistory(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries = switch (request.getAccessType()) {
            case TAIL -> history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range range = (HistoryRequest.Range) request;
                yield history.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
            }
            case SEARCH -> {
                HistoryRequest.Search search = (HistoryRequest.Search) request;
                if (search.filterUnique()) {
                    flags.add(HistoryManager.ResultFlag.UNIQUE);
                }
                yield history.search(search.getPattern(), search.getMaxReturnLength(), flags);
            }
        };
        env.reply(new KernelReplies.History(entries));
    }

    private void handleKernelInfo(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new KernelReplies.KernelInfo(
                Header.PROTOCOL_VERISON,
                "jfairing",
                KernelVersion.get(),
                getLanguageInfo(),
                getBanner(),
                getHelpLinks()));
    }

    private DisplayData render(Object value) {
        if (value instanceof DisplayData data) {
            return data;
        }
        if (value instanceof Renderable) {
            return KernelDisplaySink.displayData(Display.render(value));
        }
        Object shown;
        try {
            shown = presets.render(value).orElse(value); // a %use preset's renderer
        } catch (RuntimeException e) {
            System.err.println("The %use renderer for " + value.getClass().getName() + " failed (" + e
                    + "); showing the value as text.");
            shown = value;
        }
        if (shown != value && shown != null) {
            return render(shown);
        }
        DisplayData data = renderer.render(value);
        if (value.getClass().isArray()) {
            data.putText(ValueText.of(value));
        }
        return data;
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        CodeEvaluator.Result result = awaitReady().session().run(code, executionCount.get());
        return result.hasValue() && result.value() != null ? render(result.value()) : null;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        CodeAnalyzer.Inspection inspection = awaitReady().analyzer().inspect(code, at);
        if (inspection == null) {
            return null;
        }
        String text = inspection.signature()
                + (inspection.documentation() == null ? "" : "\n\n" + inspection.documentation());
        return new DisplayData(text);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        CodeAnalyzer.Completion completion =
                awaitReady().analyzer().complete(code, at, magics.lineNames(), magics.cellNames());
        return new ReplacementOptions(completion.matches(), completion.start(), completion.end());
    }

    @Override
    public String isComplete(String code) {
        return awaitReady().analyzer().isComplete(code);
    }

    @Override
    public HistoryManager getHistoryManager() {
        return history;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder("java")
                .version(String.valueOf(Runtime.version().feature())) // the language level cells get
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    @Override
    public String getBanner() {
        return "jfairing Java kernel " + KernelVersion.get() + " on Java " + Runtime.version() + " (JShell)";
    }

    @Override
    public List<LanguageInfo.Help> getHelpLinks() {
        return List.of(new LanguageInfo.Help(
                "Java API",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/index.html"));
    }

    @Override
    public void interrupt() {
        KernelSession session;
        synchronized (startLock) {
            session = startedSession;
            if (session == null) {
                interruptBeforeStart = true; // startSession hands it to the session under the same lock
                return;
            }
        }
        session.interrupt("interrupted");
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        executor.close();
        outputs.close();
        if (ready.isDone() && !ready.isCompletedExceptionally()) {
            ready.join().evaluator().close();
        }
    }

    CellOutputs outputs() {
        return outputs;
    }
}
