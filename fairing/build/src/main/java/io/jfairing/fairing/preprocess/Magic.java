package io.jfairing.fairing.preprocess;

/**
 * A magic of a cell: {@code %name arguments} or, for a cell magic, {@code %%name arguments} and a body.
 *
 * @param cell whose it is ({@code NotebookCell#label()})
 */
public record Magic(String cell, String name, String arguments, String body, boolean cellMagic, int line) {
    @Override
    public String toString() {
        return (cellMagic ? "%%" : "%") + name + (arguments.isEmpty() ? "" : " " + arguments) + " (" + cell + ", line "
                + (line + 1) + ")";
    }
}
