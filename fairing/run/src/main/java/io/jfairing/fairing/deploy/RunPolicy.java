package io.jfairing.fairing.deploy;

/**
 * How long a job may run and what happens after it: {@code spec.runPolicy} of the Training Operator kinds, the
 * matching fields of a batch Job. Null fields are left out of the manifest (the controller's default applies).
 */
public record RunPolicy(
        Integer ttlSecondsAfterFinished,
        Integer backoffLimit,
        Long activeDeadlineSeconds,
        CleanPodPolicy cleanPodPolicy) {

    /** Training Operator {@code cleanPodPolicy}; batch Jobs have none (their pods go with the TTL). */
    public enum CleanPodPolicy {
        NONE("None"),
        RUNNING("Running"),
        ALL("All");

        private final String value;

        CleanPodPolicy(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    public RunPolicy {
        nonNegative("ttlSecondsAfterFinished", ttlSecondsAfterFinished);
        nonNegative("backoffLimit", backoffLimit);
        if (activeDeadlineSeconds != null && activeDeadlineSeconds <= 0) {
            throw new InvalidJobSpecException(
                    "runPolicy.activeDeadlineSeconds must be positive, got " + activeDeadlineSeconds);
        }
    }

    public static RunPolicy none() {
        return new RunPolicy(null, null, null, null);
    }

    public RunPolicy ttlSecondsAfterFinished(int seconds) {
        return new RunPolicy(seconds, backoffLimit, activeDeadlineSeconds, cleanPodPolicy);
    }

    public RunPolicy backoffLimit(int retries) {
        return new RunPolicy(ttlSecondsAfterFinished, retries, activeDeadlineSeconds, cleanPodPolicy);
    }

    public RunPolicy activeDeadlineSeconds(long seconds) {
        return new RunPolicy(ttlSecondsAfterFinished, backoffLimit, seconds, cleanPodPolicy);
    }

    public RunPolicy cleanPodPolicy(CleanPodPolicy policy) {
        return new RunPolicy(ttlSecondsAfterFinished, backoffLimit, activeDeadlineSeconds, policy);
    }

    public boolean isEmpty() {
        return ttlSecondsAfterFinished == null
                && backoffLimit == null
                && activeDeadlineSeconds == null
                && cleanPodPolicy == null;
    }

    private static void nonNegative(String field, Integer value) {
        if (value != null && value < 0) {
            throw new InvalidJobSpecException("runPolicy." + field + " must be 0 or more, got " + value);
        }
    }
}
