package io.jfairing.metadata;

import java.time.Duration;

/**
 * How a {@link Run} buffers {@code logMetric} calls before writing them in batches from a background thread.
 *
 * @param capacity points held in memory before {@code logMetric} blocks (back-pressure; points are never dropped)
 * @param maxBatch points per write (at most {@link Limits#MAX_METRICS_PER_BATCH})
 * @param flushInterval the longest a point waits in the buffer before it is written
 */
public record LogBuffering(int capacity, int maxBatch, Duration flushInterval) {

  public static final LogBuffering DEFAULT = new LogBuffering(65_536, Limits.MAX_METRICS_PER_BATCH, Duration.ofMillis(200));

  public LogBuffering {
    if (capacity < 1 || maxBatch < 1 || maxBatch > Limits.MAX_METRICS_PER_BATCH) {
      throw new IllegalArgumentException(
          "capacity must be >= 1 and maxBatch in 1.." + Limits.MAX_METRICS_PER_BATCH);
    }
    if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive");
    }
  }
}
