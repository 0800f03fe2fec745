package io.jfairing.fairing.cli.project;

/** A setting that cannot be read, set or saved; the message names the setting and what it accepts. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
