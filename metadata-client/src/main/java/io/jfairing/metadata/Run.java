package io.jfairing.metadata;

import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Event;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A handle on a run, for the code that trains: log params (write-once), metrics (append-only series), tags,
 * inputs and outputs, then end it. Obtain one with {@link MetadataStore#startRun}. Thread-safe.
 *
 * <pre>{@code
 * try (MetadataStore store = MetadataStore.fromEnvironment();
 *      Run run = store.startRun("mnist", "lr=0.01")) {
 *   run.logParam("lr", 0.01);
 *   run.logInput(Dataset.builder().name("mnist").uri("s3://data/mnist").build());
 *   for (int step = 0; step < steps; step++) {
 *     run.logMetric("loss", loss, step);          // buffered: microseconds
 *   }
 *   run.logOutput(Model.builder().name("mnist-cnn").uri("s3://models/1").framework("djl").build());
 * }                                                // flushes, then ends the run FINISHED
 * }</pre>
 *
 * <p>{@code logMetric} only buffers; a background thread writes batches. Params, tags, inputs and outputs are
 * written at once, so a conflicting param fails at the call that logs it. {@link #close()} flushes and, unless
 * the run was ended, ends it {@code FINISHED}; call {@code end(RunStatus.FAILED)} in a catch block to record a
 * failure.
 */
public final class Run implements AutoCloseable {
    private final MetadataStore store;
    private final RunInfo started;
    private final MetricBuffer buffer;
    private final Map<String, Boolean> checkedKeys = new ConcurrentHashMap<>();
    private volatile RunStatus endedWith;

    Run(MetadataStore store, RunInfo info) {
        this.store = store;
        this.started = info;
        this.buffer = new MetricBuffer(
                String.valueOf(info.id()), store.buffering(), batch -> store.logBatch(info.id(), batch));
        if (info.status().isTerminal()) {
            this.endedWith = info.status();
        }
    }

    public long id() {
        return started.id();
    }

    public String name() {
        return started.name();
    }

    public long experimentId() {
        return started.experimentId();
    }

    /** The run as stored now (flushes buffered metrics first). */
    public RunInfo info() {
        flush();
        return store.getRun(id());
    }

    /**
     * Logs a param. Params are write-once: logging the same key again with the same value is a no-op, with another
     * value a {@link ConflictException}.
     *
     * @param value stored as its {@code toString()}
     */
    public Run logParam(String key, Object value) {
        store.logBatch(id(), new RunBatch(null, Map.of(key, paramString(key, value)), null));
        return this;
    }

    /** Logs several params in one transaction: all or none. */
    public Run logParams(Map<String, ?> params) {
        Map<String, String> strings = new LinkedHashMap<>();
        params.forEach((k, v) -> strings.put(k, paramString(k, v)));
        store.logBatch(id(), new RunBatch(null, strings, null));
        return this;
    }

    /** Buffers a point at step 0 (MLflow's default) and the current time. */
    public Run logMetric(String key, double value) {
        return logMetric(key, value, 0, System.currentTimeMillis());
    }

    /** Buffers a point at {@code step} and the current time. */
    public Run logMetric(String key, double value, long step) {
        return logMetric(key, value, step, System.currentTimeMillis());
    }

    /**
     * Buffers a point. The key is checked here (an {@link InvalidRequestException} at once for a bad key); the point
     * is written by a background thread. Blocks only when the buffer is full.
     */
    public Run logMetric(String key, double value, long step, long timestamp) {
        checkMetricKey(key);
        if (timestamp < 0) {
            throw new InvalidRequestException("metric timestamp must not be negative");
        }
        buffer.add(new MetricPoint(key, value, step, timestamp));
        return this;
    }

    /** Buffers several metrics at the same step. */
    public Run logMetrics(Map<String, ? extends Number> values, long step) {
        long now = System.currentTimeMillis();
        values.forEach((k, v) -> logMetric(k, v.doubleValue(), step, now));
        return this;
    }

    /** Writes a batch of metrics, params and tags at once, in one transaction: all or none. */
    public Run logBatch(RunBatch batch) {
        store.logBatch(id(), batch);
        return this;
    }

    /** Sets a tag (tags, unlike params, may be overwritten). */
    public Run setTag(String key, String value) {
        store.logBatch(id(), new RunBatch(null, null, Map.of(key, value)));
        return this;
    }

    /** Records that this run read {@code artifact} (an MLMD INPUT event named after the artifact). */
    public Artifact logInput(LoggableArtifact artifact) {
        return logInput(artifact, null);
    }

    /** Records that this run read {@code artifact}, under the event path {@code path} (e.g. {@code train}). */
    public Artifact logInput(LoggableArtifact artifact, String path) {
        return store.logArtifact(id(), Event.Type.INPUT, path, artifact.toArtifact());
    }

    /** Records that this run wrote {@code artifact} (an MLMD OUTPUT event). */
    public Artifact logOutput(LoggableArtifact artifact) {
        return logOutput(artifact, null);
    }

    public Artifact logOutput(LoggableArtifact artifact, String path) {
        return store.logArtifact(id(), Event.Type.OUTPUT, path, artifact.toArtifact());
    }

    /** Blocks until every metric logged so far is written. */
    public void flush() {
        buffer.flush();
    }

    /**
     * Flushes and records the final status and end time. A store that is away is waited for (at most the close
     * timeout of {@link LogBuffering}).
     */
    public RunInfo end(RunStatus status) {
        flush();
        RunInfo info = endRun(status);
        endedWith = status;
        return info;
    }

    /** Ends the run, retrying while the store cannot be reached (ending again the same way is a no-op). */
    private RunInfo endRun(RunStatus status) {
        long deadline = System.nanoTime() + store.buffering().closeTimeout().toNanos();
        long pause = 100;
        while (true) {
            try {
                return store.endRun(id(), status, null);
            } catch (RuntimeException e) {
                if (e.getClass() != MetadataException.class || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(2000, pause * 2);
            }
        }
    }

    /**
     * Flushes, stops the background writer and, unless {@link #end} was called, ends the run {@code FINISHED}. A
     * store that is away (a server restarting) is waited for, at most {@link LogBuffering#closeTimeout()}; after
     * that the error is thrown, the run is left running and its points stay in the spool file. If the buffered
     * metrics are rejected, the run is ended {@code FAILED} and the error is thrown.
     */
    @Override
    public void close() {
        try {
            buffer.close();
        } catch (RuntimeException e) {
            if (endedWith == null && !(e instanceof MetricBuffer.StillPending)) {
                try {
                    store.endRun(id(), RunStatus.FAILED, null);
                    endedWith = RunStatus.FAILED;
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        if (endedWith == null) {
            endRun(RunStatus.FINISHED);
            endedWith = RunStatus.FINISHED;
        }
    }

    private void checkMetricKey(String key) {
        if (key == null || !checkedKeys.containsKey(key)) {
            Limits.checkKey("metric", key);
            if (checkedKeys.size() < 10_000) {
                checkedKeys.put(key, Boolean.TRUE);
            }
        }
    }

    static String paramString(String key, Object value) {
        if (value == null) {
            throw new InvalidRequestException("param '" + key + "' has no value");
        }
        return value.toString();
    }

    @Override
    public String toString() {
        return "Run[" + id() + " " + name() + "]";
    }
}
