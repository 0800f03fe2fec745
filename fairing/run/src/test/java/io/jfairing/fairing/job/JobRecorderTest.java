package io.jfairing.fairing.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.metadata.Limits;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real SQLite file. */
class JobRecorderTest {
    @TempDir
    Path dir;

    @Test
    void aJobIsARunWithParamsTagsAndItsOutcome() throws Exception {
        try (MetadataStore store = MetadataStore.open(dir.resolve("m.db"))) {
            JobSpec spec = JobSpec.builder("127.0.0.1:5000/train@sha256:1")
                    .name("Mnist Run")
                    .kind(JobKind.PYTORCH_JOB)
                    .build();
            JobRequest request = JobRequest.builder(spec)
                    .parameters(Map.of("lr", "0.1"))
                    .imageDigest("sha256:1")
                    .record(store, "mnist")
                    .metadataUri("http://metadata:8765")
                    .build();
            Long runId = JobRecorder.start(request, "kubernetes", "x".repeat(Limits.MAX_TAG_VALUE_LENGTH + 10));
            RunInfo run = store.getRun(runId);
            assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(run.params()).isEqualTo(Map.of("lr", "0.1"));
            assertThat(run.tags())
                    .containsEntry(JobRecorder.TAG_JOB_NAME, spec.name())
                    .containsEntry(JobRecorder.TAG_BACKEND, "kubernetes")
                    .containsEntry(JobRecorder.TAG_KIND, "PyTorchJob")
                    .containsEntry(JobRecorder.TAG_IMAGE, spec.image())
                    .containsEntry(JobRecorder.TAG_IMAGE_DIGEST, "sha256:1");
            assertThat(run.tags().get(JobRecorder.TAG_MANIFEST))
                    .hasSize(Limits.MAX_TAG_VALUE_LENGTH)
                    .endsWith("(cut)");
            assertThat(JobRecorder.replicaEnvironment(request, runId))
                    .containsExactly(
                            Map.entry(JobEnvironment.RUN_ID, runId.toString()),
                            Map.entry(JobEnvironment.METADATA_URI, "http://metadata:8765"));

            JobOutcome failed = new JobOutcome(
                    spec.name(),
                    JobPhase.FAILED,
                    "worker-1",
                    137,
                    "OOMKilled",
                    List.of("boom"),
                    Duration.ofSeconds(3),
                    runId);
            assertThat(JobRecorder.finish(store, failed)).isNull();
            RunInfo ended = store.getRun(runId);
            assertThat(ended.status()).isEqualTo(RunStatus.FAILED);
            assertThat(ended.endTime()).isNotNull();
            assertThat(ended.tags())
                    .containsEntry(JobRecorder.TAG_FAILED_REPLICA, "worker-1")
                    .containsEntry(JobRecorder.TAG_EXIT_CODE, "137")
                    .containsEntry(JobRecorder.TAG_REASON, "OOMKilled")
                    .containsEntry(JobRecorder.TAG_PHASE, "FAILED")
                    .containsEntry(JobRecorder.TAG_DURATION, "3000");
        }
    }

    @Test
    void withoutAStoreNothingIsRecorded() throws Exception {
        JobRequest request = JobRequest.of(JobSpec.builder("img").build());
        assertThat(JobRecorder.start(request, "local", "{}")).isNull();
        assertThat(JobRecorder.replicaEnvironment(request, null)).isEmpty();
        assertThat(JobRecorder.finish(
                        null, new JobOutcome("j", JobPhase.SUCCEEDED, null, null, null, List.of(), Duration.ZERO, 1L)))
                .isNull();
        assertThat(JobRecorder.status(JobPhase.CANCELLED)).isEqualTo(RunStatus.KILLED);
        assertThat(JobRecorder.status(JobPhase.SUCCEEDED)).isEqualTo(RunStatus.FINISHED);
    }
}
