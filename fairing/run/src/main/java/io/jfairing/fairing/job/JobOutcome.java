package io.jfairing.fairing.job;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a job ended. On failure: the replica that failed first, its exit code, the reason its runtime gave
 * ({@code OOMKilled}, {@code ImagePullBackOff}, {@code DeadlineExceeded}, {@code Error}) and its last log lines.
 *
 * @param failedReplica null unless failed
 * @param exitCode      null unless a failed replica's process ended with one
 * @param reason        null unless failed or cancelled
 * @param lastLogLines  the failed replica's last lines (at most {@link #LAST_LINES}); empty on success
 * @param runId         the metadata store's run for this job, or null when none was recorded
 */
public record JobOutcome(
        String jobName,
        JobPhase phase,
        String failedReplica,
        Integer exitCode,
        String reason,
        List<String> lastLogLines,
        Duration duration,
        Long runId) {
    /** How many of the failed replica's last log lines an outcome keeps. */
    public static final int LAST_LINES = 20;

    public JobOutcome {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(phase, "phase");
        if (!phase.isTerminal()) {
            throw new IllegalArgumentException("an outcome needs a terminal phase, not " + phase);
        }
        lastLogLines = List.copyOf(lastLogLines);
        Objects.requireNonNull(duration, "duration");
    }

    public boolean succeeded() {
        return phase == JobPhase.SUCCEEDED;
    }

    /**
     * One paragraph for a user: {@code job mnist-3f2a succeeded in 12.3 s}, or which replica failed, how, and its
     * last log lines.
     */
    public String describe() {
        StringBuilder out = new StringBuilder("job ").append(jobName).append(' ');
        String took = String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        switch (phase) {
            case SUCCEEDED -> out.append("succeeded in ").append(took);
            case CANCELLED -> out.append("was cancelled after ").append(took);
            default -> {
                out.append("failed after ").append(took);
                if (failedReplica != null) {
                    out.append(": replica ").append(failedReplica);
                    if (exitCode != null) {
                        out.append(" exited with ").append(exitCode);
                    }
                }
                if (reason != null) {
                    out.append(" (").append(reason).append(')');
                }
                if (!lastLogLines.isEmpty()) {
                    out.append("\nlast lines of ")
                            .append(failedReplica == null ? "the job" : failedReplica)
                            .append(':');
                    lastLogLines.forEach(line -> out.append("\n  ").append(line));
                }
            }
        }
        return out.toString();
    }

    /** This outcome when it succeeded; otherwise a {@link JobFailedException} carrying it. */
    public JobOutcome orThrow() throws JobFailedException {
        if (!succeeded()) {
            throw new JobFailedException(this);
        }
        return this;
    }
}
