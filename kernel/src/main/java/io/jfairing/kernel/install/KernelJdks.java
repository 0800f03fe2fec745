package io.jfairing.kernel.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Java installations the installer chooses from: {@code JAVA_HOME}, the one running the installer, and each
 * folder of the system's JVM directory ({@code /usr/lib/jvm} on Debian), each counted once, by its real path.
 */
public final class KernelJdks {
    /** Where Debian, Ubuntu, Fedora and the Temurin packages put JDKs. */
    public static final Path SYSTEM_DIRECTORY = Path.of("/usr/lib/jvm");

    private final List<KernelJdk> found;

    private KernelJdks(List<KernelJdk> found) {
        this.found = List.copyOf(found);
    }

    /** The installations at {@code javaHome} (may be null), the running one, and in {@code systemDirectory}. */
    public static KernelJdks find(String javaHome, Path systemDirectory) {
        Map<Path, KernelJdk> byRealPath = new LinkedHashMap<>();
        List<Path> candidates = new ArrayList<>();
        if (javaHome != null && !javaHome.isBlank()) {
            candidates.add(Path.of(javaHome));
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        if (Files.isDirectory(systemDirectory)) {
            try (Stream<Path> folders = Files.list(systemDirectory)) {
                folders.sorted().forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + systemDirectory, e);
            }
        }
        for (Path candidate : candidates) {
            Path real;
            try {
                real = candidate.toRealPath(); // Debian names each JDK twice (java-1.17.0-openjdk-amd64 -> ...)
            } catch (IOException e) {
                continue; // a dangling link: not an installation
            }
            if (!byRealPath.containsKey(real)) {
                KernelJdk.at(real).ifPresent(runtime -> byRealPath.put(real, runtime));
            }
        }
        return new KernelJdks(new ArrayList<>(byRealPath.values()));
    }

    /** This machine's installations ({@code $JAVA_HOME}, the running one, {@link #SYSTEM_DIRECTORY}). */
    public static KernelJdks onThisMachine() {
        return find(System.getenv("JAVA_HOME"), SYSTEM_DIRECTORY);
    }

    /** All installations found, in the order they were found. */
    public List<KernelJdk> all() {
        return found;
    }

    /** The newest JDK the kernel can run on (the first found among equals: {@code JAVA_HOME} before the others). */
    public Optional<KernelJdk> newestForKernel() {
        return found.stream()
                .filter(KernelJdk::canRunKernel)
                .max(Comparator.comparingInt(KernelJdk::feature).thenComparingInt(runtime -> -found.indexOf(runtime)));
    }

    /** A JDK of the given feature version that the kernel can run on. */
    public Optional<KernelJdk> forKernel(int feature) {
        return found.stream()
                .filter(runtime -> runtime.feature() == feature && runtime.canRunKernel())
                .findFirst();
    }
}
