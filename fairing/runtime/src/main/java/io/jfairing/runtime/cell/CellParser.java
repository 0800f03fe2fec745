package io.jfairing.runtime.cell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a cell into code and magics, IJava style: a cell whose first non-blank line starts with {@code %%} is a
 * cell magic; any other line starting with {@code %} and a letter is a line magic; everything else is Java code.
 * Parts keep their first line, so that errors name the cell's own line numbers. The kernel runs the parts; the image
 * build keeps the code and runs the magics it knows at build time.
 */
public final class CellParser {
    private CellParser() {}

    public static List<CellPart> parse(String cell) {
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        List<CellPart> parts = new ArrayList<>();
        if (first < lines.length && lines[first].stripLeading().startsWith("%%")) {
            String header = lines[first].stripLeading().substring(2);
            String body = String.join("\n", Arrays.copyOfRange(lines, first + 1, lines.length));
            parts.add(CellPart.cellMagic(nameOf(header), argumentsOf(header), body, first));
            return parts;
        }
        StringBuilder code = new StringBuilder();
        int codeStart = -1;
        for (int i = 0; i < lines.length; i++) {
            String stripped = lines[i].stripLeading();
            if (stripped.startsWith("%")
                    && !stripped.startsWith("%%")
                    && stripped.length() > 1
                    && Character.isJavaIdentifierStart(stripped.charAt(1))) {
                addCode(parts, code, codeStart);
                code.setLength(0);
                codeStart = -1;
                String header = stripped.substring(1);
                parts.add(CellPart.lineMagic(nameOf(header), argumentsOf(header), i));
            } else {
                if (codeStart < 0) {
                    codeStart = i;
                }
                code.append(lines[i]).append('\n');
            }
        }
        addCode(parts, code, codeStart);
        return parts;
    }

    private static void addCode(List<CellPart> parts, StringBuilder code, int start) {
        if (start >= 0 && !code.toString().isBlank()) {
            String text =
                    code.charAt(code.length() - 1) == '\n' ? code.substring(0, code.length() - 1) : code.toString();
            parts.add(CellPart.code(text, start));
        }
    }

    private static String nameOf(String header) {
        int end = 0;
        while (end < header.length() && !Character.isWhitespace(header.charAt(end))) {
            end++;
        }
        return header.substring(0, end);
    }

    private static String argumentsOf(String header) {
        return header.substring(nameOf(header).length()).strip();
    }
}
