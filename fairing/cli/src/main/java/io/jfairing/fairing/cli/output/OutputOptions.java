package io.jfairing.fairing.cli.output;

import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code --output text|json}: tables for people, JSON for scripts. */
public final class OutputOptions {
    public enum Format { TEXT, JSON }

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    public Format format = Format.TEXT;

    public boolean json() {
        return format == Format.JSON;
    }

    /** Prints {@code table} as text or JSON. */
    public void print(PrintWriter out, ResultTable table) {
        out.println(json() ? table.toJson() : table.toText());
        out.flush();
    }

    /** Prints a message for people; with {@code --output json} it goes to stderr, keeping stdout JSON only. */
    public void note(PrintWriter out, PrintWriter err, String message) {
        (json() ? err : out).println(message);
        (json() ? err : out).flush();
    }
}
