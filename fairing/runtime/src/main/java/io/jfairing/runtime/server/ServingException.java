package io.jfairing.runtime.server;

/** A request the server answers with an HTTP error status and a JSON body {@code {"error": message}}. */
final class ServingException extends RuntimeException {
    private final int status;

    ServingException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
