package io.jfairing.kernel.maven;

/**
 * A dependency could not be resolved. The message is meant for the notebook user: it names the coordinates, the
 * repositories that were tried and what went wrong, without a Maven stack trace.
 */
public final class ResolutionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ResolutionException(String message) {
        super(message);
    }

    public ResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
