package io.jfairing.fairing.notebook;

import io.jfairing.fairing.FairingException;

/** The notebook file cannot be read: not JSON, not nbformat 4, or a required field is missing. */
public final class NotebookFormatException extends FairingException {
    private static final long serialVersionUID = 1L;

    public NotebookFormatException(String message) {
        super(message);
    }

    public NotebookFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
