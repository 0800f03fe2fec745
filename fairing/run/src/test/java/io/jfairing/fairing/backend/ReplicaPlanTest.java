package io.jfairing.fairing.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Role;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplicaPlanTest {
    private final AtomicInteger ports = new AtomicInteger(40000);

    private List<ReplicaPlan.Replica> plan(JobSpec spec) {
        return ReplicaPlan.plan(spec, "127.0.0.1", ports::incrementAndGet);
    }

    private static JobSpec.Builder spec(JobKind kind) {
        return JobSpec.builder("img").name("train").kind(kind);
    }

    @Test
    void pytorchJobMasterIsRankZeroAndEveryReplicaGetsTheTorchAndElasticVariables() {
        List<ReplicaPlan.Replica> replicas =
                plan(spec(JobKind.PYTORCH_JOB).replicas(Role.WORKER, 2).build());
        assertThat(replicas).extracting(ReplicaPlan.Replica::name).containsExactly("master-0", "worker-0", "worker-1");
        for (int rank = 0; rank < 3; rank++) {
            Map<String, String> env = replicas.get(rank).env();
            assertThat(env)
                    .containsEntry("MASTER_ADDR", "127.0.0.1")
                    .containsEntry("MASTER_PORT", "40001")
                    .containsEntry("WORLD_SIZE", "3")
                    .containsEntry("RANK", Integer.toString(rank))
                    .containsEntry("PET_NNODES", "3")
                    .containsEntry("PET_NODE_RANK", Integer.toString(rank))
                    .containsEntry("PET_MASTER_ADDR", "127.0.0.1")
                    .containsEntry("PET_MASTER_PORT", "40001")
                    .containsEntry("PET_NPROC_PER_NODE", "1")
                    .containsEntry("JFAIRING_JOB_NAME", "train")
                    .doesNotContainKey("TF_CONFIG");
        }
        assertThat(replicas.get(2).env())
                .containsEntry("JFAIRING_REPLICA_ROLE", "worker")
                .containsEntry("JFAIRING_REPLICA_INDEX", "1");
    }

    @Test
    void trainJobNodesGetOnlyThePetVariables() {
        List<ReplicaPlan.Replica> replicas = plan(
                spec(JobKind.TRAIN_JOB).replicas(2).runtime("torch-distributed").build());
        assertThat(replicas).extracting(ReplicaPlan.Replica::name).containsExactly("node-0", "node-1");
        assertThat(replicas.get(1).env())
                .containsEntry("PET_NODE_RANK", "1")
                .containsEntry("PET_NNODES", "2")
                .doesNotContainKeys("RANK", "WORLD_SIZE", "MASTER_ADDR");
    }

    @Test
    void tfConfigListsEveryRoleButEvaluatorsWithTheirOwnPorts() throws Exception {
        JobSpec spec = spec(JobKind.TF_JOB)
                .replicas(Role.CHIEF, 1)
                .replicas(Role.PS, 1)
                .replicas(Role.WORKER, 2)
                .replicas(Role.EVALUATOR, 1)
                .build();
        List<ReplicaPlan.Replica> replicas = plan(spec);
        assertThat(replicas)
                .extracting(ReplicaPlan.Replica::name)
                .containsExactly("chief-0", "ps-0", "worker-0", "worker-1", "evaluator-0");
        ObjectMapper json = new ObjectMapper();
        JsonNode worker1 = json.readTree(replicas.get(3).env().get("TF_CONFIG"));
        assertThat(worker1.get("cluster").get("chief").toString()).isEqualTo("[\"127.0.0.1:40001\"]");
        assertThat(worker1.get("cluster").get("ps").toString()).isEqualTo("[\"127.0.0.1:40002\"]");
        assertThat(worker1.get("cluster").get("worker").toString())
                .isEqualTo("[\"127.0.0.1:40003\",\"127.0.0.1:40004\"]");
        assertThat(worker1.get("cluster").has("evaluator")).isFalse();
        assertThat(worker1.get("task").get("type").asText()).isEqualTo("worker");
        assertThat(worker1.get("task").get("index").asInt()).isEqualTo(1);
        assertThat(worker1.get("environment").asText()).isEqualTo("cloud");
        JsonNode evaluator = json.readTree(replicas.get(4).env().get("TF_CONFIG"));
        assertThat(evaluator.get("task").get("type").asText()).isEqualTo("evaluator");
        assertThat(replicas.get(0).env()).doesNotContainKey("RANK");
    }

    @Test
    void mpiWorkersGetTheirMpiRankAndTheLauncherItsRole() {
        List<ReplicaPlan.Replica> replicas =
                plan(spec(JobKind.MPI_JOB).replicas(2).build());
        assertThat(replicas)
                .extracting(ReplicaPlan.Replica::name)
                .containsExactly("launcher-0", "worker-0", "worker-1");
        assertThat(replicas.get(0).env())
                .containsEntry("K_MPI_JOB_ROLE", "launcher")
                .doesNotContainKey("OMPI_COMM_WORLD_RANK");
        assertThat(replicas.get(2).env())
                .containsEntry("K_MPI_JOB_ROLE", "worker")
                .containsEntry("OMPI_COMM_WORLD_RANK", "1")
                .containsEntry("OMPI_COMM_WORLD_SIZE", "2");
    }

    @Test
    void xgboostGetsMasterAndWorkerAddresses() {
        List<ReplicaPlan.Replica> replicas =
                plan(spec(JobKind.XGBOOST_JOB).replicas(Role.WORKER, 2).build());
        assertThat(replicas.get(1).env())
                .containsEntry("RANK", "1")
                .containsEntry("WORLD_SIZE", "3")
                .containsEntry("WORKER_ADDRS", "127.0.0.1,127.0.0.1")
                .containsEntry("MASTER_PORT", "40001");
    }

    @Test
    void batchJobReplicasGetCompletionIndexesAndTheSpecEnvWins() {
        List<ReplicaPlan.Replica> replicas = plan(spec(JobKind.JOB)
                .replicas(3)
                .env("JOB_COMPLETION_INDEX", "9")
                .env("EPOCHS", "5")
                .build());
        assertThat(replicas).extracting(ReplicaPlan.Replica::name).containsExactly("worker-0", "worker-1", "worker-2");
        assertThat(replicas.get(1).env())
                .containsEntry("EPOCHS", "5")
                .containsEntry("JOB_COMPLETION_INDEX", "9")
                .doesNotContainKey("MASTER_ADDR");
        assertThat(plan(spec(JobKind.JOB).replicas(2).build()).get(1).env()).containsEntry("JOB_COMPLETION_INDEX", "1");
    }

    @Test
    void anExperimentIsNotAJob() {
        JobSpec experiment = JobSpec.builder("img")
                .tuning(io.jfairing.fairing.deploy.Tuning.maximize("score")
                        .parameter(io.jfairing.fairing.deploy.Tuning.Parameter.intRange("x", 0, 3))
                        .maxTrials(3)
                        .parallelTrials(1)
                        .build())
                .build();
        assertThatThrownBy(() -> plan(experiment)).hasMessageContaining("Tuner");
    }
}
