package io.jfairing.fairing.bench;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.baseimage.JlinkBaseImage;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.image.RunnerFiles;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookWriter;
import io.jfairing.fairing.preprocess.DependencyResolver;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.Registry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The image benchmark: a 10-cell notebook with about 30 MB of dependency jars, built and pushed by jfairing (Jib, in
 * this warm JVM, as the kernel's magic would) and by {@code buildah bud} + {@code buildah push} from an equivalent
 * Dockerfile (the same files in the same layer order), against the same local registry, in the same run. Bytes
 * pushed are measured as the registry's growth in stored blobs (for both), and as jfairing counts them.
 *
 * <p>Run with {@code fairing/bench/run-image-bench.sh}. Prints a Markdown table.
 */
public final class ImageBench {
    private static final long TARGET_DEPENDENCY_BYTES = 30L * 1024 * 1024;
    private static final int REPEATS = 5;

    private ImageBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("jfairing-bench-");
        try (Registry registry = Registry.plain()) {
            run(work, registry);
        } finally {
            deleteTree(work);
        }
        System.exit(0);
    }

    private static void run(Path work, Registry registry) throws Exception {
        String base = registry.host() + "/bench/jre:17";
        long t = System.nanoTime();
        JlinkBaseImage.builder()
                .insecure(true)
                .build()
                .build(ImageTarget.registry(base).withCredentials(RegistryCredentials.none()));
        double baseSeconds = seconds(t);

        Path project = Files.createDirectories(work.resolve("project"));
        long dependencyBytes = copyDependencies(project.resolve("libs"));
        Files.createDirectories(project.resolve("data"));
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            csv.append(i).append(',').append(i * 0.5).append('\n');
        }
        Files.writeString(project.resolve("data/points.csv"), csv);
        Path notebook = project.resolve("bench.ipynb");

        // --- jfairing (Jib) ---
        Path cache = work.resolve("jib-cache");
        String target = registry.host() + "/bench/jfairing:latest";
        List<String> rows = new ArrayList<>();
        writeNotebook(notebook, 0, false);
        long stored = registry.storedBlobBytes();
        t = System.nanoTime();
        BuiltImage cold = jfairing(notebook, base, cache).build(registry(target));
        double coldSeconds = seconds(t);
        long coldStored = registry.storedBlobBytes() - stored;

        stored = registry.storedBlobBytes();
        t = System.nanoTime();
        BuiltImage unchanged = jfairing(notebook, base, cache).build(registry(target));
        double unchangedSeconds = seconds(t);
        long unchangedStored = registry.storedBlobBytes() - stored;
        check(unchanged.digest().equals(cold.digest()), "an unchanged rebuild gave another digest");

        double[] changeSeconds = new double[REPEATS];
        long[] changeStored = new long[REPEATS];
        long[] changeCounted = new long[REPEATS];
        double[] compileSeconds = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            writeNotebook(notebook, i + 1, false);
            stored = registry.storedBlobBytes();
            long start = System.nanoTime();
            long[] layersAt = new long[1];
            BuiltImage changed = jfairing(notebook, base, cache)
                    .listener(event -> {
                        if (event instanceof io.jfairing.fairing.image.ImageBuildEvent.Stage stage
                                && stage.name().equals("layers")) {
                            layersAt[0] = System.nanoTime();
                        }
                    })
                    .build(registry(target));
            changeSeconds[i] = seconds(start);
            compileSeconds[i] = (layersAt[0] - start) / 1e9;
            changeStored[i] = registry.storedBlobBytes() - stored;
            changeCounted[i] = changed.bytesPushedOverBase();
        }
        double[] earlySeconds = new double[REPEATS];
        long[] earlyStored = new long[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            writeNotebook(notebook, i + 1, true);
            stored = registry.storedBlobBytes();
            t = System.nanoTime();
            jfairing(notebook, base, cache).build(registry(target));
            earlySeconds[i] = seconds(t);
            earlyStored[i] = registry.storedBlobBytes() - stored;
        }

        // --- buildah, same files, same layer order, same registry ---
        Buildah buildah = new Buildah(work.resolve("buildah"), registry.host());
        Path context = Files.createDirectories(work.resolve("context"));
        writeNotebook(notebook, 0, false);
        stage(context, jfairing(notebook, base, cache).compile(), project);
        Files.writeString(context.resolve("Dockerfile"), dockerfile(base));
        String buildahTarget = registry.host() + "/bench/buildah:latest";
        stored = registry.storedBlobBytes();
        t = System.nanoTime();
        buildah.budAndPush(context, buildahTarget);
        double buildahCold = seconds(t);
        long buildahColdStored = registry.storedBlobBytes() - stored;

        stored = registry.storedBlobBytes();
        t = System.nanoTime();
        buildah.budAndPush(context, buildahTarget);
        double buildahUnchanged = seconds(t);
        long buildahUnchangedStored = registry.storedBlobBytes() - stored;

        double[] buildahChange = new double[REPEATS];
        long[] buildahChangeStored = new long[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            writeNotebook(notebook, i + 1, false);
            CompiledNotebook compiled = jfairing(notebook, base, cache).compile(); // not timed: the same for both
            stage(context, compiled, project);
            stored = registry.storedBlobBytes();
            t = System.nanoTime();
            buildah.budAndPush(context, buildahTarget);
            buildahChange[i] = seconds(t);
            buildahChangeStored[i] = registry.storedBlobBytes() - stored;
        }

        double change = median(changeSeconds);
        double buildahChangeMedian = median(buildahChange);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "10-cell notebook, %.1f MiB of dependency jars (%s), 1000-line input file; base: jlink JRE (%s s to make and push).%n",
                dependencyBytes / 1048576.0,
                String.join(", ", jarNames(project.resolve("libs"))),
                fmt(baseSeconds));
        System.out.printf(
                Locale.ROOT,
                "Machine: %d cores, %s %s. Bytes pushed = growth of the registry's blob store (manifests included); jfairing's own count in brackets.%n%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.println(
                "| step | jfairing (Jib, warm JVM) | bytes pushed | buildah bud + push | bytes pushed | speed-up |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        rows.add(row(
                "cold build + push",
                coldSeconds,
                coldStored,
                cold.bytesPushedOverBase(),
                buildahCold,
                buildahColdStored));
        rows.add(row(
                "unchanged rebuild",
                unchangedSeconds,
                unchangedStored,
                unchanged.bytesPushedOverBase(),
                buildahUnchanged,
                buildahUnchangedStored));
        rows.add(row(
                "one-cell change, 6th of 10 code cells (median of " + REPEATS + ")",
                change,
                median(changeStored),
                median(changeCounted),
                buildahChangeMedian,
                median(buildahChangeStored)));
        rows.add(row(
                "one-cell change, 2nd of 10 code cells (median of " + REPEATS + ")",
                median(earlySeconds),
                median(earlyStored),
                median(earlyStored),
                buildahChangeMedian,
                median(buildahChangeStored)));
        rows.forEach(System.out::println);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "One-cell change, every run: jfairing %s s (2nd cell: %s s); buildah %s s. Of jfairing's time for the 6th cell, "
                        + "preprocess + compile (JShell, only from the changed cell on) took a median %s s.%n",
                list(changeSeconds),
                list(earlySeconds),
                list(buildahChange),
                fmt(median(compileSeconds)));
        System.out.printf(
                Locale.ROOT,
                "Goals: one-cell change under 1.5 s: %s (%s s); at least 5x faster than buildah: %s (%.1fx).%n",
                change < 1.5 ? "met" : "NOT met",
                fmt(change),
                buildahChangeMedian / change >= 5 ? "met" : "NOT met",
                buildahChangeMedian / change);
        System.out.println(
                "(buildah's times do not include compiling the notebook, which it needs as well: that favours buildah.)");
    }

    private static String row(
            String step, double seconds, long stored, long counted, double buildahSeconds, long buildahStored) {
        return String.format(
                Locale.ROOT,
                "| %s | %s s | %s (%s) | %s s | %s | %.1fx |",
                step,
                fmt(seconds),
                bytes(stored),
                bytes(counted),
                fmt(buildahSeconds),
                bytes(buildahStored),
                buildahSeconds / seconds);
    }

    /** The compiler a kernel session would keep between builds. */
    private static final io.jfairing.fairing.compile.CompilerSession COMPILER =
            new io.jfairing.fairing.compile.CompilerSession();

    private static Fairing.Build jfairing(Path notebook, String base, Path cache) {
        return Fairing.notebook(notebook)
                .compiler(COMPILER)
                .parameter("epochs", 5)
                .inputs("data/*.csv")
                .dependencyResolver(DependencyResolver.none())
                .baseImage(BaseImage.registry(base).withCredentials(RegistryCredentials.none()))
                .insecureRegistries(true)
                .cacheDirectory(cache);
    }

    private static ImageTarget registry(String reference) {
        return ImageTarget.registry(reference).withCredentials(RegistryCredentials.none());
    }

    /** Ten code cells (and two markdown ones); {@code variant} changes the 6th code cell only, or the 2nd if {@code early}. */
    static void writeNotebook(Path file, int variant, boolean early) throws IOException {
        List<NotebookCell> cells = new ArrayList<>();
        int n = 1;
        cells.add(NotebookCell.markdown(n++, "# Benchmark notebook\nTen code cells over ~30 MB of jars."));
        cells.add(NotebookCell.code(
                n++, "int epochs = 3;\ndouble rate = 0.1;\nString run = \"bench\";", NotebookCell.PARAMETERS));
        cells.add(NotebookCell.code(
                n++,
                "%jars libs/*.jar\nimport com.google.common.collect.ImmutableList;\nimport com.fasterxml.jackson.databind.ObjectMapper;\n"
                        + (early ? "// variant " + variant + "\n" : "") + "ObjectMapper json = new ObjectMapper();"));
        cells.add(
                NotebookCell.code(
                        n++,
                        "record Point(double x, double y) {}\nList<Point> points = Files.readAllLines(Path.of(\"data/points.csv\")).stream()\n"
                                + "    .map(l -> l.split(\",\")).map(p -> new Point(Double.parseDouble(p[0]), Double.parseDouble(p[1]))).toList();\npoints.size()"));
        cells.add(NotebookCell.code(
                n++,
                "double mean(List<Double> xs) { return xs.stream().mapToDouble(d -> d).average().orElse(0); }\n"
                        + "mean(points.stream().map(Point::y).toList())"));
        cells.add(NotebookCell.markdown(n++, "## Fit a line"));
        cells.add(NotebookCell.code(
                n++,
                "double w = 0, b = 0;\nfor (int e = 0; e < epochs; e++) {\n  double gw = 0, gb = 0;\n"
                        + "  for (Point p : points) { double err = w * p.x() + b - p.y(); gw += err * p.x(); gb += err; }\n"
                        + "  w -= rate * gw / points.size() / 1000; b -= rate * gb / points.size();\n}\n"));
        cells.add(NotebookCell.code(
                n++,
                "System.out.printf(\"epoch %d variant " + (early ? 0 : variant)
                        + ": w=%.4f b=%.4f%n\", epochs, w, b);"));
        cells.add(NotebookCell.code(n++, "ImmutableList<String> names = ImmutableList.of(\"w\", \"b\");\nnames"));
        cells.add(
                NotebookCell.code(
                        n++,
                        "Map<String, Double> model = Map.of(\"w\", w, \"b\", b);\nString saved = json.writeValueAsString(new TreeMap<>(model));"));
        cells.add(NotebookCell.code(n++, "Files.writeString(Path.of(\"model.json\"), saved);\nsaved.length()"));
        cells.add(NotebookCell.code(n, "System.out.println(run + \" done\");"));
        NotebookWriter.write(new Notebook(file.getFileName().toString(), cells), file);
    }

    /** Jars of this JVM's class path, largest first (Guava and Jackson always), until about 30 MB; copied to {@code libs}. */
    private static long copyDependencies(Path libs) throws IOException {
        Files.createDirectories(libs);
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (entry.endsWith(".jar")
                    && Files.isRegularFile(path)
                    && !path.getFileName().toString().startsWith("jfairing")
                    && !entry.contains("junit")
                    && !entry.contains("assertj")
                    && !entry.contains("opentest4j")) {
                jars.add(path);
            }
        }
        jars.sort(Comparator.comparingLong((Path p) -> p.toFile().length())
                .reversed()
                .thenComparing(Path::toString));
        List<Path> chosen = new ArrayList<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            if (name.startsWith("guava-") || name.startsWith("jackson-")) {
                chosen.add(jar);
            }
        }
        long total = chosen.stream().mapToLong(p -> p.toFile().length()).sum();
        for (Path jar : jars) {
            if (total >= TARGET_DEPENDENCY_BYTES) {
                break;
            }
            if (!chosen.contains(jar)) {
                chosen.add(jar);
                total += jar.toFile().length();
            }
        }
        for (Path jar : chosen) {
            Files.copy(jar, libs.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return total;
    }

    private static List<String> jarNames(Path libs) throws IOException {
        try (Stream<Path> list = Files.list(libs)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The buildah context: the same files jfairing puts in its layers. */
    private static void stage(Path context, CompiledNotebook compiled, Path project) throws IOException {
        deleteTree(context.resolve("code"));
        compiled.writeTo(context.resolve("code"));
        if (!Files.isDirectory(context.resolve("libs"))) {
            copyTree(project.resolve("libs"), context.resolve("libs"));
            copyTree(RunnerFiles.classesDirectory(), context.resolve("runner"));
            copyTree(project.resolve("data"), context.resolve("data"));
        }
    }

    /** The Dockerfile a careful person would write for the same image: the changing layer last. */
    static String dockerfile(String base) {
        return "FROM " + base + "\n"
                + "ENV FAIRING_RUNTIME=container JFAIRING_HOME=/app/work/.jfairing HOME=/app/work\n"
                + "COPY libs/ /app/libs/\n"
                + "COPY runner/ /app/runner/\n"
                + "COPY --chown=1000:1000 data/ /app/work/data/\n"
                + "WORKDIR /app/work\n"
                + "USER 1000:1000\n"
                + "ENTRYPOINT [\"java\", \"-cp\", \"/app/runner:/app/code/classes:/app/libs/*\", \"io.jfairing.runtime.runner.NotebookRunner\", \"/app/code/program.txt\"]\n"
                + "COPY code/ /app/code/\n";
    }

    /** buildah with its own storage (vfs) and an insecure-registry config in a temp folder. */
    private static final class Buildah {
        private final Path root;
        private final Map<String, String> env;

        Buildah(Path root, String registry) throws IOException {
            this.root = Files.createDirectories(root);
            Files.writeString(
                    root.resolve("registries.conf"),
                    "[[registry]]\nlocation = \"" + registry + "\"\ninsecure = true\n");
            Files.writeString(
                    root.resolve("containers.conf"),
                    "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=4096:4096\"]\n"
                            + "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n");
            this.env = Map.of(
                    "CONTAINERS_REGISTRIES_CONF",
                    root.resolve("registries.conf").toString(),
                    "CONTAINERS_CONF",
                    root.resolve("containers.conf").toString(),
                    "BUILDAH_ISOLATION",
                    "chroot");
        }

        void budAndPush(Path context, String image) throws IOException, InterruptedException {
            exec(
                    "buildah",
                    "--storage-driver",
                    "vfs",
                    "--root",
                    root.resolve("storage").toString(),
                    "--runroot",
                    root.resolve("run").toString(),
                    "bud",
                    "--isolation",
                    "chroot",
                    "--tls-verify=false",
                    "--layers",
                    "--format",
                    "docker",
                    "-q",
                    "-t",
                    image,
                    context.toString());
            exec(
                    "buildah",
                    "--storage-driver",
                    "vfs",
                    "--root",
                    root.resolve("storage").toString(),
                    "--runroot",
                    root.resolve("run").toString(),
                    "push",
                    "--tls-verify=false",
                    "-q",
                    image,
                    "docker://" + image);
        }

        private void exec(String... command) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Path log = Files.createTempFile(root, "buildah", ".log");
            Process process = builder.redirectOutput(log.toFile()).start();
            if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log));
            }
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static String list(double[] values) {
        return String.join(", ", Arrays.stream(values).mapToObj(ImageBench::fmt).toList());
    }

    private static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.sorted().toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
