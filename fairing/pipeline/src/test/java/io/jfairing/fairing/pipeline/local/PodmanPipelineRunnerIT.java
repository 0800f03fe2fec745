package io.jfairing.fairing.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.backend.podman.PodmanJobBackend;
import io.jfairing.fairing.container.Podman;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.pipeline.ExamplePipelines;
import io.jfairing.fairing.pipeline.Pipeline;
import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.StepImages;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.ImageTestEnvironment;
import io.jfairing.fairing.testing.PodmanJobs;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.MlmdQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local DAG runner with the podman backend: a 3-step pipeline with two parallel branches, each step a container of
 * its Jib-built image pulled by digest from a real registry, run by real podman (runc, vfs), built once for the class.
 */
@Tag("slow")
@ExtendWith(ImageTestEnvironment.class)
class PodmanPipelineRunnerIT {
    @TempDir
    static Path files;

    private static Pipeline pipeline;
    private static StepImages.Built images;

    @TempDir
    Path dir;

    private final ImageTestEnvironment env = ImageTestEnvironment.get();
    private PodmanJobs jobs;
    private Podman podman;
    private PodmanJobBackend backend;

    @BeforeAll
    static void buildStepImages() throws Exception {
        ImageTestEnvironment env = ImageTestEnvironment.get();
        ExamplePipelines.writeFanFiles(files);
        pipeline = ExamplePipelines.fan(ExamplePipelines.FAN_RIGHT)
                .baseDirectory(files)
                .build();
        images = StepImages.build(
                pipeline,
                env.registry().host() + "/it-podman-runner",
                "1",
                build -> build.baseImage(
                                BaseImage.registry(env.baseImage()).withCredentials(RegistryCredentials.none()))
                        .insecureRegistries(true)
                        .cacheDirectory(env.cache()));
    }

    @BeforeEach
    void start() {
        jobs = PodmanJobs.start(env.containers(), dir.resolve("jobs"));
        podman = jobs.podman();
        backend = jobs.backend();
    }

    @AfterEach
    void stop() throws Exception {
        jobs.close();
    }

    private LocalPipelineRunner runner(MetadataStore store) {
        LocalPipelineRunner.Builder runner =
                LocalPipelineRunner.builder(backend, dir.resolve("work")).images(images.executors());
        return (store == null ? runner : runner.metadata(store)).build();
    }

    @Test
    void runsEachStepAsAContainerOfItsImagePassingValuesAndFilesThenTakesEveryStepFromTheCache() throws Exception {
        assertThat(pipeline.steps())
                .filteredOn(s -> !s.name().equals("prepare"))
                .extracting(Step::after)
                .containsOnly(java.util.Set.of("prepare"));
        try (MetadataStore store = MetadataStore.open(dir.resolve("metadata.db"))) {
            LocalPipelineRunner runner = runner(store);

            PipelineRun first = runner.run(pipeline, Map.of());

            assertThat(first.states().values()).containsOnly(StepState.SUCCEEDED);
            // data.txt has two lines, seed 3: base = 8
            assertThat(Files.readString(
                            first.step("left").orElseThrow().outputs().get("left")))
                    .isEqualTo("9");
            assertThat(Files.readString(
                            first.step("right").orElseThrow().outputs().get("right")))
                    .isEqualTo("prepared 8 right 80");
            assertThat(Files.readString(first.step("prepare").orElseThrow().log()))
                    .contains("prepared 8");
            assertThat(Files.readString(first.step("left").orElseThrow().log()))
                    .as("the dependency layer's jar is on the container's class path")
                    .contains("left 9 hello from a jar");
            for (String step : java.util.List.of("prepare", "left", "right")) {
                assertThat(podman.imageExists(images.executors().get(step).image()))
                        .as("podman pulled " + step + "'s image by digest")
                        .isTrue();
            }
            assertThat(podman.list(Map.of(JobEnvironment.LABEL_MANAGED_BY, JobEnvironment.MANAGED_BY)))
                    .as("each step's container is removed once it ended")
                    .isEmpty();

            for (String step : java.util.List.of("prepare", "left", "right")) {
                assertThat(store.getRun(first.step(step).orElseThrow().metadataRunId())
                                .tags())
                        .as("the step's run names the image it ran in")
                        .containsEntry(
                                StepRecorder.TAG_IMAGE,
                                images.executors().get(step).image());
            }
            Artifact right = store.mlmd()
                    .findArtifacts(MlmdQuery.byTypeAndName("system.Dataset", "right.right"))
                    .get(0);
            assertThat(store.lineage(right.id(), LineageDirection.UPSTREAM, 10).artifacts())
                    .extracting(Artifact::name)
                    .contains("prepare.notes", "prepare.base", "data");

            PipelineRun again = runner.run(pipeline, Map.of());

            assertThat(again.states().values()).containsOnly(StepState.CACHED);
            assertThat(Files.readString(
                            again.step("right").orElseThrow().outputs().get("right")))
                    .isEqualTo("prepared 8 right 80");
        }
    }

    @Test
    void aStepFailingInItsContainerIsTriedAgainThenTheRunStopsNamingTheStepWithBothTriesInItsLog() throws Exception {
        LocalPipelineRunner runner = runner(null);

        assertThatThrownBy(() -> runner.run(pipeline, Map.of("failIn", "right")))
                .isInstanceOfSatisfying(PipelineFailedException.class, e -> {
                    assertThat(e.step()).isEqualTo("right");
                    assertThat(e.getMessage())
                            .contains("failed at step 'right'")
                            .contains("right broke");
                    StepResult right = e.run().step("right").orElseThrow();
                    assertThat(right.state()).isEqualTo(StepState.FAILED);
                    assertThat(right.attempts()).isEqualTo(2);
                    assertThat(e.run().states()).containsEntry("prepare", StepState.SUCCEEDED);
                    try {
                        String log = Files.readString(right.log());
                        assertThat(log.split("right broke", -1)).hasSizeGreaterThanOrEqualTo(3);
                    } catch (java.io.IOException io) {
                        throw new java.io.UncheckedIOException(io);
                    }
                });
    }
}
