package io.jfairing.fairing.pipeline.kfp;

import io.jfairing.fairing.pipeline.PipelineException;

/** A call to the Kubeflow Pipelines API that failed, with the HTTP status (0 when none came) and what to do. */
public final class KfpException extends PipelineException {
    private final int status;

    KfpException(int status, String message) {
        super(message);
        this.status = status;
    }

    KfpException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
