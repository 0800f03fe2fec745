package io.jfairing.fairing.preprocess;

import io.jfairing.fairing.notebook.NotebookCell;
import java.util.List;

/**
 * A cell of a workload: the notebook cell (kept whole for the executed notebook) and the Java code to run
 * (empty for markdown and for cells that hold only magics).
 */
public record WorkloadCell(NotebookCell cell, List<CodePart> code) {
    public WorkloadCell {
        code = List.copyOf(code);
    }
}
