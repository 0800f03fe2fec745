package io.jfairing.fairing.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.pipeline.ir.IrCompiler;
import io.jfairing.fairing.pipeline.ir.PipelineYaml;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.ImageTestEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml_pipelines.PipelineSpecOuterClass.PipelineDeploymentConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step images built with Jib into a real registry ({@code docker-registry}) and read back with {@code skopeo}: the
 * layers they share, what a rebuild after a one-step change pushes, and the IR that names them by digest.
 */
@Tag("slow")
@ExtendWith(ImageTestEnvironment.class)
class StepImagesIT {
    @TempDir
    Path dir;

    private final ImageTestEnvironment env = ImageTestEnvironment.get();

    private StepImages.Built build(Pipeline pipeline, String tag) throws Exception {
        return StepImages.build(
                pipeline,
                env.registry().host() + "/it-steps",
                tag,
                build -> build.baseImage(
                                BaseImage.registry(env.baseImage()).withCredentials(RegistryCredentials.none()))
                        .insecureRegistries(true)
                        .cacheDirectory(env.cache()));
    }

    /** Layer digests of each step's image as the registry serves its manifest. */
    private Map<String, List<String>> layers(StepImages.Built built) throws Exception {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        for (var e : built.executors().entrySet()) {
            JsonNode manifest = env.containers().manifest(e.getValue().image(), null);
            List<String> digests = new ArrayList<>();
            manifest.get("layers")
                    .forEach(layer -> digests.add(layer.get("digest").asText()));
            layers.put(e.getKey(), digests);
        }
        return layers;
    }

    @Test
    void stepsShareTheBaseAndDependencyLayersAndARebuildAfterOneStepChangedPushesOnlyThatStepsCodeLayer()
            throws Exception {
        ExamplePipelines.writeFanFiles(dir);
        Pipeline pipeline = ExamplePipelines.fan(ExamplePipelines.FAN_RIGHT)
                .baseDirectory(dir)
                .build();

        StepImages.Built first = build(pipeline, "1");

        Map<String, List<String>> layers = layers(first);
        assertThat(layers).containsOnlyKeys("prepare", "left", "right");
        List<String> prepare = layers.get("prepare");
        int base =
                env.containers().manifest(env.baseImage(), null).get("layers").size();
        // base layers, dependencies (the jar), runner, code
        assertThat(prepare).hasSize(base + 3);
        for (List<String> step : layers.values()) {
            assertThat(step.subList(0, step.size() - 1)).isEqualTo(prepare.subList(0, prepare.size() - 1));
        }
        assertThat(layers.values().stream().map(l -> l.get(l.size() - 1)).distinct())
                .as("each step's own code layer")
                .hasSize(3);
        for (var e : first.executors().entrySet()) {
            JsonNode config = env.containers().inspectConfig(e.getValue().image(), null);
            assertThat(config.at("/config/Labels/io.jfairing.notebook").asText())
                    .isEqualTo("fan-" + e.getKey());
            assertThat(e.getValue().image())
                    .isEqualTo(env.registry().host() + "/it-steps/fan-" + e.getKey() + "@"
                            + first.images().get(e.getKey()).digest());
        }
        // the tags name the same manifests the executors pin
        for (String step : List.of("prepare", "left", "right")) {
            assertThat(env.containers().rawManifest(env.registry().host() + "/it-steps/fan-" + step + ":1", null))
                    .isEqualTo(env.containers()
                            .rawManifest(first.executors().get(step).image(), null));
        }

        // the IR's executors run the pushed images by digest, with the command the images' entrypoint has
        var spec = PipelineYaml.read(PipelineYaml.write(IrCompiler.compile(pipeline, first.executors())));
        Map<String, PipelineDeploymentConfig.ExecutorSpec> executors =
                PipelineYaml.deploymentConfig(spec.getDeploymentSpec()).getExecutorsMap();
        for (String step : List.of("prepare", "left", "right")) {
            var container = executors.get("exec-" + step).getContainer();
            assertThat(container.getImage())
                    .isEqualTo(first.executors().get(step).image());
            JsonNode config = env.containers().inspectConfig(container.getImage(), null);
            List<String> entrypoint = new ArrayList<>();
            config.at("/config/Entrypoint").forEach(n -> entrypoint.add(n.asText()));
            assertThat(container.getCommandList()).isEqualTo(entrypoint);
        }

        Pipeline changed = ExamplePipelines.fan(ExamplePipelines.FAN_RIGHT.replace(" right \"", " RIGHT \""))
                .baseDirectory(dir)
                .build();
        StepImages.Built second = build(changed, "2");

        for (String same : List.of("prepare", "left")) {
            assertThat(second.images().get(same).digest())
                    .as("the digest of unchanged step " + same)
                    .isEqualTo(first.images().get(same).digest());
            assertThat(second.images().get(same).blobs()).noneMatch(BuiltImage.Blob::pushed);
        }
        BuiltImage right = second.images().get("right");
        assertThat(right.digest()).isNotEqualTo(first.images().get("right").digest());
        List<String> rightLayers = layers(second).get("right");
        assertThat(rightLayers.subList(0, rightLayers.size() - 1))
                .isEqualTo(layers.get("right").subList(0, rightLayers.size() - 1));
        String newCode = rightLayers.get(rightLayers.size() - 1);
        JsonNode manifest = env.containers().manifest(right.pinnedReference(), null);
        String newConfig = manifest.at("/config/digest").asText();
        assertThat(right.blobs().stream().filter(BuiltImage.Blob::pushed).map(BuiltImage.Blob::digest))
                .as("a rebuild after right's cell changed pushes right's code layer and config, nothing else")
                .containsExactlyInAnyOrder(newCode, newConfig);
        long codeSize =
                manifest.at("/layers/" + (rightLayers.size() - 1) + "/size").asLong();
        long configSize = manifest.at("/config/size").asLong();
        assertThat(second.bytesPushed()).isEqualTo(codeSize + configSize);
        assertThat(first.bytesPushed()).isGreaterThan(3 * second.bytesPushed());
    }
}
