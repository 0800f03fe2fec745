package io.jfairing.fairing.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Role;
import io.jfairing.fairing.job.Backends;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.LocalProgram;
import io.jfairing.fairing.job.LogLine;
import io.jfairing.fairing.testing.JobFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notebook compiled as for its image, run by the image's runner in child JVMs: the notebook path of a local job. */
@Tag("slow")
class NotebookJobIT {
    @TempDir
    Path dir;

    @Test
    void aCompiledNotebookAllReducesAcrossTwoLocalReplicas() throws Exception {
        CompiledNotebook compiled =
                Fairing.notebook(JobFixtures.allReduceNotebook(dir)).compile();
        Path code = compiled.writeTo(Files.createDirectories(dir.resolve("code")));
        LocalProgram program = LocalProgram.ofNotebook(code, compiled.workload().classpath());
        JobSpec spec = JobSpec.builder("local")
                .name("notebook-allreduce")
                .kind(JobKind.PYTORCH_JOB)
                .replicas(Role.WORKER, 1)
                .build();
        try (LocalProcessJobBackend backend = Backends.local(dir.resolve("jobs"))) {
            JobHandle job =
                    backend.submit(JobRequest.builder(spec).program(program).build());
            JobOutcome outcome = job.waitForCompletion(Duration.ofMinutes(2));
            assertThat(outcome.succeeded()).as(outcome.describe()).isTrue();
            assertThat(job.logs())
                    .extracting(LogLine::toString)
                    .containsExactlyInAnyOrder(
                            "[master-0] rank=0 world=2 sum=3,30,300", "[worker-0] rank=1 world=2 sum=3,30,300");
        }
    }
}
