package io.jfairing.fairing.pipeline.kfp;

import java.util.List;

/**
 * A run on Kubeflow Pipelines as the v2beta1 API describes it: its id, display name, state ({@code PENDING},
 * {@code RUNNING}, {@code SUCCEEDED}, {@code SKIPPED}, {@code FAILED}, {@code CANCELING}, {@code CANCELED},
 * {@code PAUSED}), error message, and its tasks.
 */
public record KfpRun(String runId, String displayName, String state, String error, List<Task> tasks) {
    /** A task of the run: its display name, state, pod and error. */
    public record Task(String taskId, String displayName, String state, String podName, String error) {}

    public KfpRun {
        tasks = List.copyOf(tasks);
    }

    /** Whether the run will change no more. */
    public boolean isFinished() {
        return switch (state) {
            case "SUCCEEDED", "SKIPPED", "FAILED", "CANCELED" -> true;
            default -> false;
        };
    }
}
