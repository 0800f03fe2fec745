package io.jfairing.runtime.cell;

/**
 * IJava's magic as an expression: a line magic after an assignment's {@code =} ({@code List<String> added =
 * %jars lib/*.jar}, {@code var jars = %maven g:a:v}) runs when the code does and gives its value. The magic takes
 * the rest of its line (a trailing {@code ;} ends it); in string literals and comments nothing changes.
 */
public final class MagicExpressions {
    private static final String CALL = LineMagicCall.class.getName() + ".call(";

    private MagicExpressions() {}

    /** {@code code} with each magic expression replaced by a call that runs it; offsets before each are kept. */
    public static String rewrite(String code) {
        if (code.indexOf('%') < 0) {
            return code;
        }
        StringBuilder out = new StringBuilder(code.length() + 64);
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                i = copyTo(code, out, i, lineEnd(code, i));
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = copyTo(code, out, i, end < 0 ? n : end + 2);
            } else if (code.startsWith("\"\"\"", i)) {
                i = copyTo(code, out, i, literalEnd(code, i + 3, "\"\"\""));
            } else if (c == '"' || c == '\'') {
                i = copyTo(code, out, i, literalEnd(code, i + 1, String.valueOf(c)));
            } else if (c == '=' && isAssignment(code, i) && magicStart(code, i + 1) >= 0) {
                int start = magicStart(code, i + 1);
                int end = lineEnd(code, start);
                out.append(code, i, start).append(call(code.substring(start + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int copyTo(String code, StringBuilder out, int from, int to) {
        out.append(code, from, to);
        return to;
    }

    private static int lineEnd(String code, int from) {
        int end = code.indexOf('\n', from);
        return end < 0 ? code.length() : end;
    }

    /** The index after a literal's closing quote (or the end of the line for a character or string literal). */
    private static int literalEnd(String code, int from, String quote) {
        int limit = quote.length() == 3 ? code.length() : lineEnd(code, from);
        for (int i = from; i < limit; i++) {
            if (code.charAt(i) == '\\') {
                i++;
            } else if (code.startsWith(quote, i)) {
                return i + quote.length();
            }
        }
        return limit;
    }

    /** A plain {@code =}, not part of {@code ==}, {@code <=}, {@code +=} and the like. */
    private static boolean isAssignment(String code, int at) {
        char before = at > 0 ? code.charAt(at - 1) : ' ';
        char after = at + 1 < code.length() ? code.charAt(at + 1) : ' ';
        return "=!<>+-*/%&|^".indexOf(before) < 0 && after != '=';
    }

    /** Where {@code %name} starts after {@code from} and blanks, or -1. */
    private static int magicStart(String code, int from) {
        int i = from;
        while (i < code.length() && (code.charAt(i) == ' ' || code.charAt(i) == '\t')) {
            i++;
        }
        boolean magic =
                i + 1 < code.length() && code.charAt(i) == '%' && Character.isJavaIdentifierStart(code.charAt(i + 1));
        return magic ? i : -1;
    }

    private static String call(String magic) {
        String text = magic.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        int space = 0;
        while (space < text.length() && !Character.isWhitespace(text.charAt(space))) {
            space++;
        }
        return CALL + literal(text.substring(0, space)) + ", "
                + literal(text.substring(space).strip()) + ");";
    }

    /** A Java string literal of {@code text}. */
    private static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
