package io.jfairing.fairing.job;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a job: its phase, each replica's status, and a one-line message (an operator condition's message,
 * or {@code worker-1 exited with 137 (OOMKilled)}).
 *
 * @param message never null; empty when there is nothing to say
 */
public record JobStatus(
        String name, String backend, JobPhase phase, List<ReplicaStatus> replicas, String message, Instant time) {
    public JobStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(phase, "phase");
        replicas = List.copyOf(replicas);
        message = message == null ? "" : message;
        Objects.requireNonNull(time, "time");
    }

    /** One line: {@code mnist-3f2a: RUNNING (2/2 replicas running)}, plus the message when there is one. */
    public String summary() {
        long running =
                replicas.stream().filter(r -> r.phase() == JobPhase.RUNNING).count();
        long done =
                replicas.stream().filter(r -> r.phase() == JobPhase.SUCCEEDED).count();
        StringBuilder out = new StringBuilder(name).append(": ").append(phase);
        if (!replicas.isEmpty()) {
            out.append(" (");
            if (phase == JobPhase.SUCCEEDED || done > 0) {
                out.append(done).append('/').append(replicas.size()).append(" replicas succeeded");
            } else {
                out.append(running).append('/').append(replicas.size()).append(" replicas running");
            }
            out.append(')');
        }
        if (!message.isEmpty()) {
            out.append(": ").append(message);
        }
        return out.toString();
    }
}
