package io.jfairing.kernel.execution;

import io.jfairing.kernel.spi.CellException;
import java.util.List;

/** The cell does not compile; the traceback points at the cell line and column of each error. */
public final class CompilationException extends CellException {
    private static final long serialVersionUID = 1L;

    CompilationException(String message, List<String> traceback) {
        super("CompilationException", message, traceback);
    }
}
