package io.jfairing.fairing.serve;

import io.jfairing.fairing.FairingException;

/**
 * A deployment or a call to it that failed: the cluster refused (403), the name is taken (409), the API server or the
 * model server is unreachable, the model never became ready, a prediction answered an error. The message says what
 * happened and what to do.
 */
public class ServeException extends FairingException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ServeException(String message) {
        this(message, 0, null);
    }

    public ServeException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public ServeException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status that caused it (of the API server or the model server), or 0. */
    public int status() {
        return status;
    }
}
