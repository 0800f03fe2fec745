package io.jfairing.kernel.magics;

import io.jfairing.kernel.spi.MagicUsageException;
import java.util.ArrayList;
import java.util.List;

/** Splits magic arguments as a POSIX shell would: whitespace separates, quotes group, backslash escapes. */
public final class ArgumentSplitter {
    private ArgumentSplitter() {}

    public static List<String> split(String magic, String text) throws MagicUsageException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\'
                        && quote == '"'
                        && i + 1 < text.length()
                        && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new MagicUsageException(magic, "unterminated " + quote + " quote in: " + text, null);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
