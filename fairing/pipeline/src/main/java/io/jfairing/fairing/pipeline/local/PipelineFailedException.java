package io.jfairing.fairing.pipeline.local;

import io.jfairing.fairing.pipeline.PipelineException;

/** A local pipeline run that stopped because a step failed; {@link #run()} holds every step's result. */
public final class PipelineFailedException extends PipelineException {
    private final String step;
    private final transient PipelineRun run;

    PipelineFailedException(String step, String message, PipelineRun run) {
        super(message);
        this.step = step;
        this.run = run;
    }

    /** The step that failed. */
    public String step() {
        return step;
    }

    public PipelineRun run() {
        return run;
    }
}
