package io.jfairing.fairing.job;

/** Where a job (or one replica of it) is in its life. */
public enum JobPhase {
    /** Created; not all replicas are running yet (scheduling, pulling the image, starting the JVM). */
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped by {@link JobHandle#cancel()}. */
    CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
