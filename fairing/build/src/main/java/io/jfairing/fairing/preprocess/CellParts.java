package io.jfairing.fairing.preprocess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a cell into Java code and magics with the kernel's rules: a cell whose first non-blank line starts with
 * {@code %%} is a cell magic; any other line starting with {@code %} and a letter is a line magic; the rest is
 * code. Code parts keep their first line so that errors name the cell's own line numbers.
 */
public final class CellParts {
    /** A cell split up: its code parts and its magics, each in order. */
    public record Parsed(List<CodePart> code, List<Magic> magics) {
        public Parsed {
            code = List.copyOf(code);
            magics = List.copyOf(magics);
        }
    }

    private CellParts() {
    }

    public static Parsed parse(String cellLabel, String cell) {
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        List<CodePart> code = new ArrayList<>();
        List<Magic> magics = new ArrayList<>();
        if (first < lines.length && lines[first].stripLeading().startsWith("%%")) {
            String header = lines[first].stripLeading().substring(2);
            String body = String.join("\n", Arrays.copyOfRange(lines, first + 1, lines.length));
            magics.add(new Magic(cellLabel, nameOf(header), argumentsOf(header), body, true, first));
            return new Parsed(code, magics);
        }
        StringBuilder text = new StringBuilder();
        int start = -1;
        for (int i = 0; i < lines.length; i++) {
            String stripped = lines[i].stripLeading();
            if (stripped.startsWith("%") && !stripped.startsWith("%%") && stripped.length() > 1
                    && Character.isJavaIdentifierStart(stripped.charAt(1))) {
                addCode(code, text, start);
                text.setLength(0);
                start = -1;
                String header = stripped.substring(1);
                magics.add(new Magic(cellLabel, nameOf(header), argumentsOf(header), null, false, i));
            } else {
                if (start < 0) {
                    start = i;
                }
                text.append(lines[i]).append('\n');
            }
        }
        addCode(code, text, start);
        return new Parsed(code, magics);
    }

    private static void addCode(List<CodePart> parts, StringBuilder code, int start) {
        if (start >= 0 && !code.toString().isBlank()) {
            String text = code.charAt(code.length() - 1) == '\n' ? code.substring(0, code.length() - 1) : code.toString();
            parts.add(new CodePart(text, start));
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
