package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The Training Operator v1.9 webhooks' rules and the per-kind options (issue 15). */
class TrainingOperatorRulesTest {

    private static JsonNode manifest(JobSpec spec) {
        assertThat(CrdManifests.problems(ManifestGenerator.manifest(spec))).isEmpty();
        return CrdSchemaValidator.JSON.valueToTree(ManifestGenerator.manifest(spec));
    }

    @Test
    void tfJobTakesChiefOrMasterNotBoth() {
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.TF_JOB)
                        .replicas(Role.CHIEF, 1)
                        .replicas(Role.MASTER, 1)
                        .build())
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageContaining("tfReplicaSpecs: Chief and Master")
                .hasMessageContaining("tfjob_webhook.go");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.TF_JOB)
                        .replicas(Role.MASTER, 2)
                        .build())
                .hasMessageContaining("tfReplicaSpecs.Master.replicas: 2 must be 1");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.TF_JOB)
                        .replicas(Role.EVALUATOR, 2)
                        .build())
                .hasMessageContaining("tfReplicaSpecs.Evaluator.replicas");
        assertThat(manifest(JobSpec.builder("img")
                                .kind(JobKind.TF_JOB)
                                .replicas(Role.CHIEF, 1)
                                .replicas(Role.PS, 2)
                                .replicas(Role.EVALUATOR, 1)
                                .replicas(2)
                                .build())
                        .at("/spec/tfReplicaSpecs")
                        .size())
                .isEqualTo(4);
    }

    @Test
    void psOnlyTfJobIsRejected() {
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.TF_JOB)
                        .replicas(0)
                        .replicas(Role.PS, 2)
                        .build())
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageContaining("needs at least one Chief, Master or Worker")
                .hasMessageContaining("[PS]");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .tuning(Tuning.maximize("acc")
                                .parameter(Tuning.Parameter.intRange("e", 1, 3))
                                .trialKind(JobKind.TF_JOB)
                                .build())
                        .replicas(0)
                        .replicas(Role.PS, 1)
                        .build())
                .hasMessageContaining("needs at least one Chief, Master or Worker");
    }

    @Test
    void mpiJobSlotsPerWorkerAndMainContainer() {
        JsonNode m = manifest(JobSpec.builder("img")
                .kind(JobKind.MPI_JOB)
                .replicas(2)
                .slotsPerWorker(4)
                .mainContainer("trainer")
                .build());
        assertThat(m.at("/spec/slotsPerWorker").asInt()).isEqualTo(4);
        assertThat(m.at("/spec/mainContainer").asText()).isEqualTo("trainer");
        assertThat(m.at("/spec/mpiReplicaSpecs/Launcher/template/spec/containers/0/name")
                        .asText())
                .isEqualTo("trainer");
        assertThat(m.at("/spec/mpiReplicaSpecs/Worker/template/spec/containers/0/name")
                        .asText())
                .isEqualTo("trainer");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.MPI_JOB)
                        .slotsPerWorker(0)
                        .build())
                .hasMessageContaining("spec.slotsPerWorker: 0 must be 1 or more");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.MPI_JOB)
                        .mainContainer("Main_C")
                        .build())
                .hasMessageContaining("spec.mainContainer")
                .hasMessageContaining("DNS-1123 label");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.PYTORCH_JOB)
                        .slotsPerWorker(2)
                        .build())
                .hasMessageContaining("slotsPerWorker: is an option of a MPIJob, not of a PyTorchJob");
        JobSpec sweep = JobSpec.builder("img")
                .tuning(Tuning.maximize("acc")
                        .parameter(Tuning.Parameter.intRange("e", 1, 3))
                        .trialKind(JobKind.MPI_JOB)
                        .build())
                .mainContainer("trainer")
                .build();
        JsonNode e = CrdSchemaValidator.JSON.valueToTree(ManifestGenerator.manifest(sweep));
        assertThat(e.at("/spec/trialTemplate/primaryContainerName").asText()).isEqualTo("trainer");
    }

    @Test
    void pyTorchJobNprocPerNode() {
        assertThat(manifest(JobSpec.builder("img")
                                .kind(JobKind.PYTORCH_JOB)
                                .replicas(1)
                                .nprocPerNode(4)
                                .build())
                        .at("/spec/nprocPerNode")
                        .asText())
                .isEqualTo("4");
        assertThat(manifest(JobSpec.builder("img")
                                .kind(JobKind.PYTORCH_JOB)
                                .nprocPerNode("gpu")
                                .build())
                        .at("/spec/nprocPerNode")
                        .asText())
                .isEqualTo("gpu");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.PYTORCH_JOB)
                        .nprocPerNode("many")
                        .build())
                .hasMessageContaining("spec.nprocPerNode: 'many' must be auto, cpu, gpu or a count");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.PYTORCH_JOB)
                        .nprocPerNode(0)
                        .build())
                .hasMessageContaining("spec.nprocPerNode");
        assertThatThrownBy(() -> JobSpec.builder("img").nprocPerNode(2).build())
                .hasMessageContaining("option of a PyTorchJob");
    }

    @Test
    void trainJobNumProcPerNode() {
        JsonNode m = manifest(JobSpec.builder("img")
                .kind(JobKind.TRAIN_JOB)
                .runtime("torch-distributed")
                .replicas(2)
                .numProcPerNode(8)
                .build());
        assertThat(m.at("/spec/trainer/numProcPerNode").asInt()).isEqualTo(8);
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.TRAIN_JOB)
                        .runtime("torch-distributed")
                        .numProcPerNode(0)
                        .build())
                .hasMessageContaining("spec.trainer.numProcPerNode: 0 must be 1 or more");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.PYTORCH_JOB)
                        .numProcPerNode(2)
                        .build())
                .hasMessageContaining("option of a TrainJob");
    }
}
