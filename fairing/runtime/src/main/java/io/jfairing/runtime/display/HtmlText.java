package io.jfairing.runtime.display;

import java.util.Objects;

/** Text made safe to place in HTML content and in double-quoted attribute values. */
public final class HtmlText {
    private HtmlText() {}

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : Objects.requireNonNull(text).toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
