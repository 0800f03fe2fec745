package io.jfairing.fairing.cli;

import java.util.Map;

/**
 * Subcommands that modules above fairing add to {@code jfairing} (found with {@link java.util.ServiceLoader}):
 * notebook-images adds {@code images}, {@code notebook} and {@code kernel}. fairing cannot depend on those modules;
 * they depend on fairing and plug in here, so there is one command line whatever jar runs it.
 */
public interface SubcommandProvider {
    /** Name to picocli command (an instance of a {@code @Command} class, or a {@code CommandLine}), in help order. */
    Map<String, Object> subcommands();

    /** Whether {@code failure} is the user's to fix (shown as one line, exit status 1) rather than a bug in jfairing. */
    default boolean isUserError(Throwable failure) {
        return false;
    }
}
