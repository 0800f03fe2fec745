package io.jfairing.metadata;

/** What data a {@link Metrics} artifact was computed on, as in the kubeflow-metadata SDK. */
public enum MetricsType {
    TRAINING,
    VALIDATION,
    TESTING,
    PRODUCTION;

    /** The lower-case form stored in the {@code metrics_type} property. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static MetricsType parse(String s) {
        for (MetricsType t : values()) {
            if (t.name().equalsIgnoreCase(s)) {
                return t;
            }
        }
        throw new InvalidRequestException(
                "unknown metrics type '" + s + "'; expected training, validation, testing or production");
    }
}
