package io.jfairing.kernel.execution;

import io.jfairing.kernel.spi.CellException;

/** The cell ends in the middle of a statement or declaration. */
public final class IncompleteSourceException extends CellException {
    private static final long serialVersionUID = 1L;

    IncompleteSourceException(String message) {
        super("IncompleteSourceException", message);
    }
}
