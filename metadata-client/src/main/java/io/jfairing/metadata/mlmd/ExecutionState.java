package io.jfairing.metadata.mlmd;

/** MLMD's {@code Execution.State}. */
public enum ExecutionState {
    UNKNOWN,
    NEW,
    RUNNING,
    COMPLETE,
    FAILED,
    CACHED,
    CANCELED
}
