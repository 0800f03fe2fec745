package io.jfairing.images.server;

/** A notebook server operation failed; {@link #reason()} says how, the message what to do. */
public class NotebookServerException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure a caller may act on. */
    public enum Reason {
        INVALID,
        NOT_FOUND,
        ALREADY_EXISTS,
        FORBIDDEN,
        UNREACHABLE,
        OTHER
    }

    private final Reason reason;

    public NotebookServerException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
