package io.jfairing.fairing.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job's conditions as a phase and message, for each kind's own condition types. */
class JobSnapshotTest {
    static GenericKubernetesResource job(String kind, Map<String, Object> status) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setKind(kind);
        r.setMetadata(new ObjectMetaBuilder()
                .withName("j")
                .withCreationTimestamp("2026-01-01T10:00:00Z")
                .build());
        r.setAdditionalProperty("status", status);
        return r;
    }

    static Map<String, Object> condition(String type, String status, String reason, String message) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", status);
        c.put("reason", reason);
        c.put("message", message);
        c.put("lastTransitionTime", "2026-01-01T10:05:00Z");
        return c;
    }

    static JobStatus status(ClusterJobKind w, Map<String, Object> status) {
        return JobSnapshot.of(w, "kubernetes", job(w.kind().kind(), status), List.of(), Instant.EPOCH)
                .status();
    }

    @Test
    void trainingOperatorConditionsAndReplicaCountsWhenThePodsAreGone() {
        JobStatus failed = status(
                ClusterJobKind.PYTORCH_JOB,
                Map.of(
                        "conditions",
                                List.of(
                                        condition("Created", "True", "PyTorchJobCreated", "created"),
                                        condition("Running", "False", "PyTorchJobRunning", "running"),
                                        condition(
                                                "Failed",
                                                "True",
                                                "PyTorchJobFailed",
                                                "PyTorchJob j is failed because 1 Worker replica(s) failed.")),
                        "replicaStatuses",
                                Map.of(
                                        "Master",
                                        Map.of("succeeded", 1),
                                        "Worker",
                                        Map.of("failed", 1, "succeeded", 1))));
        assertThat(failed.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(failed.message())
                .contains("1 Worker replica(s) failed")
                .contains("Master: 1 succeeded")
                .contains("Worker: 1 succeeded, 1 failed");

        JobStatus restarting = status(
                ClusterJobKind.TF_JOB,
                Map.of(
                        "conditions",
                        List.of(
                                condition("Running", "False", "TFJobRunning", "running"),
                                condition(
                                        "Restarting",
                                        "True",
                                        "TFJobRestarting",
                                        "TFJob j is restarting because 1 Worker replica(s) failed."))));
        assertThat(restarting.phase()).isEqualTo(JobPhase.RUNNING);
        assertThat(restarting.message()).contains("restarting because 1 Worker replica(s) failed");
    }

    @Test
    void batchJobEndsOnCompleteOrSuccessCriteriaMetAndFailsWithItsReason() {
        assertThat(status(
                                ClusterJobKind.BATCH_JOB,
                                Map.of(
                                        "conditions",
                                        List.of(condition("SuccessCriteriaMet", "True", "CompletionsReached", ""))))
                        .phase())
                .isEqualTo(JobPhase.SUCCEEDED);
        JobSnapshot failed = JobSnapshot.of(
                ClusterJobKind.BATCH_JOB,
                "kubernetes",
                job(
                        "Job",
                        Map.of(
                                "conditions",
                                List.of(
                                        condition(
                                                "FailureTarget",
                                                "True",
                                                "BackoffLimitExceeded",
                                                "Job has reached the specified backoff limit"),
                                        condition(
                                                "Failed",
                                                "True",
                                                "BackoffLimitExceeded",
                                                "Job has reached the specified backoff limit")))),
                List.of(),
                Instant.EPOCH);
        assertThat(failed.status().phase()).isEqualTo(JobPhase.FAILED);
        assertThat(failed.failureReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(failed.ended()).isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
        assertThat(status(
                                ClusterJobKind.BATCH_JOB,
                                Map.of("conditions", List.of(condition("Complete", "False", "", ""))))
                        .phase())
                .isEqualTo(JobPhase.PENDING);
    }

    @Test
    void trainJobAndExperimentConditions() {
        assertThat(status(
                                ClusterJobKind.TRAIN_JOB,
                                Map.of("conditions", List.of(condition("Complete", "True", "JobSetCompleted", "done"))))
                        .phase())
                .isEqualTo(JobPhase.SUCCEEDED);
        assertThat(status(
                                ClusterJobKind.TRAIN_JOB,
                                Map.of(
                                        "conditions",
                                        List.of(condition("Failed", "True", "FailedJobs", "node-0 failed"))))
                        .message())
                .isEqualTo("FailedJobs: node-0 failed");
        assertThat(status(
                                ClusterJobKind.EXPERIMENT,
                                Map.of(
                                        "conditions",
                                        List.of(condition("Running", "True", "ExperimentRunning", "running"))))
                        .phase())
                .isEqualTo(JobPhase.RUNNING);
    }
}
