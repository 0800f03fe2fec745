package io.jfairing.fairing.preprocess;

/**
 * Java code of a cell, without its magic lines.
 *
 * @param code the code
 * @param line the code's first line in the cell, 0-based (so that errors point at the cell's own lines)
 * @param result whether its last expression may be the cell's result: false for the code a {@code %use} line stands
 *     for (its imports, start-up code and renderers), which shows nothing in the kernel either
 */
public record CodePart(String code, int line, boolean result) {
    /** Code of the cell itself. */
    public CodePart(String code, int line) {
        this(code, line, true);
    }
}
