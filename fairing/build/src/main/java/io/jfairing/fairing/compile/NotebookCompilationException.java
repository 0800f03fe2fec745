package io.jfairing.fairing.compile;

import io.jfairing.fairing.FairingException;
import java.util.List;

/**
 * The notebook's code does not compile. {@link #getMessage()} names the first error's cell and line
 * ({@code cell 3, line 2: cannot find symbol ...}); {@link #diagnostics()} has each error with the line's text.
 */
public final class NotebookCompilationException extends FairingException {
    private static final long serialVersionUID = 1L;

    /**
     * One error.
     *
     * @param cell the cell's label ({@code cell 3})
     * @param line the line in the cell, 1-based
     * @param column the column, 1-based (0 when unknown)
     * @param message the compiler's message
     * @param sourceLine the text of that line
     */
    public record Diagnostic(String cell, int line, int column, String message, String sourceLine) {
        @Override
        public String toString() {
            return cell + ", line " + line + ": " + message;
        }
    }

    private final transient List<Diagnostic> diagnostics;

    public NotebookCompilationException(List<Diagnostic> diagnostics) {
        super(render(diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    private static String render(List<Diagnostic> diagnostics) {
        StringBuilder text = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(d);
            if (d.sourceLine() != null && !d.sourceLine().isBlank()) {
                text.append("\n    ").append(d.sourceLine());
                if (d.column() > 0) {
                    text.append("\n    ").append(" ".repeat(d.column() - 1)).append('^');
                }
            }
        }
        return text.toString();
    }
}
