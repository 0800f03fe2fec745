package io.jfairing.extensions.fairing;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.kernel.spi.ExecutedCell;
import io.jfairing.kernel.spi.Session;
import io.jfairing.runtime.cell.CellPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The notebook a kernel session amounts to, for building: the cells that ran without error, in the order they ran,
 * without the {@code %fairing} and {@code %metadata} magics. A cell whose first line is {@code // parameters} is the
 * parameters cell (a kernel does not see cell tags).
 */
final class NotebookSource {
    /** Magics that change the class path: kept from every cell, also for {@code %%fairing train} of one cell. */
    private static final Set<String> CLASSPATH_MAGICS =
            Set.of("maven", "mavenRepo", "jars", "classpath", "loadFromPOM");

    private static final Set<String> OWN_MAGICS = Set.of("fairing", "metadata");
    private static final Pattern PARAMETERS = Pattern.compile("\\A\\s*//\\s*parameters\\b.*", Pattern.DOTALL);

    private NotebookSource() {}

    /** Every cell that ran without error (numbers as {@code In [n]}), or only {@code numbers} when given. */
    static Notebook ofSession(String name, Session session, Set<Integer> numbers) {
        List<NotebookCell> cells = new ArrayList<>();
        for (ExecutedCell cell : session.executedCells()) {
            if (cell.status() != ExecutedCell.Status.OK
                    || !numbers.isEmpty() && !numbers.contains(cell.executionCount())) {
                continue;
            }
            String source = withoutOwnMagics(cell);
            if (source.isBlank()) {
                continue;
            }
            cells.add(
                    PARAMETERS.matcher(source).matches()
                            ? NotebookCell.code(cell.executionCount(), source, NotebookCell.PARAMETERS)
                            : NotebookCell.code(cell.executionCount(), source));
        }
        return Notebook.ofCells(name, cells);
    }

    /** The class-path magics of the session's cells, then {@code body} as the last cell. */
    static Notebook ofCellBody(String name, Session session, int number, String body) {
        List<NotebookCell> cells = new ArrayList<>();
        for (ExecutedCell cell : session.executedCells()) {
            if (cell.status() != ExecutedCell.Status.OK) {
                continue;
            }
            StringBuilder lineMagics = new StringBuilder();
            for (CellPart part : cell.parts()) {
                if (part.kind() == CellPart.Kind.LINE_MAGIC && CLASSPATH_MAGICS.contains(part.name())) {
                    lineMagics
                            .append('%')
                            .append(part.name())
                            .append(' ')
                            .append(part.text())
                            .append('\n');
                } else if (part.kind() == CellPart.Kind.CELL_MAGIC && CLASSPATH_MAGICS.contains(part.name())) {
                    cells.add(NotebookCell.code(
                            cell.executionCount(), "%%" + part.name() + " " + part.text() + "\n" + part.body()));
                }
            }
            if (lineMagics.length() > 0) {
                cells.add(NotebookCell.code(cell.executionCount(), lineMagics.toString()));
            }
        }
        cells.add(NotebookCell.code(number, body));
        return Notebook.ofCells(name, cells);
    }

    private static String withoutOwnMagics(ExecutedCell cell) {
        boolean own =
                cell.parts().stream().anyMatch(p -> p.kind() != CellPart.Kind.CODE && OWN_MAGICS.contains(p.name()));
        if (!own) {
            return cell.source();
        }
        StringBuilder out = new StringBuilder();
        for (CellPart part : cell.parts()) {
            switch (part.kind()) {
                case CODE -> out.append(part.text()).append('\n');
                case LINE_MAGIC -> {
                    if (!OWN_MAGICS.contains(part.name())) {
                        out.append('%')
                                .append(part.name())
                                .append(' ')
                                .append(part.text())
                                .append('\n');
                    }
                }
                case CELL_MAGIC -> {
                    if (!OWN_MAGICS.contains(part.name())) {
                        out.append("%%")
                                .append(part.name())
                                .append(' ')
                                .append(part.text())
                                .append('\n')
                                .append(part.body())
                                .append('\n');
                    }
                }
            }
        }
        return out.toString();
    }
}
