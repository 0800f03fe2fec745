package io.jfairing.kernel.spi;

import io.jfairing.runtime.cell.CellPart;
import java.util.List;

/**
 * A cell the session ran.
 *
 * @param executionCount the cell's number, {@code In [n]}
 * @param source the cell as the user wrote it
 * @param parts its code and magics in order
 * @param status how it ended ({@link Status#RUNNING} while a before-hook sees it)
 */
public record ExecutedCell(int executionCount, String source, List<CellPart> parts, Status status) {
    public enum Status {
        RUNNING,
        OK,
        ERROR
    }

    public ExecutedCell {
        parts = List.copyOf(parts);
    }

    public ExecutedCell withStatus(Status newStatus) {
        return new ExecutedCell(executionCount, source, parts, newStatus);
    }
}
