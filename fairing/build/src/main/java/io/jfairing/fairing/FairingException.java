package io.jfairing.fairing;

/**
 * A failure the user can act on: a malformed notebook, a compile error, a bad parameter, a registry that
 * refuses the push. The message says what is wrong and, where it can, what to do about it.
 */
public class FairingException extends Exception {
    private static final long serialVersionUID = 1L;

    public FairingException(String message) {
        super(message);
    }

    public FairingException(String message, Throwable cause) {
        super(message, cause);
    }
}
