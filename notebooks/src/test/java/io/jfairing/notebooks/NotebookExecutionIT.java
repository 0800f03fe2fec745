package io.jfairing.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every notebook of this module, in order, with nbconvert on the jfairing kernel installed with its
 * extensions ({@code %fairing}, {@code %metadata}) into a temporary prefix, in a copy of the notebooks folder with
 * its own {@code JFAIRING_HOME} (metadata store, local registry, jobs): the onboarding flow on embedded defaults.
 * Checks the saved outputs: no cell may fail (but those tagged {@code raises-exception}, which must), and each
 * notebook's cells must show what their Markdown promises.
 *
 * <p>Needs {@code /usr/bin/python3} with nbconvert and nbclient, docker-registry, podman and runc
 * ({@code bin/setup-deps}), and, for {@code %maven}, Maven Central.
 */
class NotebookExecutionIT {

    static final String PYTHON = System.getProperty("jfairing.python", "/usr/bin/python3");
    static final int CELL_TIMEOUT_S = 300;
    static final long NOTEBOOK_TIMEOUT_MINUTES = 15;
    static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static final ObjectMapper JSON = new ObjectMapper();

    /** Checks of particular notebooks, beyond "no errors", by file name. */
    static final Map<String, Consumer<Notebook>> CHECKS = Map.of(
            "00-kernel-basics.ipynb", NotebookExecutionIT::checkKernelBasics,
            "01-train-and-track.ipynb", OnboardingChecks::trainAndTrack,
            "02-build-and-run-in-a-container.ipynb", OnboardingChecks::container,
            "03-distributed-training.ipynb", OnboardingChecks::distributed,
            "04-tuning-sweep.ipynb", OnboardingChecks::sweep,
            "05-serving.ipynb", OnboardingChecks::serving,
            "06-compare-runs-and-lineage.ipynb", OnboardingChecks::lineage,
            "07-pipelines.ipynb", OnboardingChecks::pipelines);

    @TempDir
    static Path prefix;

    static String kernelName;
    static Path notebooksDir;
    static Path project;
    static Path home;

    @BeforeAll
    static void installKernel() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path jar = Path.of(System.getProperty("kernel.jar", "../kernel/target/jfairing-kernel.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail("kernel jar not found at " + jar + " (system property kernel.jar); build it with "
                    + "`mvn -pl kernel -am package` or run the whole reactor");
        }
        Path extension = extensionDir();
        if (!Files.isDirectory(extension)) {
            fail("kernel extensions not found at " + extension + " (system property extension.dir); build them with "
                    + "`mvn -pl kernel-extensions -am package` or run the whole reactor");
        }
        notebooksDir = Path.of(System.getProperty("notebooks.dir", "."))
                .toAbsolutePath()
                .normalize();
        requirePython();
        project = Files.createDirectories(prefix.resolve("project"));
        home = Files.createDirectories(prefix.resolve("jfairing-home"));
        OnboardingProject.copy(notebooksDir, project);
        OnboardingProject.configurePodman(home);

        kernelName = "jfairing-nb-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "install",
                "--prefix",
                prefix.toString(),
                "--name",
                kernelName,
                "--extension",
                extension.toString(),
                "--env",
                "JFAIRING_HOME=" + home);
        Result r = run(new ProcessBuilder(cmd).redirectErrorStream(true), 2);
        if (r.exitCode != 0) {
            fail("`" + String.join(" ", cmd) + "` failed (exit " + r.exitCode + "):\n" + r.output);
        }
        assertThat(prefix.resolve("share/jupyter/kernels").resolve(kernelName).resolve("kernel.json"))
                .isRegularFile();
    }

    static Path extensionDir() {
        return Path.of(System.getProperty("extension.dir", "../kernel-extensions/target/extension"))
                .toAbsolutePath();
    }

    /**
     * The registry the notebooks made jfairing start goes with the test (the kernel that started it stops it as it
     * ends; this is for one killed before it could, or a registry the command line started).
     */
    @org.junit.jupiter.api.AfterAll
    static void stopLocalRegistry() throws IOException {
        OnboardingProject.stopRegistry(home);
    }

    @TestFactory
    Stream<DynamicTest> notebooksExecuteCleanly() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(project)) {
            notebooks = files.filter(p -> p.getFileName().toString().endsWith(".ipynb"))
                    .sorted()
                    .toList();
        }
        // -Dnotebooks.only=07 runs the notebooks whose names start with 07 (and 00, which the checks below need)
        String only = System.getProperty("notebooks.only", "");
        if (!only.isBlank()) {
            notebooks = notebooks.stream()
                    .filter(p -> p.getFileName().toString().startsWith(only)
                            || p.getFileName().toString().startsWith("00"))
                    .toList();
        }
        assertThat(notebooks)
                .as("notebooks in %s", notebooksDir)
                .extracting(p -> p.getFileName().toString())
                .contains("00-kernel-basics.ipynb");
        Stream<DynamicTest> executed = notebooks.stream()
                .map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
                    Notebook result = execute(nb);
                    checkNoErrors(result);
                    CHECKS.getOrDefault(nb.getFileName().toString(), n -> {}).accept(result);
                }));
        // then the metadata dashboard over the runs, models and lineage the notebooks recorded
        return Stream.concat(
                executed,
                Stream.of(DynamicTest.dynamicTest(
                        "the dashboard shows the onboarding store",
                        () -> OnboardingDashboard.check(home, extensionDir()))));
    }

    // -- the example notebook ----------------------------------------------

    static void checkKernelBasics(Notebook nb) {
        // %maven resolved commons-math3 and its classes are usable in the next cell
        assertThat(nb.result("stats").path("text/plain").asText())
                .as("mean from commons-math3")
                .isEqualTo("15.0");

        String html = nb.result("table").path("text/html").asText();
        assertThat(html).as("table html").containsPattern("<table");
        for (String header : List.of("statistic", "value")) {
            assertThat(html).containsPattern("<th[^>]*>\\s*" + header + "\\s*</th>");
        }
        for (String cell : List.of("n", "8", "mean", "15.0", "min", "11.0", "max", "25.0", "std dev", "4.90")) {
            assertThat(html).containsPattern("<td[^>]*>\\s*" + cell + "\\s*</td>");
        }
        assertThat(nb.result("table").path("text/plain").asText())
                .as("table text/plain")
                .contains("std dev", "4.90");

        byte[] png = Base64.getMimeDecoder()
                .decode(nb.result("chart").path("image/png").asText());
        assertThat(Arrays.copyOf(png, 8)).as("PNG signature").isEqualTo(PNG_MAGIC);
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(image).as("decoded chart").isNotNull();
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(200);
        assertThat(countPixels(image, 0xE4572E))
                .as("orange bars (above the mean)")
                .isGreaterThan(500);
        assertThat(countPixels(image, 0x17BEBB)).as("teal bars").isGreaterThan(500);

        List<JsonNode> markdown = nb.outputs("markdown");
        assertThat(markdown).as("%%markdown outputs").hasSize(1);
        assertThat(text(markdown.get(0).path("data").path("text/markdown"))).contains("### Findings", "**8**");

        List<JsonNode> progress = nb.outputs("progress");
        assertThat(progress)
                .as("display + updateDisplay leave one output, updated in place")
                .hasSize(1);
        assertThat(progress.get(0).path("output_type").asText()).isEqualTo("display_data");
        assertThat(text(progress.get(0).path("data").path("text/plain"))).isEqualTo("done: 5 of 5 steps");

        assertThat(nb.result("result").path("text/plain").asText()).isEqualTo("8 requests, mean 15.0 ms, max 25.0 ms");
    }

    static long countPixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    static void checkNoErrors(Notebook nb) {
        for (JsonNode cell : nb.codeCells()) {
            String id = cell.path("id").asText();
            assertThat(cell.path("execution_count").isInt())
                    .as("cell %s was executed", id)
                    .isTrue();
            boolean expected = StreamSupport.stream(
                            cell.path("metadata").path("tags").spliterator(), false)
                    .anyMatch(t -> t.asText().equals("raises-exception"));
            boolean failed = false;
            for (JsonNode output : cell.path("outputs")) {
                if (output.path("output_type").asText().equals("error")) {
                    failed = true;
                    if (!expected) {
                        fail("cell " + id + " failed: " + output.path("ename").asText() + ": "
                                + output.path("evalue").asText() + "\n" + text(output.path("traceback")));
                    }
                }
            }
            assertThat(failed)
                    .as("cell %s is tagged raises-exception and must fail", id)
                    .isEqualTo(expected);
        }
    }

    // -- running nbconvert ------------------------------------------------------

    static Notebook execute(Path notebook) throws Exception {
        Path outDir = Files.createDirectories(prefix.resolve("executed"));
        ProcessBuilder pb = new ProcessBuilder(
                        PYTHON,
                        "-m",
                        "jupyter",
                        "nbconvert",
                        "--to",
                        "notebook",
                        "--execute",
                        "--ExecutePreprocessor.kernel_name=" + kernelName,
                        "--ExecutePreprocessor.timeout=" + CELL_TIMEOUT_S,
                        "--ExecutePreprocessor.startup_timeout=120",
                        "--output-dir",
                        outDir.toString(),
                        notebook.getFileName().toString())
                .directory(notebook.getParent().toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        env.put(
                "JUPYTER_RUNTIME_DIR",
                Files.createDirectories(prefix.resolve("runtime")).toString());
        env.put(
                "JUPYTER_DATA_DIR",
                Files.createDirectories(prefix.resolve("data")).toString());
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("JFAIRING_HOME", home.toString());

        Result r = run(pb, NOTEBOOK_TIMEOUT_MINUTES);
        System.out.println(r.output);
        if (r.timedOut) {
            fail("nbconvert did not finish " + notebook.getFileName() + " in " + NOTEBOOK_TIMEOUT_MINUTES + " min:\n"
                    + r.output);
        }
        if (r.exitCode != 0) {
            fail("nbconvert failed on " + notebook.getFileName() + " (exit " + r.exitCode + "):\n" + r.output);
        }
        Path executed = outDir.resolve(notebook.getFileName());
        assertThat(executed).as("executed notebook").isRegularFile();
        return new Notebook(JSON.readTree(executed.toFile()));
    }

    static void requirePython() throws Exception {
        String hint = "; install it with: apt-get install -y jupyter-client jupyter-nbconvert python3-nbclient";
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " not found" + hint);
        }
        Result r = run(
                new ProcessBuilder(PYTHON, "-c", "import jupyter_client, nbconvert, nbclient")
                        .redirectErrorStream(true),
                2);
        if (r.timedOut || r.exitCode != 0) {
            fail(PYTHON + " lacks jupyter_client, nbconvert or nbclient" + hint + "\n" + r.output);
        }
    }

    record Result(int exitCode, boolean timedOut, String output) {}

    static Result run(ProcessBuilder pb, long timeoutMinutes) throws Exception {
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        boolean finished = p.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        return new Result(finished ? p.exitValue() : -1, !finished, out.get(30, TimeUnit.SECONDS));
    }

    /** nbformat stores multi-line strings either as one string or as a list of lines. */
    static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            node.forEach(line -> sb.append(line.asText()));
            return sb.toString();
        }
        return node.asText();
    }

    /** An executed notebook, its cells looked up by their nbformat 4.5 ids. */
    record Notebook(JsonNode json) {

        List<JsonNode> codeCells() {
            return StreamSupport.stream(json.path("cells").spliterator(), false)
                    .filter(c -> c.path("cell_type").asText().equals("code"))
                    .toList();
        }

        /** The first code cell whose source starts with {@code prefix} (generated notebooks have random ids). */
        JsonNode cellStartingWith(String prefix) {
            for (JsonNode c : codeCells()) {
                if (text(c.path("source")).startsWith(prefix)) {
                    return c;
                }
            }
            throw new AssertionError("no code cell starts with " + prefix);
        }

        /** Everything the cell printed or showed as text/plain, in order. */
        String textOf(JsonNode cell) {
            StringBuilder out = new StringBuilder();
            for (JsonNode o : cell.path("outputs")) {
                out.append(
                                o.has("text")
                                        ? text(o.path("text"))
                                        : text(o.path("data").path("text/plain")))
                        .append('\n');
            }
            return out.toString();
        }

        /** {@link #textOf} the first code cell starting with {@code prefix}. */
        String textOf(String prefix) {
            return textOf(cellStartingWith(prefix));
        }

        JsonNode cell(String id) {
            for (JsonNode c : json.path("cells")) {
                if (c.path("id").asText().equals(id)) {
                    return c;
                }
            }
            throw new AssertionError("no cell with id " + id);
        }

        List<JsonNode> outputs(String id) {
            List<JsonNode> outputs = new ArrayList<>();
            cell(id).path("outputs").forEach(outputs::add);
            return outputs;
        }

        /** The data of the cell's one execute_result, with multi-line strings joined. */
        JsonNode result(String id) {
            List<JsonNode> results = outputs(id).stream()
                    .filter(o -> o.path("output_type").asText().equals("execute_result"))
                    .toList();
            assertThat(results)
                    .as("execute_result of cell %s; outputs %s", id, outputs(id))
                    .hasSize(1);
            var data = JSON.createObjectNode();
            results.get(0).path("data").properties().forEach(e -> data.put(e.getKey(), text(e.getValue())));
            return data;
        }
    }
}
