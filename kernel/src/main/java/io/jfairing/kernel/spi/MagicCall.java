package io.jfairing.kernel.spi;

import java.util.List;

/**
 * One invocation of a magic.
 *
 * @param name the magic's name without {@code %}
 * @param rawArguments the text after the name, as typed
 * @param arguments that text split like a shell would (quotes group, backslash escapes)
 * @param session the session, to evaluate code or read the class path
 * @param valueUsed whether Java code takes the magic's value ({@code List<String> jars = %jars *.jar}, IJava's
 *     magic as an expression); a magic whose value only code wants returns it only then, so that the magic alone
 *     on its line shows no result
 */
public record MagicCall(String name, String rawArguments, List<String> arguments, Session session, boolean valueUsed) {
    public MagicCall {
        arguments = List.copyOf(arguments);
    }

    /** A magic on a line of its own. */
    public MagicCall(String name, String rawArguments, List<String> arguments, Session session) {
        this(name, rawArguments, arguments, session, false);
    }
}
