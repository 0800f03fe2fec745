package io.jfairing.fairing.cli;

/**
 * Arguments the parser accepted that the command cannot take (a bad value, a missing file): the message names the
 * argument. The command line answers it with the usage and exit status 2; a magic with its usage in the cell.
 */
public class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
