package io.jfairing.runtime.cell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * IJava's magic as an expression: a line magic after an assignment's {@code =} ({@code List<String> added =
 * %jars lib/*.jar}, {@code var jars = %maven g:a:v}) runs when the code does and gives its value. The magic takes
 * the rest of its line (a trailing {@code ;} ends it); in string literals and comments nothing changes.
 */
public final class MagicExpressions {
    private static final String CALL = LineMagicCall.class.getName() + ".call(";

    private MagicExpressions() {}

    /**
     * A magic used as a value: {@code %name arguments}, as {@link LineMagicCall#call(String, String)} receives it.
     *
     * @param name the magic's name ({@code jars})
     * @param arguments the rest of its line, stripped, without a trailing {@code ;}
     * @param line its line in the code, 0-based
     */
    public record Expression(String name, String arguments, int line) {
        @Override
        public String toString() {
            return "%" + name + (arguments.isEmpty() ? "" : " " + arguments);
        }
    }

    /** {@code code} with each magic expression replaced by a call that runs it; offsets before each are kept. */
    public static String rewrite(String code) {
        return transform(
                code, expression -> CALL + literal(expression.name()) + ", " + literal(expression.arguments()) + ");");
    }

    /** The magic expressions in {@code code}, in order (none in string literals and comments). */
    public static List<Expression> find(String code) {
        List<Expression> found = new ArrayList<>();
        transform(code, expression -> {
            found.add(expression);
            return "";
        });
        return List.copyOf(found);
    }

    private static String transform(String code, Function<Expression, String> replacement) {
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
                out.append(code, i, start)
                        .append(replacement.apply(expression(code.substring(start + 1, end), lineOf(code, start))));
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

    private static int lineOf(String code, int at) {
        int line = 0;
        for (int i = code.indexOf('\n'); i >= 0 && i < at; i = code.indexOf('\n', i + 1)) {
            line++;
        }
        return line;
    }

    private static Expression expression(String magic, int line) {
        String text = magic.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        int space = 0;
        while (space < text.length() && !Character.isWhitespace(text.charAt(space))) {
            space++;
        }
        return new Expression(text.substring(0, space), text.substring(space).strip(), line);
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
