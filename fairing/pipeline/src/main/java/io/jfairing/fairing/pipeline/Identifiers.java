package io.jfairing.fairing.pipeline;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simple names a piece of Java code refers to (not after a dot, not in comments, strings or text blocks): what a
 * step may read from the steps before it.
 */
final class Identifiers {
    private static final Pattern NOISE = Pattern.compile(
            "\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'|//[^\\n]*|/\\*(?s:.*?)\\*/");
    private static final Pattern NAME = Pattern.compile("(?<![.\\w$@])([A-Za-z_$][\\w$]*)");

    private Identifiers() {}

    static Set<String> in(String code) {
        String plain = NOISE.matcher(code).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = NAME.matcher(plain);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
