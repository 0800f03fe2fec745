package io.jfairing.kernel.output;

import io.github.spencerpark.jupyter.channels.JupyterInputStream;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.messages.publish.PublishClearOutput;
import io.github.spencerpark.jupyter.messages.publish.PublishDisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import io.github.spencerpark.jupyter.messages.publish.PublishUpdateDisplayData;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

    private final PublishingOutputStream outBuffer =
            new PublishingOutputStream(text -> publishStream(PublishStream.StreamType.OUT, text));
    private final PublishingOutputStream errBuffer =
            new PublishingOutputStream(text -> publishStream(PublishStream.StreamType.ERR, text));
    // No autoflush: the flusher sends what accumulated every FLUSH_INTERVAL_MS, so a loop of println
    // calls becomes a few stream messages, not one per line (which would overrun iopub's queue).
    private final PrintStream out = new PrintStream(outBuffer, false, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBuffer, false, StandardCharsets.UTF_8);
    private final JupyterInputStream stdin = new JupyterInputStream(StandardCharsets.UTF_8);
    private final InputStream in = new FilterInputStream(stdin) {
        @Override
        public int read() throws IOException {
            flush(); // show a prompt before the frontend asks for input
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            flush();
            return super.read(buffer, offset, length);
        }
    };
    private final Set<String> cellDisplayIds = ConcurrentHashMap.newKeySet();
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
        stdin.setEnv(env);
        stdin.setEnabled(allowStdin);
        cellDisplayIds.clear();
        synchronized (payloads) {
            payloads.clear();
        }
    }

    /** Flushes what the cell wrote; later output still goes to this cell. Returns the cell's pager payloads. */
    public List<Map<String, Object>> end() {
        flush();
        stdin.setEnabled(false);
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
        showControlCharacters(data);
        publish(env -> env.publish(new PublishDisplayData(data)));
        cellDisplayIds.add(data.getDisplayId());
        return data.getDisplayId();
    }

    /**
     * Whether {@code value} is the id of a display the running cell created: {@code display(x)} returns its
     * id (as in IJava), and a cell ending with that call should not also show the id as its result.
     */
    public boolean isDisplayIdOfThisCell(Object value) {
        return value instanceof String id && cellDisplayIds.contains(id);
    }

    /** Replaces what an earlier {@link #display} with the same id shows. */
    public void updateDisplay(String displayId, DisplayData data) {
        data.setDisplayId(displayId);
        showControlCharacters(data);
        publish(env -> env.publish(new PublishUpdateDisplayData(data)));
    }

    /** Writes the control characters of {@code data}'s text form visibly (see {@link ControlCharacters}). */
    public static void showControlCharacters(DisplayData data) {
        if (data.getData(MIMEType.TEXT_PLAIN) instanceof String text) {
            data.putText(ControlCharacters.visible(text));
        }
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
        publish(env -> env.publish(new PublishStream(type, ControlCharacters.visible(text))));
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
