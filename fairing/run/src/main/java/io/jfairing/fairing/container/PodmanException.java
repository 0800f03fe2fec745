package io.jfairing.fairing.container;

import io.jfairing.fairing.FairingException;

/** A podman command failed or could not be started; the message carries podman's own error. */
public class PodmanException extends FairingException {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    public PodmanException(String message, CommandResult result) {
        super(message);
        this.result = result;
    }

    public PodmanException(String message, Throwable cause) {
        super(message, cause);
        this.result = null;
    }

    /** The failed command, or null when it could not be started. */
    public CommandResult result() {
        return result;
    }
}
