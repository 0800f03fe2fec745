package io.jfairing.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings of a kernel session, read from the environment and the system properties that the kernelspec sets.
 *
 * @param compilerOptions javac options for JShell ({@code JFAIRING_COMPILER_OPTS}, space separated)
 * @param cellTimeout a time limit per cell, or zero for none ({@code JFAIRING_CELL_TIMEOUT}: {@code 30s}, {@code 5m}, {@code PT1M})
 * @param cellClasspath jars and folders that every session's cells start with, as if added with {@code %classpath}
 *     (system property {@value #CLASSPATH_PROPERTY}, {@code dir/*} expanded; an image's preinstalled libraries)
 * @param workingDirectory where relative paths in magics start
 * @param extensions the jars of the kernel extensions installed with the kernel (system property {@value
 *     #EXTENSIONS_PROPERTY}: jars or folders of jars), loaded in a class loader of their own
 */
public record KernelOptions(
        List<String> compilerOptions,
        Duration cellTimeout,
        List<Path> cellClasspath,
        Path workingDirectory,
        List<Path> extensions) {
    /** The system property that names the cells' preinstalled class path. */
    public static final String CLASSPATH_PROPERTY = "jfairing.kernel.classpath";

    /** The system property that names the extensions' jars. */
    public static final String EXTENSIONS_PROPERTY = "jfairing.kernel.extensions";

    public KernelOptions {
        compilerOptions = List.copyOf(compilerOptions);
        cellClasspath = List.copyOf(cellClasspath);
        extensions = List.copyOf(extensions);
    }

    public KernelOptions(
            List<String> compilerOptions, Duration cellTimeout, List<Path> cellClasspath, Path workingDirectory) {
        this(compilerOptions, cellTimeout, cellClasspath, workingDirectory, List.of());
    }

    static KernelOptions fromEnvironment(Map<String, String> env) {
        List<String> compiler = new ArrayList<>();
        String opts = env.getOrDefault("JFAIRING_COMPILER_OPTS", "").strip();
        if (!opts.isEmpty()) {
            compiler.addAll(List.of(opts.split("\\s+")));
        }
        return new KernelOptions(
                compiler,
                parseDuration(env.getOrDefault("JFAIRING_CELL_TIMEOUT", "")),
                entries(System.getProperty(CLASSPATH_PROPERTY, ""), false),
                Path.of("").toAbsolutePath(),
                entries(System.getProperty(EXTENSIONS_PROPERTY, ""), true));
    }

    /**
     * The entries of a class path: {@code dir/*} (and, with {@code folderMeansJars}, a plain folder) stands for the
     * jars in it, sorted by name; a missing entry is skipped, as the launcher does.
     */
    static List<Path> entries(String classpath, boolean folderMeansJars) {
        List<Path> paths = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            boolean wildcard = entry.endsWith("/*") || entry.endsWith(java.io.File.separator + "*");
            Path path = Path.of(wildcard ? entry.substring(0, entry.length() - 2) : entry)
                    .toAbsolutePath();
            if ((wildcard || folderMeansJars) && java.nio.file.Files.isDirectory(path)) {
                try (var files = java.nio.file.Files.list(path)) {
                    files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                            .sorted()
                            .forEach(paths::add);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot list " + path, e);
                }
            } else if (java.nio.file.Files.exists(path)) {
                paths.add(path);
            }
        }
        return paths;
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
