package io.jfairing.fairing.job;

/** A job ended without succeeding; {@link #outcome()} says how. */
public final class JobFailedException extends JobException {
    private static final long serialVersionUID = 1L;
    private final transient JobOutcome outcome;

    public JobFailedException(JobOutcome outcome) {
        super(outcome.describe());
        this.outcome = outcome;
    }

    public JobOutcome outcome() {
        return outcome;
    }
}
