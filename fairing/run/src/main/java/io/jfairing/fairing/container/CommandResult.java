package io.jfairing.fairing.container;

import java.util.List;

/** What a podman command did: the command line, its exit code and what it wrote. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The first non-blank line of stderr (podman's {@code Error: ...}), or a generic text. */
    public String error() {
        return stderr.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .reduce((a, b) -> b.startsWith("Error") ? b : a)
                .orElse(String.join(" ", command) + " exited with " + exitCode);
    }
}
