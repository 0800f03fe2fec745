package io.jfairing.fairing.pipeline.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.backend.podman.PodmanJobBackend;
import io.jfairing.fairing.container.Podman;
import io.jfairing.fairing.job.Backends;
import io.jfairing.fairing.pipeline.Pipeline;
import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.ir.IrCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the runner refuses before any step runs. */
class LocalPipelineRunnerTest {
    @TempDir
    Path dir;

    private static final Map<String, IrCompiler.StepImage> IMAGES =
            Map.of("one", new IrCompiler.StepImage("127.0.0.1:5000/p-one@sha256:" + "0".repeat(64), List.of("java")));

    @Test
    void theLocalProcessBackendRunsProgramsNotImages() {
        try (var local = Backends.local(dir.resolve("jobs"))) {
            assertThatThrownBy(() -> LocalPipelineRunner.builder(local, dir)
                            .images(IMAGES)
                            .build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not from an image");
        }
    }

    @Test
    void thePodmanBackendNeedsTheStepImagesAndEveryStepOne() throws Exception {
        try (PodmanJobBackend podman = PodmanJobBackend.builder(Podman.system())
                .stateDirectory(dir.resolve("jobs"))
                .build()) {
            assertThatThrownBy(() -> LocalPipelineRunner.builder(podman, dir).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the podman backend runs images")
                    .hasMessageContaining("--backend podman");

            Pipeline pipeline = Pipeline.builder("p")
                    .step(Step.builder("one").code("int a = 1;"))
                    .step(Step.builder("two").code("int b = a + 1;"))
                    .build();
            LocalPipelineRunner runner =
                    LocalPipelineRunner.builder(podman, dir).images(IMAGES).build();
            assertThatThrownBy(() -> runner.run(pipeline, Map.of()))
                    .hasMessageContaining("no image for step two of pipeline p");
        }
    }
}
