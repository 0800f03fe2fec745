package io.jfairing.metadata;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link Run} buffers {@code logMetric} calls before writing them in batches from a background thread, and
 * how it rides out a server that is away.
 *
 * @param capacity points held in memory before {@code logMetric} blocks (back-pressure; points are never dropped)
 * @param maxBatch points per write (at most {@link Limits#MAX_METRICS_PER_BATCH})
 * @param flushInterval the longest a point waits in the buffer before it is written
 * @param retryFor how long the writer keeps retrying a store it cannot reach (a server restarting, a network
 *     outage) before it gives up; meanwhile points move to a spool file and are re-sent when the store is back
 * @param closeTimeout how long {@link Run#flush()}, {@link Run#end} and {@link Run#close()} wait for a store that
 *     is away before they throw (the points stay in the spool file)
 * @param spoolDir where the spool files go; null: {@code java.io.tmpdir}/jfairing-metadata-spool
 */
public record LogBuffering(
        int capacity, int maxBatch, Duration flushInterval, Duration retryFor, Duration closeTimeout, Path spoolDir) {

    public static final Duration DEFAULT_RETRY_FOR = Duration.ofMinutes(15);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofMinutes(5);

    public static final LogBuffering DEFAULT =
            new LogBuffering(65_536, Limits.MAX_METRICS_PER_BATCH, Duration.ofMillis(200));

    public LogBuffering {
        if (capacity < 1 || maxBatch < 1 || maxBatch > Limits.MAX_METRICS_PER_BATCH) {
            throw new IllegalArgumentException(
                    "capacity must be >= 1 and maxBatch in 1.." + Limits.MAX_METRICS_PER_BATCH);
        }
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive");
        }
        if (retryFor == null || retryFor.isNegative() || closeTimeout == null || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("retryFor and closeTimeout must not be negative");
        }
    }

    /** Default outage handling: retry for 15 minutes, wait up to 5 minutes on close, spool to the temp dir. */
    public LogBuffering(int capacity, int maxBatch, Duration flushInterval) {
        this(capacity, maxBatch, flushInterval, DEFAULT_RETRY_FOR, DEFAULT_CLOSE_TIMEOUT, null);
    }

    /** These settings with other outage limits. */
    public LogBuffering withOutage(Duration retryFor, Duration closeTimeout) {
        return new LogBuffering(capacity, maxBatch, flushInterval, retryFor, closeTimeout, spoolDir);
    }

    /** These settings with another spool directory. */
    public LogBuffering withSpoolDir(Path dir) {
        return new LogBuffering(capacity, maxBatch, flushInterval, retryFor, closeTimeout, dir);
    }

    /** The spool directory in use. */
    public Path spoolDirectory() {
        return spoolDir != null ? spoolDir : Path.of(System.getProperty("java.io.tmpdir"), "jfairing-metadata-spool");
    }
}
