package io.jfairing.fairing.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.backend.local.LocalProcessJobBackend;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.Backends;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRecorder;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.Trial;
import io.jfairing.fairing.job.TuningHandle;
import io.jfairing.fairing.job.TuningOutcome;
import io.jfairing.fairing.testing.workloads.Objective;
import io.jfairing.fairing.testing.workloads.Workloads;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps of real trial JVMs over the objective -(x-3)^2-(y+1)^2, whose best is x=3, y=-1. */
@Tag("slow")
class LocalTunerIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private LocalProcessJobBackend backend;

    @BeforeEach
    void start() {
        backend = Backends.local(dir.resolve("jobs"));
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private static JobSpec sweep(String name, Tuning.Builder tuning) {
        return JobSpec.builder("local")
                .name(name)
                .tuning(tuning.parameter(Tuning.Parameter.intRange("x", 2, 4))
                        .parameter(Tuning.Parameter.discrete("y", -2, -1, 0))
                        .build())
                .build();
    }

    private static double objective(Trial t) {
        double x = Double.parseDouble(t.parameters().get("x"));
        double y = Double.parseDouble(t.parameters().get("y"));
        return -(x - 3) * (x - 3) - (y + 1) * (y + 1);
    }

    @Test
    void gridSearchFindsTheKnownBestAndRecordsEveryTrialUnderTheSweep() throws Exception {
        try (MetadataStore store = MetadataStore.open(dir.resolve("metadata.db"))) {
            JobSpec spec = sweep(
                    "grid",
                    Tuning.maximize("score")
                            .additionalMetric("loss")
                            .algorithm("grid")
                            .maxTrials(12)
                            .parallelTrials(3));
            TuningHandle sweep = LocalTuner.on(backend)
                    .tune(JobRequest.builder(spec)
                            .program(Workloads.program(Objective.class))
                            .record(store, "tuning")
                            .build());
            List<Trial> finished = Collections.synchronizedList(new ArrayList<>());
            sweep.onTrial(finished::add);
            TuningOutcome outcome = sweep.waitForCompletion(TIMEOUT);

            assertThat(outcome.phase()).isEqualTo(JobPhase.SUCCEEDED);
            assertThat(outcome.trials()).hasSize(9).allMatch(t -> t.phase() == JobPhase.SUCCEEDED);
            assertThat(outcome.trials()).allSatisfy(t -> {
                assertThat(t.objective()).isEqualTo(objective(t));
                assertThat(t.metrics()).containsEntry("loss", -objective(t));
            });
            assertThat(outcome.best().parameters()).isEqualTo(Map.of("x", "3", "y", "-1"));
            assertThat(outcome.best().objective()).isEqualTo(-0.0);
            assertThat(finished)
                    .extracting(Trial::name)
                    .containsExactlyInAnyOrderElementsOf(
                            outcome.trials().stream().map(Trial::name).toList());

            List<RunInfo> runs =
                    store.searchRuns(RunQuery.builder().pageSize(100).build()).items();
            RunInfo parent = runs.stream()
                    .filter(r -> r.name().equals("grid"))
                    .findFirst()
                    .orElseThrow();
            assertThat(parent.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(parent.tags())
                    .containsEntry("jfairing.tuning.best.x", "3")
                    .containsEntry("jfairing.tuning.best.y", "-1")
                    .containsEntry(JobRecorder.TAG_KIND, "Experiment");
            List<RunInfo> children = runs.stream()
                    .filter(r -> String.valueOf(parent.id()).equals(r.tags().get(JobRecorder.TAG_PARENT_RUN)))
                    .toList();
            assertThat(children).hasSize(9).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
                assertThat(r.params()).containsKeys("x", "y");
                assertThat(r.metrics()).containsKey("score");
            });
        }
    }

    @Test
    void randomSearchTriesItsTrialsAndReportsTheBestOfThem() throws Exception {
        JobSpec spec = JobSpec.builder("local")
                .name("random")
                .tuning(Tuning.minimize("loss")
                        .algorithm("random")
                        .parameter(Tuning.Parameter.doubleRange("x", 0, 6))
                        .parameter(Tuning.Parameter.doubleRange("y", -3, 1))
                        .maxTrials(6)
                        .parallelTrials(2)
                        .build())
                .build();
        TuningOutcome outcome = LocalTuner.on(backend)
                .seed(42)
                .tune(JobRequest.builder(spec)
                        .program(Workloads.program(Objective.class))
                        .build())
                .waitForCompletion(TIMEOUT);
        assertThat(outcome.trials()).hasSize(6).allMatch(t -> t.phase() == JobPhase.SUCCEEDED);
        assertThat(outcome.trials())
                .allSatisfy(t ->
                        assertThat(t.objective()).isCloseTo(-objective(t), org.assertj.core.data.Offset.offset(1e-9)));
        double lowest =
                outcome.trials().stream().mapToDouble(Trial::objective).min().orElseThrow();
        assertThat(outcome.best().objective()).isEqualTo(lowest);
        assertThat(outcome.trials().stream().map(Trial::parameters).distinct()).hasSize(6);
    }

    @Test
    void reachingTheGoalStopsStartingTrials() throws Exception {
        JobSpec spec = sweep(
                "goal",
                Tuning.maximize("score").goal(0).algorithm("grid").maxTrials(9).parallelTrials(1));
        TuningOutcome outcome = LocalTuner.on(backend)
                .tune(JobRequest.builder(spec)
                        .program(Workloads.program(Objective.class))
                        .build())
                .waitForCompletion(TIMEOUT);
        assertThat(outcome.phase()).isEqualTo(JobPhase.SUCCEEDED);
        // grid order (2,-2) (2,-1) (2,0) (3,-2) (3,-1): the fifth reaches 0
        assertThat(outcome.trials()).hasSize(5);
        assertThat(outcome.best().parameters()).isEqualTo(Map.of("x", "3", "y", "-1"));
    }

    @Test
    void tooManyFailedTrialsFailTheSweep() throws Exception {
        JobSpec spec = JobSpec.builder("local")
                .name("failing")
                .env("FAIL_BELOW_X", "9")
                .tuning(Tuning.maximize("score")
                        .algorithm("grid")
                        .parameter(Tuning.Parameter.intRange("x", 1, 6))
                        .maxTrials(6)
                        .parallelTrials(1)
                        .maxFailedTrials(1)
                        .build())
                .build();
        TuningOutcome outcome = LocalTuner.on(backend)
                .tune(JobRequest.builder(spec)
                        .program(Workloads.program(Objective.class))
                        .build())
                .waitForCompletion(TIMEOUT);
        assertThat(outcome.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(outcome.trials()).hasSize(2).allMatch(t -> t.phase() == JobPhase.FAILED);
        assertThat(outcome.best()).isNull();
    }
}
