package io.jfairing.runtime.cell;

/**
 * A part of a cell, in the order it runs (in the kernel and in an image alike): Java code, a line magic, or a cell magic with its body.
 *
 * @param kind what the part is
 * @param name the magic's name, or {@code null} for code
 * @param text the code, or the magic's arguments
 * @param body a cell magic's body, or {@code null}
 * @param line the part's first line in the cell, 0-based
 */
public record CellPart(Kind kind, String name, String text, String body, int line) {
    public enum Kind {
        CODE,
        LINE_MAGIC,
        CELL_MAGIC
    }

    public static CellPart code(String code, int line) {
        return new CellPart(Kind.CODE, null, code, null, line);
    }

    public static CellPart lineMagic(String name, String arguments, int line) {
        return new CellPart(Kind.LINE_MAGIC, name, arguments, null, line);
    }

    public static CellPart cellMagic(String name, String arguments, String body, int line) {
        return new CellPart(Kind.CELL_MAGIC, name, arguments, body, line);
    }
}
