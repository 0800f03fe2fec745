package io.jfairing.fairing.serve;

import java.util.Locale;

/** What KServe scales the predictor on ({@code scaleMetric}); the target ({@code scaleTarget}) is in its unit. */
public enum ScaleMetric {
    /** Average CPU utilisation, percent of the request. */
    CPU,
    /** Average memory utilisation, percent of the request. */
    MEMORY,
    /** Requests in flight per replica (Serverless only). */
    CONCURRENCY,
    /** Requests per second per replica (Serverless only). */
    RPS;

    /** The CRD's value: {@code cpu}, {@code memory}, {@code concurrency}, {@code rps}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the metrics only Knative (Serverless mode) scales on. */
    public boolean needsServerless() {
        return this == CONCURRENCY || this == RPS;
    }

    public static ScaleMetric parse(String text) {
        for (ScaleMetric metric : values()) {
            if (metric.name().equalsIgnoreCase(text)) {
                return metric;
            }
        }
        throw new InvalidServingSpecException("unknown scale metric '" + text + "' (cpu, memory, concurrency or rps)");
    }
}
