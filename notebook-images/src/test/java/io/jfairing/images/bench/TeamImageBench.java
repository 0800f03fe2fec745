package io.jfairing.images.bench;

import io.jfairing.fairing.baseimage.JlinkBaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.Registry;
import io.jfairing.images.builder.BuiltTeamImage;
import io.jfairing.images.builder.LibraryResolver;
import io.jfairing.images.builder.TeamImageBuilder;
import io.jfairing.images.spec.SpecReader;
import io.jfairing.images.spec.TeamImageSpec;
import io.jfairing.images.testing.TeamLibraries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The team image benchmark (issue 8): a data-exploration-like spec with about 16 MiB of real libraries (Guava,
 * Jackson, SQLite JDBC, Commons Compress, Commons IO; from {@code ~/.m2/repository} used as a file repository) and
 * one small team library, on a jlink JDK base, built and pushed to a local registry. Measured: a cold build, an
 * unchanged rebuild (5 times), a new version of one library (commons-io, 5 different versions in a row) and of the
 * team library. Bytes are jfairing's own count of what it sent and the registry's blob store growth.
 *
 * <p>Run with {@code notebook-images/bench/run-image-bench.sh}. Prints a Markdown table.
 */
public final class TeamImageBench {
    private static final List<String> COMMONS_IO = List.of("2.20.0", "2.21.0", "2.22.0", "2.19.0", "2.18.0", "2.17.0");
    private static final int REPEATS = 5;

    private TeamImageBench() {}

    public static void main(String[] args) throws Exception {
        Path kernelJar = Path.of(args.length > 0 ? args[0] : "../kernel/target/jfairing-kernel.jar")
                .toAbsolutePath();
        Path work = Files.createTempDirectory("jfairing-team-bench-");
        try (Registry registry = Registry.plain()) {
            run(work, registry, kernelJar);
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static void run(Path work, Registry registry, Path kernelJar) throws Exception {
        String base = registry.host() + "/bench/jdk:17";
        long t = System.nanoTime();
        JlinkBaseImage.builder()
                .modules(List.of("java.se", "jdk.jshell", "jdk.unsupported", "jdk.zipfs"))
                .insecure(true)
                .build()
                .build(ImageTarget.registry(base).withCredentials(RegistryCredentials.none()));
        double baseSeconds = seconds(t);
        Path team = TeamLibraries.create(Files.createDirectories(work.resolve("team-repo")));
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        TeamImageBuilder builder = TeamImageBuilder.create(kernelJar)
                .withResolver(LibraryResolver.standard()
                        .withLocalRepository(Files.createDirectories(work.resolve("local-repo"))))
                .withCredentials(RegistryCredentials.none())
                .withInsecureRegistries(true)
                .withCacheDirectory(work.resolve("jib-cache"));

        List<String[]> rows = new ArrayList<>();
        long stored = registry.storedBlobBytes();
        t = System.nanoTime();
        BuiltTeamImage cold = builder.build(spec(work, registry, base, m2, team, "2.20.0", "1.0"), "cold");
        double coldSeconds = seconds(t);
        long coldGrowth = registry.storedBlobBytes() - stored;
        long libraryBytes = cold.blobs().stream()
                .filter(b -> !b.baseLayer())
                .mapToLong(BuiltImage.Blob::size)
                .sum();
        rows.add(row("cold build + push (base already in the registry)", coldSeconds, cold, coldGrowth));

        List<Double> unchanged = new ArrayList<>();
        BuiltTeamImage same = null;
        for (int i = 0; i < REPEATS; i++) {
            stored = registry.storedBlobBytes();
            t = System.nanoTime();
            same = builder.build(spec(work, registry, base, m2, team, "2.20.0", "1.0"), "cold");
            unchanged.add(seconds(t));
            if (!same.digest().equals(cold.digest()) || registry.storedBlobBytes() != stored) {
                throw new IllegalStateException("an unchanged rebuild changed the image");
            }
        }
        rows.add(row("unchanged rebuild (median of " + REPEATS + ")", median(unchanged), same, 0));

        List<Double> changed = new ArrayList<>();
        List<Long> growths = new ArrayList<>();
        BuiltTeamImage last = null;
        for (int i = 1; i < COMMONS_IO.size(); i++) {
            stored = registry.storedBlobBytes();
            t = System.nanoTime();
            last = builder.build(spec(work, registry, base, m2, team, COMMONS_IO.get(i), "1.0"), "io-" + i);
            changed.add(seconds(t));
            growths.add(registry.storedBlobBytes() - stored);
        }
        rows.add(row(
                "commons-io " + COMMONS_IO.get(0) + " -> another version (median of " + (COMMONS_IO.size() - 1) + ")",
                median(changed),
                last,
                growths.get(growths.size() / 2)));

        stored = registry.storedBlobBytes();
        t = System.nanoTime();
        BuiltTeamImage teamChange = builder.build(
                spec(work, registry, base, m2, team, COMMONS_IO.get(COMMONS_IO.size() - 1), "1.1"), "team");
        rows.add(row("team library stats 1.0 -> 1.1", seconds(t), teamChange, registry.storedBlobBytes() - stored));

        System.out.printf(
                Locale.ROOT,
                "%nbase image (jlink JDK with jdk.jshell, FROM scratch): %.2f s; our layers in the cold image: %s%n%n",
                baseSeconds,
                human(libraryBytes));
        System.out.println("| step | time | bytes pushed (jfairing's count) | registry growth | blobs pushed |");
        System.out.println("|---|---:|---:|---:|---|");
        rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
        System.out.println();
        System.out.println("commons-io change runs: "
                + changed.stream()
                        .map(s -> String.format(Locale.ROOT, "%.2f s", s))
                        .toList());
        System.out.println("unchanged runs: "
                + unchanged.stream()
                        .map(s -> String.format(Locale.ROOT, "%.2f s", s))
                        .toList());
        System.out.println("layers: "
                + cold.layers().stream()
                        .map(l -> l.name() + " (" + l.files() + ")")
                        .toList());
    }

    private static TeamImageSpec spec(
            Path work, Registry registry, String base, Path m2, Path team, String commonsIo, String stats)
            throws Exception {
        Path file = work.resolve("explore.yaml");
        Files.writeString(file, """
                name: explore
                image: %s/bench/explore
                base: %s
                java: {from: base, home: /opt/jre}
                libraries:
                  - com.google.guava:guava:32.1.2-jre
                  - com.fasterxml.jackson.core:jackson-databind:2.20.1
                  - org.xerial:sqlite-jdbc:3.50.3.0
                  - org.apache.commons:commons-compress:1.28.0
                  - commons-io:commons-io:%s
                  - com.example.team:stats:%s
                repositories:
                  - {id: m2, url: "%s"}
                  - {id: team, url: "%s"}
                """.formatted(registry.host(), base, commonsIo, stats, m2.toUri(), team.toUri()));
        return SpecReader.read(file);
    }

    private static String[] row(String step, double seconds, BuiltTeamImage image, long growth) {
        List<String> pushed = image.blobs().stream()
                .filter(BuiltImage.Blob::pushed)
                .map(b -> human(b.size()))
                .toList();
        return new String[] {
            step,
            String.format(Locale.ROOT, "%.2f s", seconds),
            human(image.bytesPushed()),
            human(growth),
            pushed.size() > 4 ? pushed.size() + " blobs" : String.join(" + ", pushed)
        };
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
