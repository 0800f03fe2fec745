package io.jfairing.fairing.notebook;

import java.util.List;
import java.util.Objects;

/**
 * One cell of a notebook, or one cell a kernel session ran.
 *
 * <p>A kernel's {@code ExecutedCell(executionCount, source, ...)} maps onto {@code NotebookCell.code(executionCount,
 * source)}; a cell of an {@code .ipynb} file gets its 1-based position as {@link #number()}.
 *
 * @param number what error messages call the cell ({@code cell 3}): its position in the notebook, 1-based, or the
 *     kernel's execution count
 * @param type code, markdown or raw
 * @param source the cell's text, lines joined with {@code \n}
 * @param tags the cell's tags ({@code metadata.tags}), such as {@code parameters} or {@code fairing:skip}
 */
public record NotebookCell(int number, Type type, String source, List<String> tags) {
    /** The tag papermill gives the cell whose variables are the notebook's parameters. */
    public static final String PARAMETERS = "parameters";
    /** The tag of the cell that holds the injected parameter values, placed after the parameters cell. */
    public static final String INJECTED_PARAMETERS = "injected-parameters";
    /** Tag of the cell that lets a tuning trial's {@code FAIRING_PARAM_*} override the parameters (added by jfairing). */
    public static final String TUNED_PARAMETERS = "tuned-parameters";
    /** Cells with this tag are left out of the workload. */
    public static final String SKIP = "fairing:skip";
    /** When any cell has this tag, only the tagged cells (and the parameter cells) are in the workload. */
    public static final String INCLUDE = "fairing:include";

    public enum Type {
        CODE,
        MARKDOWN,
        RAW;

        /** The nbformat {@code cell_type}. */
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public NotebookCell {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        tags = List.copyOf(tags);
    }

    public static NotebookCell code(int number, String source, String... tags) {
        return new NotebookCell(number, Type.CODE, source, List.of(tags));
    }

    public static NotebookCell markdown(int number, String source) {
        return new NotebookCell(number, Type.MARKDOWN, source, List.of());
    }

    public boolean isCode() {
        return type == Type.CODE;
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /** A first line that marks the parameters cell where tags are not seen (a kernel session): {@code // parameters}. */
    public static final java.util.regex.Pattern PARAMETERS_MARKER =
            java.util.regex.Pattern.compile("\\A\\s*//\\s*parameters\\b.*", java.util.regex.Pattern.DOTALL);

    /** Whether this is the parameters cell: a code cell tagged {@code parameters}, or whose first line is {@code // parameters}. */
    public boolean isParameters() {
        return isCode()
                && (hasTag(PARAMETERS) || PARAMETERS_MARKER.matcher(source).matches());
    }

    /** How messages name the cell: {@code cell 3}, or {@code cell injected-parameters}. */
    public String label() {
        if (hasTag(INJECTED_PARAMETERS)) {
            return "cell injected-parameters";
        }
        return hasTag(TUNED_PARAMETERS) ? "cell tuned-parameters" : "cell " + number;
    }
}
