package io.jfairing.kernel.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java installation on this machine, as its {@code release} file describes it: where it is, its feature version
 * (17, 25, ...) and whether it has {@code jdk.jshell} (a JDK the kernel can run on, not a JRE).
 *
 * @param home the installation's folder (holding {@code bin/java} and {@code release})
 * @param feature the feature version ({@code Runtime.Version#feature()})
 * @param modules the modules it holds
 */
public record KernelJdk(Path home, int feature, Set<String> modules) {
    /** The first release that can record an AOT cache (JEP 483); older ones record a CDS archive instead. */
    public static final int FIRST_WITH_AOT_CACHE = 24;

    private static final Pattern VERSION = Pattern.compile("^(?:1\\.)?(\\d+)");

    public KernelJdk {
        modules = Set.copyOf(modules);
    }

    /** The runtime running this code. */
    public static KernelJdk current() {
        return new KernelJdk(
                Path.of(System.getProperty("java.home")),
                Runtime.version().feature(),
                ModuleLayer.boot().modules().stream()
                        .map(Module::getName)
                        .collect(java.util.stream.Collectors.toSet()));
    }

    /** Reads the {@code release} file of the installation at {@code home}; empty when it is not a Java installation. */
    public static Optional<KernelJdk> at(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(release, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + release, e);
        }
        String version = value(lines, "JAVA_VERSION");
        Matcher feature = VERSION.matcher(version);
        if (!feature.find()) {
            return Optional.empty();
        }
        return Optional.of(new KernelJdk(
                home,
                Integer.parseInt(feature.group(1)),
                Set.of(value(lines, "MODULES").split("\\s+"))));
    }

    /**
     * The installation that the {@code java} executable at {@code java} belongs to ({@code HOME/bin/java}, links
     * followed).
     *
     * @throws IllegalArgumentException when it is not the {@code bin/java} of a Java installation
     */
    public static KernelJdk ofExecutable(Path java) {
        Path executable = Files.isDirectory(java) ? java.resolve("bin/java") : java;
        if (!Files.isExecutable(executable)) {
            throw new IllegalArgumentException("--java " + java + ": no java executable there");
        }
        Path real;
        try {
            real = executable.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("--java " + java + ": " + e.getMessage(), e);
        }
        Path home = real.getParent() == null ? null : real.getParent().getParent();
        return Optional.ofNullable(home)
                .flatMap(KernelJdk::at)
                .orElseThrow(() -> new IllegalArgumentException(
                        "--java " + java + ": not the bin/java of a JDK (no release file beside its bin folder)"));
    }

    /** Its {@code bin/java}. */
    public Path java() {
        return home.resolve("bin/java");
    }

    /** Whether the kernel can run on it: JShell is there (a JDK, not a JRE) and it is Java 17 or newer. */
    public boolean canRunKernel() {
        return feature >= 17 && modules.contains("jdk.jshell");
    }

    /** Whether it records an AOT cache ({@code -XX:AOTCacheOutput}) rather than a CDS archive. */
    public boolean hasAotCache() {
        return feature >= FIRST_WITH_AOT_CACHE;
    }

    private static String value(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1).replace("\"", "").strip();
            }
        }
        return "";
    }
}
