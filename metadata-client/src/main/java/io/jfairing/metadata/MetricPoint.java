package io.jfairing.metadata;

/**
 * One value of a metric's series.
 *
 * @param key the metric's name, for example {@code loss} or {@code val/accuracy}
 * @param value the value; NaN and infinities are kept
 * @param step the training step (MLflow's default is 0)
 * @param timestamp milliseconds since the epoch
 */
public record MetricPoint(String key, double value, long step, long timestamp) {

    public static MetricPoint of(String key, double value, long step) {
        return new MetricPoint(key, value, step, System.currentTimeMillis());
    }
}
