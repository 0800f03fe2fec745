package io.jfairing.fairing.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.image.ImageLayout;
import io.jfairing.fairing.image.RunnerFiles;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.testing.Fixtures;
import io.jfairing.runtime.use.PresetCatalog;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook with a team's {@code %use} preset and a magic used as a value, compiled and replayed by the runner in a
 * child JVM as an image replays it (local paths): the preset's imports and start-up code run where the line was,
 * its renderer shows a result, and {@code %jars} gives the jars it added.
 */
class PresetsRunTest {
    @Test
    void aPresetAndAMagicValueRunAsInTheKernel(@TempDir Path dir) throws Exception {
        Path team = Files.createDirectories(dir.resolve("team-presets"));
        Files.writeString(team.resolve("team-dates.json"), """
                {"format": 1, "name": "team-dates", "description": "dates the team's way",
                 "imports": ["java.time.temporal.ChronoUnit"],
                 "init": ["String team = \\"ready\\";"],
                 "renderers": [{"type": "java.time.LocalDate", "code": "html(\\"<i>\\" + value + \\"</i>\\")"}]}
                """);
        Path greeter = Fixtures.greeterJar(dir);
        Notebook notebook = new Notebook(
                "presets.ipynb",
                List.of(
                        NotebookCell.code(1, "%use team-dates"),
                        NotebookCell.code(
                                2,
                                "team + \" \" + ChronoUnit.DAYS.between(java.time.LocalDate.of(2024, 1, 1),"
                                        + " java.time.LocalDate.of(2024, 1, 3))"),
                        NotebookCell.code(3, "java.time.LocalDate.of(2024, 1, 2)"),
                        NotebookCell.code(
                                4,
                                "List<String> added = %jars greeter*.jar\nimport demo.Greeter;\n"
                                        + "Greeter.greet(added.size() + \" \" + added.get(0))")));
        CompiledNotebook compiled = Fairing.notebook(notebook)
                .baseDirectory(dir)
                .presets(new PresetCatalog(List.of(team)))
                .compile();
        Path code = compiled.writeTo(dir.resolve("code"));
        String classpath = RunnerFiles.classesDirectory()
                + File.pathSeparator
                + code.resolve(CompiledNotebook.CLASSES_DIRECTORY)
                + File.pathSeparator
                + greeter;
        Path executed = dir.resolve("executed.ipynb");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        ImageLayout.RUNNER_MAIN,
                        code.resolve(CompiledNotebook.PROGRAM_FILE).toString(),
                        "--output",
                        executed.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        JsonNode cells = new ObjectMapper().readTree(executed.toFile()).get("cells");
        assertThat(cells.get(0).get("outputs")).as("a %use line shows nothing").isEmpty();
        assertThat(result(cells.get(1), "text/plain")).isEqualTo("ready 2");
        assertThat(result(cells.get(2), "text/html")).isEqualTo("<i>2024-01-02</i>");
        assertThat(result(cells.get(3), "text/plain")).isEqualTo("hello, 1 " + greeter);
    }

    private static String result(JsonNode cell, String mimeType) {
        for (JsonNode output : cell.get("outputs")) {
            if (output.get("output_type").asText().equals("execute_result")) {
                JsonNode text = output.get("data").get(mimeType);
                StringBuilder joined = new StringBuilder();
                if (text.isArray()) {
                    text.forEach(line -> joined.append(line.asText()));
                } else {
                    joined.append(text.asText());
                }
                return joined.toString();
            }
        }
        return null;
    }

    @Test
    void theCodeDigestDoesNotDependOnWhereThisMachineKeepsAValuesJars(@TempDir Path dir) throws Exception {
        Path greeter = Fixtures.greeterJar(Files.createDirectories(dir.resolve("make")));
        List<String> digests = new java.util.ArrayList<>();
        for (String folder : List.of("one", "two")) {
            Path base = Files.createDirectories(dir.resolve(folder));
            Files.copy(greeter, base.resolve("greeter.jar"));
            Notebook notebook = new Notebook(
                    "digest.ipynb", List.of(NotebookCell.code(1, "List<String> added = %jars greeter.jar")));
            CompiledNotebook compiled =
                    Fairing.notebook(notebook).baseDirectory(base).compile();
            assertThat(compiled.program().magicValues().get(0).paths())
                    .containsExactly(base.resolve("greeter.jar").toString());
            digests.add(compiled.codeDigest());
        }
        assertThat(digests.get(0)).isEqualTo(digests.get(1));
    }
}
