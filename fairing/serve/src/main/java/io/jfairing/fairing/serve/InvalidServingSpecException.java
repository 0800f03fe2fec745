package io.jfairing.fairing.serve;

/** A serving description that cannot be deployed; thrown before anything is created. */
public final class InvalidServingSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidServingSpecException(String message) {
        super(message);
    }
}
