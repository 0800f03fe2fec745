package io.jfairing.fairing.job;

import io.jfairing.fairing.FairingException;

/**
 * A job could not be created, found, watched or deleted. The message says what happened and what to do, for
 * instance which operator is missing, which RBAC permission is lacking, or that a job of that name already exists.
 */
public class JobException extends FairingException {
    private static final long serialVersionUID = 1L;

    public JobException(String message) {
        super(message);
    }

    public JobException(String message, Throwable cause) {
        super(message, cause);
    }
}
