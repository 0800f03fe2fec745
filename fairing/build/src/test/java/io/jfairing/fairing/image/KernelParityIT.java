package io.jfairing.fairing.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookWriter;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.Containers;
import io.jfairing.fairing.testing.Fixtures;
import io.jfairing.fairing.testing.ImageTestEnvironment;
import io.jfairing.fairing.testing.Tools;
import io.jfairing.runtime.use.PresetCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same notebook run by the jfairing kernel (through nbconvert) and by its image (through podman): the same
 * output, cell by cell (stream text, the text of each display and of each cell's result), for plain cells and for
 * {@code %use} presets (a shipped one at a chosen version, a team's from {@code JFAIRING_USE_PATH}) with magics used as
 * values. Needs the kernel's
 * jar ({@code kernel/target/jfairing-kernel.jar}, or {@code -Djfairing.kernel.jar=...}) and nbconvert; fails without
 * them.
 */
@Tag("slow")
@ExtendWith(ImageTestEnvironment.class)
class KernelParityIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ImageTestEnvironment env = ImageTestEnvironment.get();

    @Test
    void imageOutputMatchesTheKernelsCellByCell() throws Exception {
        Fixtures.greeterJar(dir);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/numbers.csv"), "4\n5\n6\n");
        Path notebook = dir.resolve("parity.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "parity.ipynb",
                        List.of(
                                NotebookCell.markdown(1, "# Parity"),
                                NotebookCell.code(
                                        2, "int epochs = 2;\nString name = \"kernel\";", NotebookCell.PARAMETERS),
                                NotebookCell.code(
                                        3,
                                        "%jars greeter.jar\nimport demo.Greeter;\nSystem.out.println(Greeter.greet(name));"),
                                NotebookCell.code(
                                        4,
                                        "var lines = Files.readAllLines(Path.of(\"data/numbers.csv\"));\nlines.stream().mapToInt(Integer::parseInt).sum()"),
                                NotebookCell.code(
                                        5,
                                        "record Score(String who, double value) {}\nScore best(List<Score> s) {\n"
                                                + "  return s.stream().max(Comparator.comparingDouble(Score::value)).orElseThrow();\n}\n"
                                                + "best(List.of(new Score(\"a\", 1.5), new Score(\"b\", 2.5)))"),
                                NotebookCell.code(
                                        6,
                                        "int twice(int v) { return v * 2; }\nfor (int i = 0; i < epochs; i++) System.out.println(\"step \" + twice(i));"),
                                NotebookCell.code(7, "int twice(int v) { return v * 3; }\ntwice(epochs)"),
                                NotebookCell.code(
                                        8,
                                        "Map<String, Integer> counts = new TreeMap<>();\nfor (String w : \"a b a c b a\".split(\" \")) counts.merge(w, 1, Integer::sum);\ncounts"),
                                NotebookCell.code(
                                        9, "String s = null;\nSystem.out.printf(\"%s %.3f%n\", s, Math.PI);\nepochs"),
                                NotebookCell.code(10, "System.err.println(\"to stderr\");\n\"done\""),
                                NotebookCell.code(11, "display(html(\"<b>x</b>\"))"),
                                // arrays read as JShell shows them (int[3] { 1, 2, 3 }), not [I@1b6d3586
                                NotebookCell.code(12, "new int[] {1, 2, 3}"),
                                NotebookCell.code(13, "new String[] {\"fox\", \"Dog\"}"),
                                NotebookCell.code(14, "display(new double[][] {{1.5}, {2}});\nnew long[0]"))),
                notebook);

        List<String> kernelOutputs = kernelOutputs(executeInKernel(notebook, Map.of()));

        // the image
        BuiltImage image = Fairing.notebook(notebook)
                .inputs("data/*.csv")
                .baseImage(BaseImage.registry(env.baseImage()).withCredentials(RegistryCredentials.none()))
                .insecureRegistries(true)
                .cacheDirectory(env.cache())
                .build(ImageTarget.registry(env.registry().host() + "/parity/nb:1")
                        .withCredentials(RegistryCredentials.none()));
        List<String> imageOutputs = outputs(runImage(image, "parity.ipynb"));

        assertThat(imageOutputs).containsExactlyElementsOf(kernelOutputs);
        assertThat(kernelOutputs.get(3)).contains("Score[who=b, value=2.5]");
        assertThat(kernelOutputs.get(9)).isEqualTo("out:|err:|result:[display_data:HTML]");
        assertThat(kernelOutputs.get(10)).isEqualTo("out:|err:|result:int[3] { 1, 2, 3 }");
        assertThat(kernelOutputs.get(11)).isEqualTo("out:|err:|result:String[2] { \"fox\", \"Dog\" }");
        assertThat(kernelOutputs.get(12))
                .isEqualTo("out:|err:|result:[display_data:double[][2] { double[1] { 1.5 }, double[1] { 2.0 } }]"
                        + "long[0] {  }");
    }

    @Test
    void presetsAndMagicsUsedAsValuesGiveTheKernelsOutput() throws Exception {
        Fixtures.greeterJar(dir);
        Path team = Files.createDirectories(dir.resolve("team-presets"));
        Files.writeString(team.resolve("team-fractions.json"), """
                {"format": 1, "name": "team-fractions", "description": "fractions the team's way",
                 "imports": ["org.apache.commons.math3.fraction.Fraction"],
                 "init": ["String team = \\"ready\\";"],
                 "renderers": [{"type": "org.apache.commons.math3.fraction.Fraction",
                                "code": "html(\\"<i>\\" + value + \\"</i>\\")"}]}
                """);
        Path notebook = dir.resolve("presets.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "presets.ipynb",
                        List.of(
                                NotebookCell.code(1, "%use commons-math@3.6.1, team-fractions"),
                                NotebookCell.code(
                                        2,
                                        "var stats = new DescriptiveStatistics(new double[] {1, 2, 3, 4});\n"
                                                + "team + \" \" + stats.getMean() + \" \" + FastMath.max(2, 3)"),
                                NotebookCell.code(3, "MatrixUtils.createRealMatrix(new double[][] {{1, 2}, {3, 4}})"),
                                NotebookCell.code(4, "new Fraction(1, 3)"),
                                NotebookCell.code(
                                        5,
                                        "List<String> added = %jars greeter.jar\nimport demo.Greeter;\n"
                                                + "Greeter.greet(added.size() + \" \" + Path.of(added.get(0)).getFileName())"),
                                NotebookCell.code(
                                        6,
                                        "List<String> math = %maven org.apache.commons:commons-math3:3.6.1\n"
                                                + "math.stream().map(p -> Path.of(p).getFileName().toString()).toList()"))),
                notebook);
        Map<String, String> teamPath = Map.of(PresetCatalog.PATH_VARIABLE, team.toString());
        Path byKernel = executeInKernel(notebook, teamPath);
        List<String> kernelOutputs = kernelOutputs(byKernel);

        BuiltImage image = Fairing.notebook(notebook)
                .presets(PresetCatalog.fromEnvironment(teamPath, dir.resolve("home")))
                .baseImage(BaseImage.registry(env.baseImage()).withCredentials(RegistryCredentials.none()))
                .insecureRegistries(true)
                .cacheDirectory(env.cache())
                .build(ImageTarget.registry(env.registry().host() + "/parity/presets:1")
                        .withCredentials(RegistryCredentials.none()));
        Path byImage = runImage(image, "presets.ipynb");
        List<String> imageOutputs = outputs(byImage);

        assertThat(imageOutputs).containsExactlyElementsOf(kernelOutputs);
        assertThat(kernelOutputs.get(0)).isEqualTo("out:|err:|result:");
        assertThat(kernelOutputs.get(1)).isEqualTo("out:|err:|result:ready 2.5 3");
        assertThat(kernelOutputs.get(2))
                .as("the preset's renderer: a matrix as a table")
                .contains("c0")
                .contains("3.0");
        assertThat(kernelOutputs.get(3)).isEqualTo("out:|err:|result:HTML");
        assertThat(html(byKernel, 3)).as("the team preset's renderer").isEqualTo("<i>1 / 3</i>");
        assertThat(html(byImage, 3)).isEqualTo("<i>1 / 3</i>");
        assertThat(kernelOutputs.get(4)).isEqualTo("out:|err:|result:hello, 1 greeter.jar");
        assertThat(kernelOutputs.get(5)).isEqualTo("out:|err:|result:[commons-math3-3.6.1.jar]");
    }

    /** The notebook executed by the jfairing kernel through nbconvert, with {@code environment} added to the kernel's. */
    private Path executeInKernel(Path notebook, Map<String, String> environment) throws Exception {
        Path kernelJar = Path.of(System.getProperty("jfairing.kernel.jar", "../../kernel/target/jfairing-kernel.jar"))
                .toAbsolutePath();
        Tools.requireFile(
                kernelJar, "the kernel jar", "build it with mvn -pl kernel -am package (or set -Djfairing.kernel.jar)");
        Tools.requirePythonModules(List.of("nbconvert", "nbclient"), "jupyter-nbconvert python3-nbclient");
        Path prefix = Files.createDirectories(dir.resolve("jupyter"));
        String kernelName = "jfairing-parity-" + ProcessHandle.current().pid();
        assertThat(run(
                        dir,
                        "java",
                        "-jar",
                        kernelJar.toString(),
                        "install",
                        "--prefix",
                        prefix.toString(),
                        "--name",
                        kernelName))
                .isZero();
        Path executedByKernel = dir.resolve("kernel-out");
        ProcessBuilder nbconvert = new ProcessBuilder(
                "/usr/bin/python3",
                "-m",
                "jupyter",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.kernel_name=" + kernelName,
                "--ExecutePreprocessor.timeout=120",
                "--output-dir",
                executedByKernel.toString(),
                notebook.toString());
        nbconvert.environment().putAll(environment);
        nbconvert
                .environment()
                .put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        nbconvert.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        assertThat(run(nbconvert.directory(dir.toFile()))).isZero();
        return executedByKernel.resolve(notebook.getFileName());
    }

    /**
     * {@link #outputs} of a notebook the kernel executed, without what the kernel's magics print about the session
     * ({@code Added 1 jar to the class path.}, {@code Using ...}): it is not the notebook's output.
     */
    private static List<String> kernelOutputs(Path executed) throws Exception {
        return outputs(executed).stream()
                .map(cell -> cell.replaceAll("(?m)(^|out:)Added \\d+ jars? to the class path\\.\n", "$1")
                        .replaceAll("(?m)(^|out:)Using [^\n]*\\.\n", "$1"))
                .toList();
    }

    /** The image run by podman; the executed notebook it wrote. */
    private Path runImage(BuiltImage image, String name) throws Exception {
        Path out = Files.createDirectories(dir.resolve("image-out-" + name));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Containers.Result result =
                env.containers().podmanRun(List.of("-v", out + ":/out"), image.reference(), "--output", "/out/" + name);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return out.resolve(name);
    }

    /** The text/html of the result of the code cell at {@code index} (0-based among code cells). */
    private static String html(Path executed, int index) throws Exception {
        List<JsonNode> code = new ArrayList<>();
        JSON.readTree(executed.toFile()).get("cells").forEach(cell -> {
            if (cell.get("cell_type").asText().equals("code")) {
                code.add(cell);
            }
        });
        for (JsonNode output : code.get(index).get("outputs")) {
            if (output.has("data") && output.get("data").has("text/html")) {
                return text(output.get("data").get("text/html"));
            }
        }
        return null;
    }

    /** Per code cell: stdout, then stderr, then the result's text/plain. */
    private static List<String> outputs(Path executed) throws Exception {
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : JSON.readTree(executed.toFile()).get("cells")) {
            if (!cell.get("cell_type").asText().equals("code")) {
                continue;
            }
            StringBuilder stdout = new StringBuilder();
            StringBuilder stderr = new StringBuilder();
            StringBuilder result = new StringBuilder();
            for (JsonNode output : cell.get("outputs")) {
                switch (output.get("output_type").asText()) {
                    case "stream" ->
                        (output.get("name").asText().equals("stdout") ? stdout : stderr)
                                .append(text(output.get("text")));
                    case "execute_result" ->
                        result.append(text(output.get("data").get("text/plain")));
                    case "display_data" ->
                        result.append("[display_data:")
                                .append(text(output.get("data").get("text/plain")))
                                .append("]");
                    default ->
                        result.append("[")
                                .append(output.get("output_type").asText())
                                .append("]");
                }
            }
            cells.add("out:" + stdout + "|err:" + stderr + "|result:" + result);
        }
        return cells;
    }

    private static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        StringBuilder text = new StringBuilder();
        node.forEach(line -> text.append(line.asText()));
        return text.toString();
    }

    private static int run(Path dir, String... command) throws Exception {
        return run(new ProcessBuilder(command).directory(dir.toFile()));
    }

    private static int run(ProcessBuilder builder) throws Exception {
        Path log = Files.createTempFile("parity", ".log");
        Process process =
                builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        if (process.exitValue() != 0) {
            System.err.println(Files.readString(log, StandardCharsets.UTF_8));
        }
        return process.exitValue();
    }
}
