package io.jfairing.extensions.magic;

/**
 * An argument picocli accepted but the command cannot use (a malformed {@code KEY=VALUE}, an unknown setting, a
 * run that does not exist): shown with the subcommand's usage, without a stack trace.
 */
public final class ArgumentException extends io.jfairing.fairing.cli.UsageException {
    private static final long serialVersionUID = 1L;

    public ArgumentException(String message) {
        super(message);
    }
}
