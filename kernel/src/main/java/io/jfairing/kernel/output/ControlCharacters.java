package io.jfairing.kernel.output;

/**
 * Makes control characters in text a cell shows visible: a NUL byte or a bell in a cell's source, output or
 * result is written {@code \u0000}, {@code \u0007}, as javac names them, instead of reaching the frontend raw.
 * Tab, newline, carriage return, backspace and escape (ANSI colours) are kept: terminals and frontends use them.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    public static String visible(String text) {
        if (text == null) {
            return null;
        }
        int first = firstHidden(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isHidden(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int firstHidden(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isHidden(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isHidden(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\b' && c != 0x1b) || c == 0x7f;
    }
}
