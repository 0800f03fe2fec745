package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** batch/v1 Job has no CRD: it is checked through a round trip of fabric8's typed model. */
class BatchJobManifestTest {

    static void assertRoundTrips(Job job) {
        try {
            JsonNode json = CrdSchemaValidator.JSON.valueToTree(job);
            Job back = CrdSchemaValidator.JSON.treeToValue(json, Job.class);
            assertThat(back).isEqualTo(job);
            JsonNode backJson = CrdSchemaValidator.JSON.valueToTree(back);
            assertThat(backJson.toString()).isEqualTo(json.toString());
            assertThat(json.toString()).doesNotContain("additionalProperties").doesNotContain(":null");
            assertThat(json.path("apiVersion").asText()).isEqualTo("batch/v1");
            assertThat(json.path("kind").asText()).isEqualTo("Job");
            assertThat(json.at("/spec/template/spec/restartPolicy").asText()).isIn("Never", "OnFailure");
            assertThat(json.at("/spec/template/spec/containers/0/image").asText())
                    .isNotEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void jobHasReplicasRunPolicyResourcesAndEnv() {
        JobSpec spec = JobSpec.builder("img:1")
                .name("Train Job")
                .replicas(3)
                .resources(Resources.none().cpu("1", "2").memory("1Gi").gpus(1))
                .env("A", "1")
                .secretEnv("creds")
                .pvc("data", "/data")
                .runPolicy(RunPolicy.none()
                        .ttlSecondsAfterFinished(100)
                        .backoffLimit(0)
                        .activeDeadlineSeconds(60))
                .label("team", "ml")
                .build();
        Job job = new BatchJobGenerator().generate(spec);
        assertRoundTrips(job);
        assertThat(job.getMetadata().getName()).startsWith("train-job-").hasSize("train-job-".length() + 6);
        assertThat(job.getMetadata().getLabels())
                .containsEntry("team", "ml")
                .containsEntry("app.kubernetes.io/managed-by", "jfairing");
        assertThat(job.getSpec().getParallelism()).isEqualTo(3);
        assertThat(job.getSpec().getCompletions()).isEqualTo(3);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(100);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(60L);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getResources().getRequests())
                .containsEntry("cpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("1Gi"))
                .containsEntry(Resources.GPU, new Quantity("1"));
        assertThat(c.getResources().getLimits())
                .containsEntry("cpu", new Quantity("2"))
                .containsEntry(Resources.GPU, new Quantity("1"));
        assertThat(c.getEnv())
                .singleElement()
                .satisfies(e -> assertThat(e.getName()).isEqualTo("A"));
        assertThat(c.getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("creds");
        assertThat(c.getVolumeMounts().get(0).getMountPath()).isEqualTo("/data");
        assertThat(job.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes()
                        .get(0)
                        .getPersistentVolumeClaim()
                        .getClaimName())
                .isEqualTo("data");
        JsonNode json = CrdSchemaValidator.JSON.valueToTree(job);
        assertThat(json.at("/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu")
                        .asText())
                .isEqualTo("1");
    }

    @Test
    void mutatorsRunLastWithNoRoleForAJob() {
        JobSpec spec = JobSpec.builder("img:1")
                .nodeSelector("a", "b")
                .mutator((t, role) -> {
                    assertThat(role).isNull();
                    t.getSpec().setNodeSelector(Map.of("pool", "gpu"));
                })
                .build();
        assertThat(new BatchJobGenerator()
                        .generate(spec)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getNodeSelector())
                .containsExactly(Map.entry("pool", "gpu"));
    }
}
