package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Bad input fails in {@code build()} (or earlier), with the field and value named, before anything is created. */
class JobSpecValidationTest {

    @Test
    void invalidQuantitiesNameTheFieldAndValue() {
        assertThatThrownBy(() -> Resources.none().cpu("two"))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageContaining("requests.cpu")
                .hasMessageContaining("'two'");
        assertThatThrownBy(() -> Resources.none().memory("1Gi", "4GB"))
                .hasMessageContaining("limits.memory")
                .hasMessageContaining("'4GB'");
        assertThatThrownBy(() -> Resources.none().memory("-1Gi")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Resources.none().cpu("")).hasMessageContaining("requests.cpu");
        assertThatThrownBy(() -> Resources.none().gpus(-1)).hasMessageContaining("GPUs must be 0 or more");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .resources(Resources.none().cpu("4", "2"))
                        .build())
                .hasMessageContaining("request cpu=4 is more than its limit 2");
        assertThat(Resources.none().cpu("1.5").memory("1e3", "1Ki").cpu("100m").requests())
                .containsEntry("cpu", "100m");
    }

    @Test
    void unknownJobKind() {
        assertThatThrownBy(() -> JobSpec.builder("img").kind("SparkJob"))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageContaining("unknown job kind 'SparkJob'")
                .hasMessageContaining("PyTorchJob")
                .hasMessageContaining("TrainJob");
        assertThat(JobKind.parse("pytorchjob")).isEqualTo(JobKind.PYTORCH_JOB);
        assertThat(JobKind.parse("TF_JOB")).isEqualTo(JobKind.TF_JOB);
        assertThat(JobKind.parse("katib")).isEqualTo(JobKind.EXPERIMENT);
        assertThat(JobKind.parse("Job")).isEqualTo(JobKind.JOB);
    }

    @Test
    void negativeOrImpossibleReplicas() {
        assertThatThrownBy(() -> JobSpec.builder("img").replicas(-1).build())
                .hasMessageContaining("replicas must be 0 or more, got -1");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.TF_JOB)
                        .replicas(Role.PS, -2)
                        .build())
                .hasMessageContaining("replicas of PS must be 0 or more, got -2");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.PYTORCH_JOB)
                        .replicas(Role.MASTER, 2)
                        .build())
                .hasMessageContaining("PyTorchJob takes exactly one Master");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.PYTORCH_JOB)
                        .replicas(Role.PS, 1)
                        .build())
                .hasMessageContaining("PyTorchJob has no role PS; its roles: Master, Worker");
        assertThatThrownBy(() -> JobSpec.builder("img").replicas(0).build())
                .hasMessageContaining("needs at least 1 replica");
        assertThatThrownBy(() ->
                        JobSpec.builder("img").kind(JobKind.MPI_JOB).replicas(0).build())
                .hasMessageContaining("at least 1 Worker");
        assertThatThrownBy(() ->
                        JobSpec.builder("img").kind(JobKind.TF_JOB).replicas(0).build())
                .hasMessageContaining("TFJob needs");
        assertThat(JobSpec.builder("img")
                        .kind(JobKind.PYTORCH_JOB)
                        .replicas(0)
                        .build()
                        .replicasByRole())
                .containsOnlyKeys(Role.MASTER);
    }

    @Test
    void gpuWhereItCannotGo() {
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.MPI_JOB)
                        .resources(Role.LAUNCHER, Resources.none().gpus(1))
                        .build())
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageContaining("Launcher")
                .hasMessageContaining("GPUs");
        JobSpec mpi = JobSpec.builder("img")
                .kind(JobKind.MPI_JOB)
                .resources(Resources.none().cpu("1").gpus(2))
                .build();
        assertThat(mpi.resources(Role.LAUNCHER).gpus()).isZero();
        assertThat(mpi.resources(Role.LAUNCHER).requests()).containsEntry("cpu", "1");
        assertThat(mpi.resources(Role.WORKER).gpus()).isEqualTo(2);
    }

    @Test
    void trainJobRejectsWhatBelongsToTheRuntime() {
        assertThatThrownBy(() -> JobSpec.builder("img").kind(JobKind.TRAIN_JOB).build())
                .hasMessageContaining("needs a runtime");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .kind(JobKind.TRAIN_JOB)
                        .runtime("torch-distributed")
                        .pvc("data", "/data")
                        .nodeSelector("a", "b")
                        .build())
                .hasMessageContaining("cannot take volumes, node selector")
                .hasMessageContaining("torch-distributed");
        assertThatThrownBy(() -> JobSpec.builder("img").runtime("torch").build())
                .hasMessageContaining("is for a TrainJob");
    }

    @Test
    void otherBadInput() {
        assertThatThrownBy(() -> JobSpec.builder(" ").build()).hasMessageContaining("needs an image");
        assertThatThrownBy(() -> JobSpec.builder("img").env("1BAD", "x").build())
                .hasMessageContaining("invalid env variable name '1BAD'");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .pvc("a", "/x")
                        .secretFiles("b", "/x")
                        .build())
                .hasMessageContaining("two volumes mounted at /x");
        assertThatThrownBy(() -> JobSpec.builder("img").pvc("a", "relative").build())
                .hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> RunPolicy.none().backoffLimit(-1))
                .hasMessageContaining("backoffLimit must be 0 or more");
        assertThatThrownBy(() -> RunPolicy.none().activeDeadlineSeconds(0))
                .hasMessageContaining("activeDeadlineSeconds must be positive");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .runPolicy(RunPolicy.none().cleanPodPolicy(RunPolicy.CleanPodPolicy.ALL))
                        .build())
                .hasMessageContaining("batch Job has no cleanPodPolicy");
    }

    @Test
    void specIsImmutableAndRoundTripsThroughItsBuilder() {
        JobSpec spec = JobSpec.builder("img")
                .name("A B")
                .env("X", "1")
                .toleration("k", null, "NoSchedule")
                .build();
        assertThatThrownBy(() -> spec.env().put("Y", "2")).isInstanceOf(UnsupportedOperationException.class);
        spec.tolerations().get(0).setKey("changed");
        assertThat(spec.tolerations().get(0).getKey()).isEqualTo("k");
        JobSpec copy = spec.toBuilder().build();
        assertThat(copy.name()).isEqualTo(spec.name());
        assertThat(copy.env()).isEqualTo(spec.env());
    }
}
