package io.jfairing.fairing.cli.output;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --output text|json}: tables for people, JSON for scripts. */
public final class OutputOptions {
    public enum Format {
        TEXT,
        JSON
    }

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            defaultValue = "text",
            converter = FormatConverter.class,
            completionCandidates = FormatNames.class,
            description = "text or json (default: ${DEFAULT-VALUE}).")
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

    /** {@code text} or {@code json}, in any case (whatever the command line's enum setting). */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not text or json");
            }
        }
    }

    /** What shell completion offers. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("text", "json").iterator();
        }
    }
}
