package io.jfairing.kernel;

import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.comm.CommManager;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.publish.PublishError;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteInput;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteResult;
import io.github.spencerpark.jupyter.messages.reply.ErrorReply;
import io.github.spencerpark.jupyter.messages.reply.ExecuteReply;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.jfairing.kernel.execution.CodeAnalyzer;
import io.jfairing.kernel.execution.CodeEvaluator;
import io.jfairing.kernel.history.SessionHistory;
import io.jfairing.kernel.output.CellOutputs;
import io.jfairing.kernel.output.ControlCharacters;
import io.jfairing.kernel.runtime.KernelExit;
import io.jfairing.kernel.spi.CellException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Answers execute_request: publishes the input, runs the cell within its time limit, publishes its result
 * or error, replies, and records it in the history. After a failed cell with {@code stop_on_error} it aborts
 * the cells already queued, as ipykernel does.
 */
final class CellExecutor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CellExecutor.class.getName());
    private static final Pattern DISPLAY_CALL =
            Pattern.compile("(?s).*(^|\\n)\\s*(Display\\.)?display\\s*\\(.*\\)\\s*;?\\s*$");
    private static final Pattern PAGE_REQUEST = Pattern.compile("\\??([\\w.$]+)\\??");

    private final Supplier<KernelState> state;
    private final CellOutputs outputs;
    private final Function<Object, DisplayData> render;
    private final SessionHistory history;
    private final AtomicInteger executionCount;
    private final CommManager comms;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cell-timeout");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Duration cellTimeout;
    private volatile boolean aborting;

    CellExecutor(
            Supplier<KernelState> state,
            CellOutputs outputs,
            Function<Object, DisplayData> render,
            SessionHistory history,
            AtomicInteger executionCount,
            CommManager comms,
            Duration cellTimeout) {
        this.state = state;
        this.outputs = outputs;
        this.render = render;
        this.history = history;
        this.executionCount = executionCount;
        this.comms = comms;
        this.cellTimeout = cellTimeout;
    }

    void setCellTimeout(Duration timeout) {
        this.cellTimeout = timeout;
    }

    /** Called when no more requests are queued: later cells run again after a failure. */
    void stopAborting() {
        aborting = false;
    }

    void handle(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        comms.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        env.setBusyDeferIdle();
        if (aborting) {
            env.reply(new KernelReplies.ExecuteAborted(executionCount.get()));
            return;
        }
        boolean silent = request.isSilent();
        boolean store = request.shouldStoreHistory() && !silent;
        int count = store ? executionCount.getAndIncrement() : executionCount.get();
        if (!silent) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }
        outputs.begin(env, request.isStdinEnabled());
        reportBackgroundExits();
        ScheduledFuture<?> timeout = null;
        try {
            KernelState kernel = state.get();
            timeout = scheduleTimeout(kernel.session());
            CodeEvaluator.Result result =
                    kernel.session().run(pageRequest(request.getCode(), kernel.analyzer()), count);
            cancel(timeout);
            reportBackgroundExits();
            List<Map<String, Object>> payloads = outputs.end();
            String plain = "";
            if (result.hasValue()
                    && result.value() != null
                    && !silent
                    && !endsWithDisplayCall(request.getCode(), result.value())
                    && !isConsole(result.value())) {
                DisplayData data = render.apply(result.value());
                CellOutputs.showControlCharacters(data);
                Object text = data.getData(MIMEType.TEXT_PLAIN);
                plain = text == null ? "" : text.toString();
                env.publish(new PublishExecuteResult(count, data));
            }
            if (store) {
                history.add(count, request.getCode(), plain);
            }
            env.reply(new KernelReplies.ExecuteOk(count, payloads));
        } catch (Exception | Error e) { // an Error too (a magic's NoClassDefFoundError): the cell fails, not the kernel
            cancel(timeout);
            reportBackgroundExits();
            outputs.end();
            if (store) {
                history.add(count, request.getCode(), "");
            }
            CellException error = asCellError(e);
            String name = ControlCharacters.visible(error.errorName());
            String evalue = ControlCharacters.visible(String.valueOf(error.getMessage()));
            List<String> traceback =
                    error.traceback().stream().map(ControlCharacters::visible).toList();
            env.publish(new PublishError(name, evalue, traceback));
            ErrorReply reply = new ErrorReply(name, evalue, traceback);
            reply.setExecutionCount(count);
            env.replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
            aborting = request.shouldStopOnError() && !silent;
        }
    }

    /** Threads that cells started and that called {@code System.exit} since the last look: said on stderr. */
    private void reportBackgroundExits() {
        for (String report : KernelExit.takeBackgroundExits()) {
            outputs.err().println(report);
        }
    }

    /** Stops the cell when it outlives the time limit; {@code null} when there is none. */
    private ScheduledFuture<?> scheduleTimeout(KernelSession session) {
        Duration limit = cellTimeout;
        if (limit == null || limit.isZero()) {
            return null;
        }
        return watchdog.schedule(
                () -> session.interrupt(
                        "the cell ran longer than its time limit of " + limit.toSeconds() + " s and was stopped"),
                limit.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> timeout) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    /**
     * {@code display(x)} returns the display id (as in IJava); a cell that ends with that call shows the
     * output once, not also its id as the cell's result.
     */
    /** {@code System.out.printf(...)} returns the stream: not a result worth showing (Python's print returns None). */
    private static boolean isConsole(Object value) {
        return value == System.out || value == System.err;
    }

    private boolean endsWithDisplayCall(String code, Object value) {
        return outputs.isDisplayIdOfThisCell(value)
                && DISPLAY_CALL.matcher(code).matches();
    }

    /** {@code name?} (or {@code ?name}) alone in a cell pages the inspection of {@code name}, as IPython does. */
    private String pageRequest(String code, CodeAnalyzer analyzer) {
        String text = code.strip();
        java.util.regex.Matcher matcher = PAGE_REQUEST.matcher(text);
        if (!(text.startsWith("?") || text.endsWith("?")) || !matcher.matches()) {
            return code;
        }
        String name = matcher.group(1);
        CodeAnalyzer.Inspection inspection = analyzer.inspect(name, name.length());
        outputs.page(Map.of(
                "text/plain",
                inspection == null
                        ? "No information about " + name
                        : inspection.signature()
                                + (inspection.documentation() == null ? "" : "\n\n" + inspection.documentation())));
        return "";
    }

    private static CellException asCellError(Throwable e) {
        if (e instanceof CellException cell) {
            return cell;
        }
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        LOG.log(Level.SEVERE, "kernel failure while running a cell", e);
        List<String> lines = new ArrayList<>();
        lines.add("The kernel failed while running this cell (a bug in jfairing; please report it):");
        trace.toString().lines().forEach(lines::add);
        return new CellException(e.getClass().getName(), String.valueOf(e.getMessage()), lines);
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
