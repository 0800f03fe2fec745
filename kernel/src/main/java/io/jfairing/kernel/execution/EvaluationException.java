package io.jfairing.kernel.execution;

import io.jfairing.kernel.spi.CellException;
import java.util.List;

/** The user's code threw; the traceback shows the user's frames with cell line numbers. */
public final class EvaluationException extends CellException {
    private static final long serialVersionUID = 1L;

    EvaluationException(String exceptionClass, String message, List<String> traceback) {
        super(exceptionClass, message, traceback);
    }
}
