package io.jfairing.metadata.query;

/**
 * A lexical token of the filter language.
 *
 * @param text the token's value: for strings and quoted identifiers without the quotes, unescaped
 * @param position 1-based position of the token's first character
 * @param end 1-based position just past the token's last character
 */
record Token(Kind kind, String text, int position, int end) {

    enum Kind {
        IDENT,
        /** `...` */
        BACKTICK,
        /** '...' */
        SINGLE_QUOTED,
        /** "..." : a string, or a key right after {@code metrics.} */
        DOUBLE_QUOTED,
        NUMBER,
        OP,
        LPAREN,
        RPAREN,
        COMMA,
        EOF
    }

    boolean isKeyword(String keyword) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case SINGLE_QUOTED -> "'" + text + "'";
            case DOUBLE_QUOTED -> "\"" + text + "\"";
            case BACKTICK -> "`" + text + "`";
            default -> "'" + text + "'";
        };
    }
}
