package io.jfairing.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings of a kernel session, read from the environment that the kernelspec sets.
 *
 * @param compilerOptions javac options for JShell ({@code JFAIRING_COMPILER_OPTS}, space separated)
 * @param cellTimeout a time limit per cell, or zero for none ({@code JFAIRING_CELL_TIMEOUT}: {@code 30s}, {@code 5m}, {@code PT1M})
 * @param ownClasspath the kernel's own jars, so that cells can compile against the runtime API
 * @param workingDirectory where relative paths in magics start
 */
public record KernelOptions(
        List<String> compilerOptions, Duration cellTimeout, List<Path> ownClasspath, Path workingDirectory) {
    public KernelOptions {
        compilerOptions = List.copyOf(compilerOptions);
        ownClasspath = List.copyOf(ownClasspath);
    }

    static KernelOptions fromEnvironment(Map<String, String> env) {
        List<String> compiler = new ArrayList<>();
        String opts = env.getOrDefault("JFAIRING_COMPILER_OPTS", "").strip();
        if (!opts.isEmpty()) {
            compiler.addAll(List.of(opts.split("\\s+")));
        }
        List<Path> own = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                own.add(Path.of(entry).toAbsolutePath());
            }
        }
        return new KernelOptions(
                compiler,
                parseDuration(env.getOrDefault("JFAIRING_CELL_TIMEOUT", "")),
                own,
                Path.of("").toAbsolutePath());
    }

    /** Parses {@code 90}, {@code 90s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT1M}; blank or {@code 0} is none. */
    public static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (value.isEmpty() || value.equals("0") || value.equals("none") || value.equals("off")) {
            return Duration.ZERO;
        }
        try {
            if (value.startsWith("pt") || value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(java.util.Locale.ROOT));
            }
            char unit = value.charAt(value.length() - 1);
            String number = Character.isDigit(unit)
                    ? value
                    : value.substring(0, value.length() - (value.endsWith("ms") ? 2 : 1));
            long amount = Long.parseLong(number.strip());
            if (value.endsWith("ms")) {
                return Duration.ofMillis(amount);
            }
            return switch (unit) {
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use e.g. 30s, 5m, 1h or PT1M");
        }
    }
}
