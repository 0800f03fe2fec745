package io.jfairing.fairing.preprocess;

import io.jfairing.fairing.FairingException;

/** A parameter cannot be injected: no parameters cell, an unknown name, or a value of the wrong type. */
public final class ParameterException extends FairingException {
    private static final long serialVersionUID = 1L;

    public ParameterException(String message) {
        super(message);
    }
}
