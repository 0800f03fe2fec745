package io.jfairing.fairing.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.backend.FailureReasons;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Mount;
import io.jfairing.fairing.deploy.Resources;
import io.jfairing.fairing.deploy.Role;
import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.LocalProgram;
import io.jfairing.metadata.MetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests are refused with a clear message before anything is created: no state folder, no run, no process. */
class LocalProcessBackendValidationTest {
    @TempDir
    Path dir;

    private final LocalProgram program = LocalProgram.ofMainClass(List.of(), "Main");

    private void refused(JobRequest request, String... message) throws Exception {
        try (LocalProcessJobBackend backend = LocalProcessJobBackend.builder()
                        .stateDirectory(dir.resolve("jobs"))
                        .build();
                MetadataStore store = MetadataStore.open(dir.resolve("m.db"))) {
            JobRequest recorded = request.toBuilder().record(store, "e").build();
            assertThatThrownBy(() -> backend.submit(recorded))
                    .isInstanceOf(JobException.class)
                    .hasMessageContainingAll(message);
            assertThat(dir.resolve("jobs").resolve(request.spec().name())).doesNotExist();
            assertThat(store.listExperiments()).isEmpty();
        }
    }

    @Test
    void aLocalRunNeedsAProgram() throws Exception {
        refused(
                JobRequest.of(JobSpec.builder("img").name("no-program").build()),
                "runs a program, not an image",
                "LocalProgram");
    }

    @Test
    void gpusAreRefusedUnlessAllowed() throws Exception {
        JobSpec spec = JobSpec.builder("img")
                .name("gpu")
                .kind(JobKind.PYTORCH_JOB)
                .replicas(Role.WORKER, 1)
                .resources(Resources.none().gpus(1))
                .build();
        refused(
                JobRequest.builder(spec).program(program).build(),
                "cannot reserve GPUs (1 asked for Master)",
                "allowGpus(true)");
    }

    @Test
    void clusterResourcesAreRefused() throws Exception {
        JobSpec spec = JobSpec.builder("img")
                .name("secrets")
                .secretEnv("s3")
                .mount(Mount.pvc("data", "/data"))
                .build();
        refused(JobRequest.builder(spec).program(program).build(), "secret s3 as env", "volume at /data");
    }

    @Test
    void anExperimentGoesToATuner() throws Exception {
        JobSpec spec = JobSpec.builder("img")
                .name("sweep")
                .tuning(Tuning.maximize("acc")
                        .parameter(Tuning.Parameter.intRange("x", 0, 1))
                        .maxTrials(2)
                        .parallelTrials(1)
                        .build())
                .build();
        refused(JobRequest.builder(spec).program(program).build(), "run it with a Tuner");
    }

    @Test
    void aMissingJavaIsNamed() throws Exception {
        try (LocalProcessJobBackend backend = LocalProcessJobBackend.builder()
                .stateDirectory(dir)
                .javaExecutable(dir.resolve("no-java"))
                .build()) {
            assertThatThrownBy(() -> backend.submit(
                            JobRequest.builder(JobSpec.builder("img").build())
                                    .program(program)
                                    .build()))
                    .hasMessageContaining("no java executable at");
        }
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void jvmOptionsFollowTheLimits() {
        try (LocalProcessJobBackend backend = LocalProcessJobBackend.builder()
                .stateDirectory(dir)
                .javaExecutable(Path.of("/j"))
                .build()) {
            List<String> command = backend.javaCommand(
                    LocalProgram.ofMainClass(List.of(Path.of("/cp")), "a.Main", "x")
                            .withJvmOptions("-Xss1m"),
                    Resources.none().memory("256Mi", "512Mi").cpu("500m", "1500m"));
            assertThat(command)
                    .containsExactly(
                            "/j",
                            "-XX:+ExitOnOutOfMemoryError",
                            "-XX:MaxRAM=536870912",
                            "-XX:ActiveProcessorCount=2",
                            "-Xss1m",
                            "-cp",
                            "/cp",
                            "a.Main",
                            "x");
        }
    }

    @Test
    void reasonsFollowTheRuntimeAndTheLog() {
        assertThat(FailureReasons.of(
                        1, false, List.of("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space")))
                .isEqualTo("OOMKilled");
        assertThat(FailureReasons.of(137, true, List.of())).isEqualTo("OOMKilled");
        assertThat(FailureReasons.of(3, false, List.of("boom"))).isEqualTo("Error");
    }
}
