package io.jfairing.kernel.execution;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiler message in the words a cell's author understands: javac's {@code cannot find symbol} with its
 * {@code symbol:} and {@code location:} lines becomes one line, {@code cannot find symbol: variable foo}, naming
 * the location only when it is one of the user's (JShell's wrapper class has a blank name).
 */
final class DiagnosticMessage {
    private static final Pattern SYMBOL_AND_LOCATION = Pattern.compile(
            "(?s)(?<head>[^\\n]*)\\n\\s*symbol:\\s*(?<symbol>[^\\n]*?)\\s*(\\n\\s*location:\\s*(?<location>[^\\n]*?)\\s*)?");
    private static final Pattern WRAPPER = Pattern.compile("(REPL\\.)?\\$JShell\\$\\w*\\.?");

    private DiagnosticMessage() {}

    static String of(String javacMessage) {
        Matcher matcher = SYMBOL_AND_LOCATION.matcher(javacMessage.strip());
        if (!matcher.matches()) {
            return javacMessage;
        }
        String text = matcher.group("head") + ": " + matcher.group("symbol");
        String location = matcher.group("location");
        if (location != null) {
            location = WRAPPER.matcher(location).replaceAll("").strip();
            if (!location.isEmpty() && !location.equals("class") && !location.equals("interface")) {
                text += " (in " + location + ")";
            }
        }
        return text;
    }
}
