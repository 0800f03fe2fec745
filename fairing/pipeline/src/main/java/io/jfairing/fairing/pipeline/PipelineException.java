package io.jfairing.fairing.pipeline;

import io.jfairing.fairing.FairingException;

/** A pipeline that cannot be made, compiled or run, with what to change. */
public class PipelineException extends FairingException {
    public PipelineException(String message) {
        super(message);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
