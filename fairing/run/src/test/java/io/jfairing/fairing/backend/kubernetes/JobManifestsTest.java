package io.jfairing.fairing.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.deploy.CrdManifests;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Mount;
import io.jfairing.fairing.deploy.Resources;
import io.jfairing.fairing.deploy.Role;
import io.jfairing.fairing.deploy.RunPolicy;
import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.job.JobRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the backend adds to a generated manifest keeps it valid for its CRD, for every kind and many options. */
class JobManifestsTest {
    static final String IMAGE = KubernetesJobBackendTest.IMAGE;

    static Stream<Arguments> manifests() {
        Map<String, UnaryOperator<JobSpec.Builder>> options = Map.of(
                "minimal", b -> b,
                "resources and env",
                        b -> b.resources(Resources.none().cpu("1", "2").memory("1Gi", "2Gi"))
                                .env("EPOCHS", "3"),
                "volumes and secrets",
                        b -> b.secretEnv("s3").pvc("data", "/data").mount(Mount.configMap("conf", "/etc/conf")),
                "scheduling",
                        b -> b.nodeSelector("pool", "gpu")
                                .toleration("nvidia.com/gpu", null, "NoSchedule")
                                .serviceAccount("trainer")
                                .imagePullSecret("registry"),
                "labels and policy",
                        b -> b.label("team", "ml")
                                .annotation("note", "x")
                                .runPolicy(RunPolicy.none()
                                        .ttlSecondsAfterFinished(60)
                                        .backoffLimit(1)));
        List<Arguments> out = new ArrayList<>();
        for (JobKind kind :
                List.of(JobKind.JOB, JobKind.PYTORCH_JOB, JobKind.TF_JOB, JobKind.MPI_JOB, JobKind.XGBOOST_JOB)) {
            options.forEach((name, option) -> {
                JobSpec.Builder b =
                        JobSpec.builder(IMAGE).name("My Job " + name).kind(kind);
                if (kind != JobKind.JOB) {
                    b.replicas(Role.WORKER, 2);
                }
                out.add(Arguments.of(kind.kind() + " " + name, option.apply(b).build()));
            });
        }
        out.add(Arguments.of(
                "TrainJob",
                JobSpec.builder(IMAGE)
                        .name("v2")
                        .kind(JobKind.TRAIN_JOB)
                        .runtime("torch-distributed")
                        .replicas(2)
                        .env("EPOCHS", "3")
                        .resources(Resources.none().cpu("2").gpus(1))
                        .build()));
        Tuning tuning = Tuning.minimize("loss")
                .parameter(Tuning.Parameter.doubleRange("lr", 0.001, 0.1))
                .maxTrials(6)
                .build();
        out.add(Arguments.of(
                "Experiment of Jobs",
                JobSpec.builder(IMAGE).name("sweep").tuning(tuning).build()));
        Tuning mpi = Tuning.maximize("acc")
                .parameter(Tuning.Parameter.categorical("opt", "sgd", "adam"))
                .trialKind(JobKind.MPI_JOB)
                .build();
        out.add(Arguments.of(
                "Experiment of MPIJobs",
                JobSpec.builder(IMAGE)
                        .name("sweep-mpi")
                        .tuning(mpi)
                        .replicas(Role.WORKER, 2)
                        .build()));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void labelledWithTheRunsEnvAndTheTokenOnlyByReferenceAndValid(String name, JobSpec spec) {
        JobRequest request =
                JobRequest.builder(spec).metadataUri("http://metadata.ml:8765").build();
        GenericKubernetesResource manifest = JobManifests.manifest(
                request, "team-a", 42L, new JobManifests.SecretKey("sweep-jfairing-metadata", "token"));

        assertThat(manifest.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(manifest.getMetadata().getLabels())
                .containsEntry(JobEnvironment.LABEL_MANAGED_BY, JobEnvironment.MANAGED_BY)
                .containsEntry(JobEnvironment.LABEL_JOB_NAME, spec.name());
        assertThat(manifest.getMetadata().getAnnotations()).containsEntry(JobSnapshot.RUN_ID_ANNOTATION, "42");
        String json = Serialization.asJson(manifest);
        assertThat(json)
                .contains("{\"name\":\"" + JobEnvironment.RUN_ID + "\",\"value\":\"42\"}")
                .contains("{\"name\":\"" + JobEnvironment.METADATA_URI + "\",\"value\":\"http://metadata.ml:8765\"}")
                .contains("{\"name\":\"" + JobEnvironment.JOB_NAME + "\",\"value\":\"" + spec.name() + "\"}")
                .contains(
                        "{\"name\":\"" + JobEnvironment.METADATA_TOKEN
                                + "\",\"valueFrom\":{\"secretKeyRef\":{\"key\":\"token\",\"name\":\"sweep-jfairing-metadata\"}}}");
        if (spec.kind() != JobKind.TRAIN_JOB) {
            assertThat(json)
                    .as("pods carry the labels list() needs")
                    .containsPattern(
                            "\"template\":\\{\"metadata\":\\{(\"annotations\":\\{[^}]*\\},)?\"labels\":\\{[^}]*\""
                                    + JobEnvironment.LABEL_MANAGED_BY + "\":\"jfairing\",\""
                                    + JobEnvironment.LABEL_JOB_NAME + "\":\"" + spec.name() + "\"")
                    .contains(JobEnvironment.REPLICA_ROLE);
        }
        JobKind podKind = spec.kind() == JobKind.EXPERIMENT ? spec.tuning().trialKind() : spec.kind();
        boolean trainingOperator = List.of(JobKind.PYTORCH_JOB, JobKind.TF_JOB, JobKind.MPI_JOB, JobKind.XGBOOST_JOB)
                .contains(podKind);
        if (!trainingOperator) {
            assertThat(json).doesNotContain(JobEnvironment.REPLICA_INDEX);
        } else {
            assertThat(json)
                    .contains(
                            "{\"name\":\"" + JobEnvironment.REPLICA_INDEX
                                    + "\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.labels['training.kubeflow.org/replica-index']\"}}}");
        }
        if (spec.kind() == JobKind.JOB) {
            Job job = Serialization.jsonMapper().convertValue(manifest, Job.class);
            assertThat(job.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        } else {
            assertThat(CrdManifests.problems(manifest)).as(json).isEmpty();
        }
        if (spec.kind() == JobKind.EXPERIMENT) {
            Map<String, Object> trialSpec = manifest.get("spec", "trialTemplate", "trialSpec");
            if (!"batch/v1".equals(trialSpec.get("apiVersion"))) {
                assertThat(CrdManifests.problems(trialSpec)).isEmpty();
            }
        }
    }
}
