package io.jfairing.fairing.notebook;

import java.util.List;
import java.util.Objects;

/**
 * A notebook: its name (the file name, such as {@code train.ipynb}, or the kernel session's name) and its cells in
 * order. Only what packaging needs is kept: cell types, sources and tags.
 */
public record Notebook(String name, List<NotebookCell> cells) {
    public Notebook {
        Objects.requireNonNull(name, "name");
        cells = List.copyOf(cells);
    }

    /** The cells a kernel session ran, as a notebook (markdown cells have no place there). */
    public static Notebook ofCells(String name, List<NotebookCell> cells) {
        return new Notebook(name, cells);
    }

    public List<NotebookCell> codeCells() {
        return cells.stream().filter(NotebookCell::isCode).toList();
    }
}
