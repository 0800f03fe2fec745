package io.jfairing.metadata.query;

import java.util.ArrayList;
import java.util.List;

/** Splits filter and order-by text into tokens. */
final class Lexer {
    private final String what;
    private final String text;
    private int i;

    private Lexer(String what, String text) {
        this.what = what;
        this.text = text;
    }

    static List<Token> tokenize(String what, String text) {
        return new Lexer(what, text).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                out.add(new Token(Token.Kind.EOF, "", i + 1, i + 1));
                return out;
            }
            int start = i;
            char c = text.charAt(i);
            if (c == '(') {
                i++;
                out.add(new Token(Token.Kind.LPAREN, "(", start + 1, i + 1));
            } else if (c == ')') {
                i++;
                out.add(new Token(Token.Kind.RPAREN, ")", start + 1, i + 1));
            } else if (c == ',') {
                i++;
                out.add(new Token(Token.Kind.COMMA, ",", start + 1, i + 1));
            } else if (c == '\'' || c == '"' || c == '`') {
                out.add(quoted(c));
            } else if (c == '=' || c == '!' || c == '<' || c == '>') {
                out.add(operator());
            } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && nextIsNumberStart())) {
                out.add(number());
            } else if (Character.isLetter(c) || c == '_') {
                while (i < text.length() && isIdentPart(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Token.Kind.IDENT, text.substring(start, i), start + 1, i + 1));
            } else {
                throw error(start + 1, "unexpected character '" + c + "'");
            }
        }
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == ':';
    }

    private boolean nextIsNumberStart() {
        int j = i;
        if (text.charAt(j) == '-' || text.charAt(j) == '+') {
            j++;
        }
        if (j < text.length() && text.charAt(j) == '.') {
            j++;
        }
        return j < text.length() && Character.isDigit(text.charAt(j));
    }

    private Token quoted(char quote) {
        int start = i;
        i++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= text.length()) {
                throw error(
                        start + 1,
                        "unterminated " + (quote == '`' ? "quoted key" : "string") + " starting with " + quote);
            }
            char c = text.charAt(i);
            if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    sb.append(quote);
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            sb.append(c);
            i++;
        }
        Token.Kind kind = quote == '\''
                ? Token.Kind.SINGLE_QUOTED
                : quote == '"' ? Token.Kind.DOUBLE_QUOTED : Token.Kind.BACKTICK;
        return new Token(kind, sb.toString(), start + 1, i + 1);
    }

    private Token operator() {
        int start = i;
        char c = text.charAt(i);
        char n = i + 1 < text.length() ? text.charAt(i + 1) : 0;
        String op;
        if ((c == '<' || c == '>' || c == '!' || c == '=') && n == '=') {
            op = c == '=' ? "=" : c + "=";
            i += 2;
        } else if (c == '<' && n == '>') {
            op = "!=";
            i += 2;
        } else if (c == '!') {
            throw error(start + 1, "'!' must be followed by '=' (use != for not equal)");
        } else {
            op = String.valueOf(c);
            i++;
        }
        return new Token(Token.Kind.OP, op, start + 1, i + 1);
    }

    private Token number() {
        int start = i;
        if (text.charAt(i) == '-' || text.charAt(i) == '+') {
            i++;
        }
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int mark = i;
            i++;
            if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
                i++;
            }
            if (i >= text.length() || !Character.isDigit(text.charAt(i))) {
                i = mark;
            } else {
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        if (i < text.length() && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
            throw error(start + 1, "malformed number '" + text.substring(start, Math.min(text.length(), i + 1)) + "'");
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, i), start + 1, i + 1);
    }

    private FilterSyntaxException error(int position, String problem) {
        return new FilterSyntaxException(what, text, position, problem);
    }
}
