package io.jfairing.runtime.use;

/** A preset that cannot be found or read; the message says which and why. */
public final class PresetException extends RuntimeException {
    public PresetException(String message) {
        super(message);
    }
}
