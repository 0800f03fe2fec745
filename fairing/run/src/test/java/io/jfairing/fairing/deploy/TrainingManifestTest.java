package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The role rules of the Training Operator kinds and the TrainJob's shape. */
class TrainingManifestTest {

    private static JsonNode json(JobSpec spec) {
        return CrdSchemaValidator.JSON.valueToTree(ManifestGenerator.manifest(spec));
    }

    @Test
    void pytorchJobHasOneMasterAndWorkersInContainerPytorch() {
        JsonNode j = json(JobSpec.builder("img")
                .kind(JobKind.PYTORCH_JOB)
                .replicas(3)
                .runPolicy(RunPolicy.none()
                        .cleanPodPolicy(RunPolicy.CleanPodPolicy.ALL)
                        .ttlSecondsAfterFinished(60))
                .build());
        assertThat(j.path("apiVersion").asText()).isEqualTo("kubeflow.org/v1");
        assertThat(j.at("/spec/pytorchReplicaSpecs/Master/replicas").asInt()).isEqualTo(1);
        assertThat(j.at("/spec/pytorchReplicaSpecs/Worker/replicas").asInt()).isEqualTo(3);
        assertThat(j.at("/spec/pytorchReplicaSpecs/Worker/template/spec/containers/0/name")
                        .asText())
                .isEqualTo("pytorch");
        assertThat(j.at("/spec/runPolicy/cleanPodPolicy").asText()).isEqualTo("All");
        assertThat(j.at("/spec/runPolicy/ttlSecondsAfterFinished").asInt()).isEqualTo(60);
    }

    @Test
    void tfJobRolesAndContainer() {
        JsonNode j = json(JobSpec.builder("img")
                .kind(JobKind.TF_JOB)
                .replicas(Role.CHIEF, 1)
                .replicas(Role.PS, 2)
                .replicas(2)
                .build());
        List<String> roles = new ArrayList<>();
        j.at("/spec/tfReplicaSpecs").fieldNames().forEachRemaining(roles::add);
        assertThat(roles).containsExactly("Chief", "PS", "Worker");
        assertThat(j.at("/spec/tfReplicaSpecs/PS/template/spec/containers/0/name")
                        .asText())
                .isEqualTo("tensorflow");
    }

    @Test
    void mpiAndXgboostRoles() {
        JsonNode mpi = json(JobSpec.builder("img")
                .kind(JobKind.MPI_JOB)
                .replicas(2)
                .resources(Resources.none().gpus(1))
                .build());
        assertThat(mpi.at("/spec/mpiReplicaSpecs/Launcher/replicas").asInt()).isEqualTo(1);
        assertThat(mpi.at("/spec/mpiReplicaSpecs/Launcher/template/spec/containers/0/resources")
                        .isMissingNode())
                .isTrue();
        assertThat(mpi.at("/spec/mpiReplicaSpecs/Worker/template/spec/containers/0/resources/limits/nvidia.com~1gpu")
                        .asText())
                .isEqualTo("1");
        JsonNode xgb = json(
                JobSpec.builder("img").kind(JobKind.XGBOOST_JOB).replicas(2).build());
        assertThat(xgb.at("/spec/xgbReplicaSpecs/Master/replicas").asInt()).isEqualTo(1);
        assertThat(xgb.at("/spec/xgbReplicaSpecs/Worker/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void mutatorsSeeEachRole() {
        List<Role> seen = new ArrayList<>();
        JsonNode j = json(JobSpec.builder("img")
                .kind(JobKind.PYTORCH_JOB)
                .replicas(1)
                .mutator((t, role) -> {
                    seen.add(role);
                    t.getSpec().setSchedulerName("volcano-" + role.key().toLowerCase());
                })
                .build());
        assertThat(seen).containsExactly(Role.MASTER, Role.WORKER);
        assertThat(j.at("/spec/pytorchReplicaSpecs/Worker/template/spec/schedulerName")
                        .asText())
                .isEqualTo("volcano-worker");
    }

    @Test
    void trainJobReferencesItsRuntime() {
        JsonNode j = json(JobSpec.builder("img")
                .kind(JobKind.TRAIN_JOB)
                .runtime("torch-distributed")
                .replicas(2)
                .command("torchrun")
                .env("A", "1")
                .resources(Resources.none().gpus(1))
                .build());
        assertThat(j.path("apiVersion").asText()).isEqualTo("trainer.kubeflow.org/v1alpha1");
        assertThat(j.at("/spec/runtimeRef/name").asText()).isEqualTo("torch-distributed");
        assertThat(j.at("/spec/trainer/image").asText()).isEqualTo("img");
        assertThat(j.at("/spec/trainer/numNodes").asInt()).isEqualTo(2);
        assertThat(j.at("/spec/trainer/env/0/name").asText()).isEqualTo("A");
        assertThat(j.at("/spec/trainer/resourcesPerNode/limits/nvidia.com~1gpu").asText())
                .isEqualTo("1");
    }
}
