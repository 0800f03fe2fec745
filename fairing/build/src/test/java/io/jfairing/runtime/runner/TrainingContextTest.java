package io.jfairing.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingContextTest {
    @Test
    void readsTorchVariables() {
        TrainingContext ctx = TrainingContext.of(Map.of(
                "RANK",
                "2",
                "WORLD_SIZE",
                "4",
                "MASTER_ADDR",
                "10.0.0.1",
                "MASTER_PORT",
                "23456",
                "JFAIRING_REPLICA_ROLE",
                "worker",
                "JFAIRING_REPLICA_INDEX",
                "1",
                "JFAIRING_JOB_NAME",
                "j"));
        assertThat(ctx.rank()).isEqualTo(2);
        assertThat(ctx.worldSize()).isEqualTo(4);
        assertThat(ctx.isDistributed()).isTrue();
        assertThat(ctx.isChief()).isFalse();
        assertThat(ctx.masterAddress()).isEqualTo("10.0.0.1");
        assertThat(ctx.masterPort()).isEqualTo(23456);
        assertThat(ctx.role()).contains("worker");
        assertThat(ctx.replicaIndex()).isEqualTo(1);
        assertThat(ctx.jobName()).contains("j");
    }

    @Test
    void fallsBackToPetMpiAndCompletionIndexThenToASingleProcess() {
        assertThat(TrainingContext.of(Map.of(
                        "PET_NODE_RANK", "1", "PET_NNODES", "2", "PET_MASTER_ADDR", "m", "PET_MASTER_PORT", "99")))
                .satisfies(c -> {
                    assertThat(c.rank()).isEqualTo(1);
                    assertThat(c.worldSize()).isEqualTo(2);
                    assertThat(c.masterAddress()).isEqualTo("m");
                    assertThat(c.masterPort()).isEqualTo(99);
                });
        assertThat(TrainingContext.of(Map.of("OMPI_COMM_WORLD_RANK", "3", "OMPI_COMM_WORLD_SIZE", "5"))
                        .rank())
                .isEqualTo(3);
        assertThat(TrainingContext.of(Map.of("JOB_COMPLETION_INDEX", "7")).rank())
                .isEqualTo(7);
        TrainingContext alone = TrainingContext.of(Map.of());
        assertThat(alone.rank()).isZero();
        assertThat(alone.worldSize()).isEqualTo(1);
        assertThat(alone.isChief()).isTrue();
        assertThat(alone.masterAddress()).isEqualTo("127.0.0.1");
        assertThat(alone.runId()).isEmpty();
        assertThat(alone.role()).isEmpty();
    }

    @Test
    void parametersAreTypedWithDefaultsAndClearErrors() {
        TrainingContext ctx = TrainingContext.of(Map.of(
                "FAIRING_PARAM_LR",
                "0.01",
                "FAIRING_PARAM_EPOCHS",
                "20",
                "FAIRING_PARAM_OPTIMIZER",
                "adam",
                "FAIRING_PARAM_AMP",
                "TRUE",
                "FAIRING_PARAM_BAD",
                "x1"));
        assertThat(ctx.doubleParameter("lr", 1)).isEqualTo(0.01);
        assertThat(ctx.intParameter("epochs", 1)).isEqualTo(20);
        assertThat(ctx.longParameter("EPOCHS", 1)).isEqualTo(20L);
        assertThat(ctx.parameter("optimizer", "sgd")).isEqualTo("adam");
        assertThat(ctx.booleanParameter("amp", false)).isTrue();
        assertThat(ctx.intParameter("missing", 5)).isEqualTo(5);
        assertThat(ctx.parameters())
                .containsEntry("lr", "0.01")
                .containsEntry("epochs", "20")
                .hasSize(5);
        assertThatThrownBy(() -> ctx.intParameter("bad", 0)).hasMessage("bad must be an integer, got 'x1'");
        assertThatThrownBy(() -> ctx.booleanParameter("bad", false)).hasMessage("bad must be true or false, got 'x1'");
    }

    @Test
    void runAndStoreComeFromTheEnvironment() {
        TrainingContext ctx = TrainingContext.of(Map.of("JFAIRING_RUN_ID", "42", "JFAIRING_METADATA_URI", "/tmp/m.db"));
        assertThat(ctx.runId()).contains(42L);
        assertThat(ctx.metadataUri()).contains("/tmp/m.db");
        assertThatThrownBy(() -> TrainingContext.of(Map.of("RANK", "one")).rank())
                .hasMessage("RANK must be an integer, got 'one'");
    }

    @Test
    void metricsArePrintedInKatibsStdOutFormat() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TrainingContext.reportMetric(out, "accuracy", 0.93);
        TrainingContext.reportMetric(out, "val-loss", 1e-7);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("accuracy=0.93\nval-loss=1.0E-7\n");
        assertThatThrownBy(() -> TrainingContext.reportMetric(out, "a b", 1)).hasMessageContaining("metric name");
        assertThatThrownBy(() -> TrainingContext.reportMetric(out, "loss", Double.NaN))
                .hasMessageContaining("finite");
    }
}
