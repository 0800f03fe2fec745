package io.jfairing.kernel.spi;

import java.util.List;

/**
 * One invocation of a magic.
 *
 * @param name the magic's name without {@code %}
 * @param rawArguments the text after the name, as typed
 * @param arguments that text split like a shell would (quotes group, backslash escapes)
 * @param session the session, to evaluate code or read the class path
 */
public record MagicCall(String name, String rawArguments, List<String> arguments, Session session) {
    public MagicCall {
        arguments = List.copyOf(arguments);
    }
}
