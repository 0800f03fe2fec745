package io.jfairing.fairing.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.Containers;
import io.jfairing.fairing.testing.Fixtures;
import io.jfairing.fairing.testing.ImageTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Builds notebook images into a real registry, inspects them with skopeo and runs them with podman. */
@Tag("slow")
@ExtendWith(ImageTestEnvironment.class)
class ImageBuildIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ImageTestEnvironment env = ImageTestEnvironment.get();

    private Fairing.Build train(Path notebook) {
        return Fairing.notebook(notebook)
                .parameter("epochs", 3)
                .parameter("name", "run1")
                .inputs("data/*.csv")
                .baseImage(BaseImage.registry(env.baseImage()).withCredentials(RegistryCredentials.none()))
                .insecureRegistries(true)
                .cacheDirectory(env.cache());
    }

    private ImageTarget target(String repository) {
        return ImageTarget.registry(env.registry().host() + "/" + repository)
                .withCredentials(RegistryCredentials.none());
    }

    @Test
    void imageHasTheLayoutAndRunsTheNotebookLikeTheKernel() throws Exception {
        Path notebook = Fixtures.trainNotebook(dir, "epoch");
        List<ImageBuildEvent> events = new ArrayList<>();
        BuiltImage image = train(notebook).listener(events::add).build(target("it/train:latest"));

        assertThat(image.digest()).startsWith("sha256:");
        assertThat(image.layers())
                .extracting(BuiltImage.Layer::name)
                .containsExactly("dependencies", "runner", "code", "files");
        assertThat(events).anyMatch(e -> e instanceof ImageBuildEvent.BlobPushed);
        assertThat(events).anyMatch(e -> e instanceof ImageBuildEvent.Progress p && p.fraction() > 0.99);

        Containers containers = env.containers();
        JsonNode fullConfig = containers.inspectConfig(image.reference(), null);
        JsonNode config = fullConfig.get("config");
        List<String> createdBy = new java.util.ArrayList<>();
        fullConfig
                .get("history")
                .forEach(h -> createdBy.add(h.path("created_by").asText()));
        assertThat(createdBy)
                .as("the image's history names the tool and its version")
                .contains("jfairing:" + ToolVersion.get())
                .noneMatch(c -> c.endsWith(":null"));
        assertThat(config.get("User").asText()).isEqualTo("1000:1000");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/app/work");
        assertThat(texts(config.get("Entrypoint")))
                .containsExactly(
                        "java",
                        "-cp",
                        "/app/runner:/app/code/classes:/app/libs/*",
                        "io.jfairing.runtime.runner.NotebookRunner",
                        "/app/code/program.txt");
        assertThat(texts(config.get("Env")))
                .contains(
                        "FAIRING_RUNTIME=container",
                        "JFAIRING_HOME=/app/work/.jfairing",
                        "PATH=/opt/jre/bin:/usr/bin:/bin");
        assertThat(config.get("Labels").get("io.jfairing.notebook").asText()).isEqualTo("train.ipynb");
        assertThat(config.get("Labels").get("io.jfairing.code-digest").asText()).isEqualTo(image.codeDigest());
        JsonNode manifest = containers.manifest(image.reference(), null);
        assertThat(manifest.get("layers"))
                .hasSize(2 + 4); // base (system libraries, jre) + dependencies, runner, code, files

        Path out = Files.createDirectories(dir.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Containers.Result run = containers.podmanRun(
                List.of("-v", out + ":/out"), image.reference(), "--output", "/out/executed.ipynb");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo(String.join("", Fixtures.TRAIN_OUTPUT));

        JsonNode executed = JSON.readTree(out.resolve("executed.ipynb").toFile());
        assertThat(executed.get("metadata").get("jfairing").get("status").asText())
                .isEqualTo("completed");
        List<String> perCell = new ArrayList<>();
        for (JsonNode cell : executed.get("cells")) {
            if (cell.get("cell_type").asText().equals("code")
                    && cell.get("outputs").size() > 0) {
                StringBuilder text = new StringBuilder();
                for (JsonNode output : cell.get("outputs")) {
                    JsonNode lines = output.has("text")
                            ? output.get("text")
                            : output.get("data").get("text/plain");
                    texts(lines).forEach(text::append);
                    if (output.get("output_type").asText().equals("execute_result")) {
                        text.append('\n');
                    }
                }
                perCell.add(text.toString());
            }
        }
        assertThat(perCell).containsExactlyElementsOf(Fixtures.TRAIN_OUTPUT);
        assertThat(executed.get("cells")
                        .get(2)
                        .get("metadata")
                        .get("tags")
                        .get(0)
                        .asText())
                .isEqualTo("injected-parameters");
    }

    @Test
    void failingCellExitsNonZeroWithTheCellsError() throws Exception {
        Path notebook = Fixtures.failingNotebook(dir);
        BuiltImage image = Fairing.notebook(notebook)
                .baseImage(BaseImage.registry(env.baseImage()).withCredentials(RegistryCredentials.none()))
                .insecureRegistries(true)
                .cacheDirectory(env.cache())
                .build(target("it/fails:latest"));
        Containers.Result run = env.containers().podmanRun(List.of(), image.reference());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo("start\nchecking\n");
        assertThat(run.stderr())
                .startsWith("cell 4: java.lang.IllegalStateException: boom 2\n")
                .contains("at check (cell 3, line 2)")
                .contains("(cell 4, line 2)")
                .doesNotContain("never");
    }

    @Test
    void sameInputsGiveTheSameDigestAndAnUnchangedRebuildPushesNothing() throws Exception {
        Path notebook = Fixtures.trainNotebook(dir, "epoch");
        BuiltImage first = train(notebook).build(target("it/repro:1"));
        long stored = env.registry().storedBlobBytes();
        BuiltImage second = train(notebook).build(target("it/repro:1"));
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.bytesPushed()).isZero();
        assertThat(second.blobs()).isNotEmpty().noneMatch(BuiltImage.Blob::pushed);
        assertThat(env.registry().storedBlobBytes()).isEqualTo(stored);

        // the same notebook copied elsewhere (other paths, other file times) builds the same image
        Path elsewhere = Files.createDirectories(dir.resolve("copy"));
        BuiltImage third = train(Fixtures.trainNotebook(elsewhere, "epoch")).build(target("it/repro:1"));
        assertThat(third.digest()).isEqualTo(first.digest());
    }

    @Test
    void changingOneCellPushesOnlyTheCodeLayer() throws Exception {
        Path before = Fixtures.trainNotebook(Files.createDirectories(dir.resolve("a")), "epoch");
        BuiltImage first = train(before).build(target("it/incremental:latest"));
        JsonNode firstManifest = env.containers().manifest(first.reference(), null);
        long stored = env.registry().storedBlobBytes();

        Path after = Fixtures.trainNotebook(Files.createDirectories(dir.resolve("b")), "round");
        BuiltImage second = train(after).build(target("it/incremental:latest"));
        JsonNode secondManifest = env.containers().manifest(second.reference(), null);

        assertThat(second.digest()).isNotEqualTo(first.digest());
        List<String> firstLayers = digests(firstManifest.get("layers"));
        List<String> secondLayers = digests(secondManifest.get("layers"));
        int code = 4; // system, jre, dependencies, runner, code, files
        for (int i = 0; i < firstLayers.size(); i++) {
            if (i == code) {
                assertThat(secondLayers.get(i)).isNotEqualTo(firstLayers.get(i));
            } else {
                assertThat(secondLayers.get(i)).as("layer " + i).isEqualTo(firstLayers.get(i));
            }
        }
        long codeLayerSize = secondManifest.get("layers").get(code).get("size").asLong();
        long configSize = secondManifest.get("config").get("size").asLong();
        assertThat(second.blobs().stream().filter(BuiltImage.Blob::pushed).map(BuiltImage.Blob::digest))
                .containsExactlyInAnyOrder(
                        secondLayers.get(code),
                        secondManifest.get("config").get("digest").asText());
        assertThat(second.bytesPushed()).isEqualTo(codeLayerSize + configSize);
        // the registry stores the new code layer, the new config and the new manifest: nothing else was sent
        long manifestSize = env.containers()
                .rawManifest(second.reference(), null)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                .length;
        assertThat(env.registry().storedBlobBytes() - stored).isEqualTo(codeLayerSize + configSize + manifestSize);
    }

    @Test
    void tarballTargetsLoadAndRun() throws Exception {
        Path notebook = Fixtures.trainNotebook(dir, "epoch");
        Path tar = dir.resolve("train.tar");
        BuiltImage image = train(notebook).build(ImageTarget.dockerArchive(tar, "jfairing-it/train-tar:1"));
        assertThat(tar).isRegularFile();
        Containers.Result load = env.containers().podman("load", "-i", tar.toString());
        assertThat(load.exitCode()).as(load.stderr()).isZero();
        String loaded = load.stdout()
                .lines()
                .filter(l -> l.startsWith("Loaded image"))
                .findFirst()
                .orElseThrow();
        String name = loaded.substring(loaded.indexOf(':') + 1).strip();
        Containers.Result run = env.containers().podman("run", "--rm", name);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo(String.join("", Fixtures.TRAIN_OUTPUT));

        Path oci = dir.resolve("train-oci.tar");
        BuiltImage ociImage =
                train(notebook).ociFormat(true).build(ImageTarget.ociArchive(oci, "jfairing-it/train-oci:1"));
        JsonNode config = env.containers().inspectConfig("oci-archive:" + oci, null);
        assertThat(config.get("config")
                        .get("Labels")
                        .get("io.jfairing.code-digest")
                        .asText())
                .isEqualTo(ociImage.codeDigest());
        assertThat(image.codeDigest()).isEqualTo(ociImage.codeDigest());
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static List<String> digests(JsonNode layers) {
        return StreamSupport.stream(layers.spliterator(), false)
                .map(l -> l.get("digest").asText())
                .toList();
    }
}
