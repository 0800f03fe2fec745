package io.jfairing.fairing.cli;

import static io.jfairing.fairing.cli.CommandRun.jfairing;
import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.cli.project.ImageSettings;
import io.jfairing.fairing.pipeline.ir.PipelineYaml;
import io.jfairing.fairing.testing.ImageTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jfairing pipeline compile --build} and {@code jfairing pipeline run --backend podman} end to end: step images
 * pushed to a real registry, the IR pinning them, real podman running them ({@code $JFAIRING_HOME/podman} holds the
 * test's podman settings, as {@code bin/demo} writes them).
 */
@Tag("slow")
@ExtendWith(ImageTestEnvironment.class)
class PipelineCommandIT {
    @TempDir
    Path dir;

    private final ImageTestEnvironment env = ImageTestEnvironment.get();

    private static String cell(String tags, String source) {
        return "{\"cell_type\": \"code\", \"metadata\": {\"tags\": [" + tags + "]}, \"execution_count\": null,"
                + " \"outputs\": [], \"source\": [\""
                + source.replace("\"", "\\\"").replace("\n", "\\n") + "\"]}";
    }

    private Path notebook() throws Exception {
        Path notebook = dir.resolve("squares.ipynb");
        Files.writeString(
                notebook,
                "{\"cells\": ["
                        + String.join(
                                ",\n",
                                cell("\"pipeline-parameters\"", "int n = 4;"),
                                cell("\"step:square\"", "int square = n * n;"),
                                cell("\"step:half\", \"prev:square\"", "System.out.println(\"half \" + square / 2);"),
                                cell("\"step:twice\", \"prev:square\"", "System.out.println(\"twice \" + square * 2);"))
                        + "], \"metadata\": {\"kernelspec\": {\"name\": \"java\", \"display_name\": \"Java\","
                        + " \"language\": \"java\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        return notebook;
    }

    private List<String> imageOptions() {
        return List.of(
                "--image-repository", env.registry().host() + "/cli-pipeline", "--base", env.baseImage(), "--insecure");
    }

    @Test
    void compileBuildPinsTheStepImagesAndRunOnPodmanRunsThemAsContainers() throws Exception {
        Path podmanSettings = Files.createDirectories(ImageSettings.home().resolve("podman"));
        for (String file : List.of("containers.conf", "storage.conf", "registries.conf", "auth.json")) {
            Files.copy(
                    env.containers().directory().resolve(file),
                    podmanSettings.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Path notebook = notebook();
        List<String> compile =
                new ArrayList<>(List.of("pipeline", "compile", notebook.toString(), "--build", "--tag", "1"));
        compile.addAll(imageOptions());

        CommandRun compiled = jfairing(compile.toArray(String[]::new));

        assertThat(compiled.status()).as(compiled.err()).isZero();
        assertThat(compiled.err()).contains("square: built " + env.registry().host() + "/cli-pipeline/squares-square@");
        var executors = PipelineYaml.deploymentConfig(PipelineYaml.read(Files.readString(dir.resolve("squares.yaml")))
                        .getDeploymentSpec())
                .getExecutorsMap();
        assertThat(executors).containsOnlyKeys("exec-square", "exec-half", "exec-twice");
        for (String step : List.of("square", "half", "twice")) {
            String image = executors.get("exec-" + step).getContainer().getImage();
            assertThat(image)
                    .matches(env.registry().host().replace(".", "\\.") + "/cli-pipeline/squares-" + step
                            + "@sha256:[0-9a-f]{64}");
            assertThat(env.containers().rawManifest(image, null))
                    .isEqualTo(env.containers()
                            .rawManifest(env.registry().host() + "/cli-pipeline/squares-" + step + ":1", null));
        }

        List<String> run = new ArrayList<>(
                List.of("pipeline", "run", notebook.toString(), "--backend", "podman", "-p", "n=5", "--tag", "1"));
        run.addAll(imageOptions());
        CommandRun ran = jfairing(run.toArray(String[]::new));

        assertThat(ran.status()).as(ran.err()).isZero();
        assertThat(ran.err()).contains("half: built", "0 B pushed").contains("twice: succeeded");
        assertThat(ran.out()).containsPattern("twice\\s+SUCCEEDED").containsPattern("half\\s+SUCCEEDED");
        assertThat(jfairing("pipeline", "logs", "twice").out()).contains("twice 50");
        assertThat(jfairing("pipeline", "logs", "half").out()).contains("half 12");

        CommandRun unknown = jfairing("pipeline", "run", notebook.toString(), "--backend", "kubernetes");
        assertThat(unknown.status()).as("a usage error").isEqualTo(2);
        assertThat(unknown.err()).contains("jfairing pipeline submit NOTEBOOK --build --host URL");
    }
}
