package io.jfairing.fairing.deploy;

/** A job description that cannot become a manifest; thrown before anything is created. */
public final class InvalidJobSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidJobSpecException(String message) {
        super(message);
    }
}
