package io.jfairing.runtime.display;

import java.lang.reflect.Array;

/**
 * The text form of a value as the kernel shows a cell's result: an array as JShell shows it ({@code int[3] { 1, 2, 3 }},
 * nested arrays included, strings inside arrays quoted), anything else as {@link String#valueOf(Object)}. The kernel
 * and the executed notebook of an image both use it, so that a value reads the same in either.
 */
public final class ValueText {
    private static final int MAX_ELEMENTS = 1000;

    private ValueText() {}

    public static String of(Object value) {
        if (value == null || !value.getClass().isArray()) {
            return String.valueOf(value);
        }
        StringBuilder text = new StringBuilder();
        append(text, value, 0);
        return text.toString();
    }

    private static void append(StringBuilder text, Object value, int depth) {
        if (value == null || !value.getClass().isArray()) {
            text.append(value instanceof String string ? '"' + string + '"' : String.valueOf(value));
            return;
        }
        int length = Array.getLength(value);
        text.append(value.getClass().getComponentType().getSimpleName())
                .append('[')
                .append(length)
                .append("] { ");
        if (depth > 8) {
            text.append("... }");
            return;
        }
        for (int i = 0; i < Math.min(length, MAX_ELEMENTS); i++) {
            if (i > 0) {
                text.append(", ");
            }
            append(text, Array.get(value, i), depth + 1);
        }
        if (length > MAX_ELEMENTS) {
            text.append(", ... ").append(length - MAX_ELEMENTS).append(" more");
        }
        text.append(" }");
    }
}
