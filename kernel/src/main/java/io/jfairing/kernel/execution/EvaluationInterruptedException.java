package io.jfairing.kernel.execution;

import io.jfairing.kernel.spi.CellException;

/** The cell was stopped by an interrupt or by its time limit. */
public final class EvaluationInterruptedException extends CellException {
    private static final long serialVersionUID = 1L;

    public EvaluationInterruptedException(String reason) {
        super("EvaluationInterruptedException", reason);
    }
}
