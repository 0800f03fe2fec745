package io.jfairing.kernel.output;

import io.github.spencerpark.jupyter.channels.JupyterInputStream;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishClearOutput;
import io.github.spencerpark.jupyter.messages.publish.PublishDisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import io.github.spencerpark.jupyter.messages.publish.PublishUpdateDisplayData;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where a cell's output goes: stdout and stderr streamed to the frontend while the cell runs, rich
 * display data, display updates, clear_output and pager payloads. Output written when no cell runs goes
 * to the last cell, as ipykernel does.
 */
public final class CellOutputs implements AutoCloseable {
    private static final long FLUSH_INTERVAL_MS = 40;

    private final PublishingOutputStream outBuffer = new PublishingOutputStream(text -> publishStream(PublishStream.StreamType.OUT, text));
    private final PublishingOutputStream errBuffer = new PublishingOutputStream(text -> publishStream(PublishStream.StreamType.ERR, text));
    private final PrintStream out = new PrintStream(outBuffer, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBuffer, true, StandardCharsets.UTF_8);
    private final JupyterInputStream in = new JupyterInputStream(StandardCharsets.UTF_8);
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cell-output-flusher");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Map<String, Object>> payloads = new ArrayList<>();
    private volatile ShellReplyEnvironment env;

    public CellOutputs() {
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** Routes output to the cell of {@code env} until the next cell begins. */
    public void begin(ShellReplyEnvironment env, boolean allowStdin) {
        flush();
        this.env = env;
        in.setEnv(env);
        in.setEnabled(allowStdin);
        synchronized (payloads) {
            payloads.clear();
        }
    }

    /** Flushes what the cell wrote; later output still goes to this cell. Returns the cell's pager payloads. */
    public List<Map<String, Object>> end() {
        flush();
        in.setEnabled(false);
        synchronized (payloads) {
            List<Map<String, Object>> result = List.copyOf(payloads);
            payloads.clear();
            return result;
        }
    }

    public void flush() {
        out.flush();
        err.flush();
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public InputStream in() {
        return in;
    }

    /** Publishes display data; gives it a display id if it has none, and returns that id. */
    public String display(DisplayData data) {
        if (!data.hasDisplayId()) {
            data.setDisplayId(UUID.randomUUID().toString());
        }
        flush();
        publish(env -> env.publish(new PublishDisplayData(data)));
        return data.getDisplayId();
    }

    /** Replaces what an earlier {@link #display} with the same id shows. */
    public void updateDisplay(String displayId, DisplayData data) {
        data.setDisplayId(displayId);
        publish(env -> env.publish(new PublishUpdateDisplayData(data)));
    }

    public void clearOutput(boolean wait) {
        flush();
        publish(env -> env.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW));
    }

    /** Adds a pager payload to the running cell's execute_reply (shown by the frontend's pager). */
    public void page(Map<String, Object> mimeBundle) {
        synchronized (payloads) {
            payloads.add(Map.of("source", "page", "data", Map.copyOf(mimeBundle), "start", 0));
        }
    }

    private void publishStream(PublishStream.StreamType type, String text) {
        publish(env -> env.publish(new PublishStream(type, text)));
    }

    private void publish(java.util.function.Consumer<ShellReplyEnvironment> action) {
        ShellReplyEnvironment current = env;
        if (current != null) {
            action.accept(current);
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        flush();
    }
}
