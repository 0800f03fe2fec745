package io.jfairing.fairing.job;

import java.util.Objects;

/**
 * One replica of a job: its name (as in the log prefix, e.g. {@code worker-1}), phase, exit code once it ended, and
 * the reason a runtime gave (e.g. {@code OOMKilled}, {@code ImagePullBackOff}, {@code Error}).
 *
 * @param exitCode null while running or when unknown
 * @param reason   null when there is none
 */
public record ReplicaStatus(String replica, JobPhase phase, Integer exitCode, String reason) {
    public ReplicaStatus {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(phase, "phase");
    }
}
