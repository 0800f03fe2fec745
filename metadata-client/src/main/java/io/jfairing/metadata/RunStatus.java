package io.jfairing.metadata;

import io.jfairing.metadata.mlmd.ExecutionState;

/** The status of a run, as in MLflow. Each maps to an MLMD execution state. */
public enum RunStatus {
    RUNNING(ExecutionState.RUNNING),
    FINISHED(ExecutionState.COMPLETE),
    FAILED(ExecutionState.FAILED),
    KILLED(ExecutionState.CANCELED);

    private final ExecutionState executionState;

    RunStatus(ExecutionState executionState) {
        this.executionState = executionState;
    }

    /** The MLMD execution state recorded for a run in this status. */
    public ExecutionState executionState() {
        return executionState;
    }

    public boolean isTerminal() {
        return this != RUNNING;
    }

    /** Parses a status name, ignoring case. */
    public static RunStatus parse(String s) {
        for (RunStatus status : values()) {
            if (status.name().equalsIgnoreCase(s)) {
                return status;
            }
        }
        throw new InvalidRequestException(
                "unknown run status '" + s + "'; expected one of RUNNING, FINISHED, FAILED, KILLED");
    }
}
