package io.jfairing.fairing.cli.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.Backends;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The operators' own settings as options of train and tune (and so of their magics, which share these classes). */
class OperatorOptionsTest {
    @TempDir
    Path project;

    @Command(name = "train")
    static final class Train {
        @Mixin
        JobOptions job = new JobOptions();
    }

    @Command(name = "tune")
    static final class Tune {
        @Mixin
        JobOptions job = new JobOptions();

        @Mixin
        TuningOptions tuning = new TuningOptions();
    }

    private JobSpec spec(String... args) throws Exception {
        Train train = new Train();
        new CommandLine(train).parseArgs(args);
        return train.job
                .spec(ProjectConfig.load(project), "wine-train", "registry/wine:1")
                .build();
    }

    /** What train and tune do first with their options: a bad one fails here, before anything is built. */
    private void check(String... args) throws Exception {
        Train train = new Train();
        new CommandLine(train).parseArgs(args);
        train.job.check(ProjectConfig.load(project), "wine-train");
    }

    @Test
    void mpiJobSettingsReachTheSpec() throws Exception {
        JobSpec spec =
                spec("--kind", "mpijob", "--replicas", "2", "--slots-per-worker", "4", "--main-container", "mpi");
        assertThat(spec.slotsPerWorker()).isEqualTo(4);
        assertThat(spec.mainContainer()).isEqualTo("mpi");
    }

    @Test
    void processesPerNodeReachPyTorchJobsAndTrainJobs() throws Exception {
        assertThat(spec("--kind", "pytorchjob", "--nproc-per-node", "auto").nprocPerNode())
                .isEqualTo("auto");
        assertThat(spec("--kind", "trainjob", "--runtime", "torch-distributed", "--num-proc-per-node", "2")
                        .numProcPerNode())
                .isEqualTo(2);
    }

    @Test
    void anOperatorSettingOnAnotherKindIsRefusedByTheOperatorsRule() {
        assertThatThrownBy(() -> check("--kind", "pytorchjob", "--slots-per-worker", "2"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("slotsPerWorker");
        assertThatThrownBy(() -> check("--kind", "mpijob", "--slots-per-worker", "0"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("must be 1 or more");
    }

    private Tune tune(String... args) {
        Tune tune = new Tune();
        new CommandLine(tune).parseArgs(args);
        return tune;
    }

    @Test
    void algorithmSettingsReachKatibsSpecAndAreCheckedPerAlgorithm() throws Exception {
        Tuning tuning = tune(
                        "--maximize",
                        "accuracy",
                        "--double",
                        "lr=0.01:0.1",
                        "--algorithm",
                        "random",
                        "--algorithm-setting",
                        "random_state=7")
                .tuning
                .tuning("job");
        assertThat(tuning.algorithmSettings()).containsEntry("random_state", "7");
        assertThatThrownBy(() -> tune(
                                "--maximize",
                                "accuracy",
                                "--double",
                                "lr=0.01:0.1",
                                "--algorithm",
                                "random",
                                "--algorithm-setting",
                                "no_such_setting=1")
                        .tuning
                        .tuning("job"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no_such_setting");
    }

    @Test
    void aLocalSweepTakesTheSeedSettingAndRefusesKatibsOthers() throws Exception {
        try (var backend = Backends.local(project.resolve("jobs"))) {
            assertThat(tune("--maximize", "a", "--int", "n=1:3", "--algorithm-setting", "random_state=7")
                            .tuning
                            .tuner(backend))
                    .isNotNull();
            assertThatThrownBy(() -> tune("--maximize", "a", "--int", "n=1:3", "--algorithm-setting", "random_state=x")
                            .tuning
                            .tuner(backend))
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("whole number");
        }
    }
}
