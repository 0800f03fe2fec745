package io.jfairing.fairing.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.backend.local.LocalProcessJobBackend;
import io.jfairing.fairing.job.Backends;
import io.jfairing.fairing.pipeline.ExamplePipelines;
import io.jfairing.fairing.pipeline.Pipeline;
import io.jfairing.fairing.pipeline.Step;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.MlmdQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs pipelines for real: each step a child JVM of the local process backend, recorded in a SQLite store. */
@Tag("slow")
class LocalPipelineRunnerIT {
    @TempDir
    Path dir;

    private Pipeline diamond(String failIn) throws Exception {
        Files.writeString(dir.resolve("data.csv"), "1\n2\n3\n4\n5\n6\n");
        return ExamplePipelines.diamond(failIn).baseDirectory(dir).build();
    }

    @Test
    void runsStepsPassingValuesThenSkipsEveryStepOnAnUnchangedRerunAndLineageReachesTheDataset() throws Exception {
        Pipeline pipeline = diamond(null);
        try (LocalProcessJobBackend local = Backends.local(dir.resolve("jobs"));
                MetadataStore store = MetadataStore.open(dir.resolve("metadata.db"))) {
            LocalPipelineRunner runner = LocalPipelineRunner.builder(local, dir.resolve("work"))
                    .metadata(store)
                    .build();

            PipelineRun first = runner.run(pipeline, Map.of());

            assertThat(first.states())
                    .containsOnly(
                            Map.entry("load", StepState.SUCCEEDED),
                            Map.entry("split", StepState.SUCCEEDED),
                            Map.entry("train-a", StepState.SUCCEEDED),
                            Map.entry("train-b", StepState.SUCCEEDED),
                            Map.entry("evaluate", StepState.SUCCEEDED));
            // rows = 4: xs = [1,2,3,4], train [1,2] * 0.5 = 1.5, test [3,4] * 1.0 = 7
            assertThat(Files.readString(
                            first.step("load").orElseThrow().outputs().get("xs")))
                    .isEqualTo("[1.0,2.0,3.0,4.0]");
            assertThat(Files.readString(
                            first.step("train-b").orElseThrow().outputs().get("scoreB")))
                    .isEqualTo("7.0");
            assertThat(Files.readString(
                            first.step("evaluate").orElseThrow().outputs().get("bestModel")))
                    .isEqualTo("b=7.0");
            assertThat(Files.readString(first.step("load").orElseThrow().log())).contains("loaded 4");

            PipelineRun again = runner.run(pipeline, Map.of());

            assertThat(again.states().values()).containsOnly(StepState.CACHED);
            assertThat(again.step("evaluate").orElseThrow().outputs())
                    .isEqualTo(first.step("evaluate").orElseThrow().outputs());

            PipelineRun changed = runner.run(pipeline, Map.of("rate", "1.0"));

            assertThat(changed.states())
                    .containsEntry("load", StepState.CACHED)
                    .containsEntry("split", StepState.CACHED)
                    .containsEntry("train-a", StepState.SUCCEEDED)
                    .containsEntry("evaluate", StepState.SUCCEEDED);

            Artifact model = store.mlmd()
                    .findArtifacts(MlmdQuery.byTypeAndName("system.Model", "evaluate.bestModel"))
                    .get(0);
            var lineage = store.lineage(model.id(), LineageDirection.UPSTREAM, 20);
            assertThat(lineage.artifacts())
                    .extracting(Artifact::name)
                    .contains("train-a.scoreA", "train-b.scoreB", "split.split", "load.xs", "data");
            assertThat(lineage.artifacts())
                    .filteredOn(a -> a.name().equals("data"))
                    .extracting(Artifact::uri)
                    .containsExactly(dir.resolve("data.csv").toUri().toString());
            assertThat(lineage.executions()).hasSizeGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void aFailedStepStopsTheRunNamingTheStepAndItsLog() throws Exception {
        Pipeline pipeline = diamond("train-b");
        try (LocalProcessJobBackend local = Backends.local(dir.resolve("jobs"))) {
            LocalPipelineRunner runner =
                    LocalPipelineRunner.builder(local, dir.resolve("work")).build();

            assertThatThrownBy(() -> runner.run(pipeline, Map.of()))
                    .isInstanceOfSatisfying(PipelineFailedException.class, e -> {
                        assertThat(e.step()).isEqualTo("train-b");
                        assertThat(e.getMessage())
                                .contains("failed at step 'train-b'")
                                .contains("train-b broke");
                        assertThat(e.run().states())
                                .containsEntry("train-b", StepState.FAILED)
                                .containsEntry("evaluate", StepState.SKIPPED)
                                .containsEntry("load", StepState.SUCCEEDED);
                    });
        }
    }

    @Test
    void aStepIsTriedAgainUpToItsRetries() throws Exception {
        Path marker = dir.resolve("failed-once");
        Pipeline pipeline = Pipeline.builder("flaky")
                .imports("import java.nio.file.*;")
                .step(Step.builder("flaky")
                        .retries(1)
                        .code("Path marker = Path.of(\"" + marker.toString().replace("\\", "\\\\") + "\");\n"
                                + "if (!Files.exists(marker)) { Files.createFile(marker); throw new RuntimeException(\"first try\"); }\n"
                                + "int answer = 42;")
                        .outputs("answer"))
                .build();
        try (LocalProcessJobBackend local = Backends.local(dir.resolve("jobs"))) {
            PipelineRun run = LocalPipelineRunner.builder(local, dir.resolve("work"))
                    .build()
                    .run(pipeline, Map.of());

            StepResult flaky = run.step("flaky").orElseThrow();
            assertThat(flaky.state()).isEqualTo(StepState.SUCCEEDED);
            assertThat(flaky.attempts()).isEqualTo(2);
            assertThat(Files.readString(flaky.outputs().get("answer"))).isEqualTo("42");
            assertThat(Files.readString(flaky.log())).contains("first try");
        }
    }

    @Test
    void aStepRunsOnlyWhenItsConditionHoldsAndTheRunStillSucceeds() throws Exception {
        Pipeline pipeline = Pipeline.builder("coin")
                .parameters("int threshold = 5;")
                .step(Step.builder("flip").code("String coin = \"heads\";"))
                .step(Step.builder("celebrate")
                        .code("String cheer = \"won\";")
                        .outputs("cheer")
                        .when("coin == heads"))
                .step(Step.builder("shout")
                        .code("String loud = cheer.toUpperCase();")
                        .outputs("loud")
                        .when("coin==heads"))
                .step(Step.builder("mourn")
                        .code("String sigh = \"lost\";")
                        .outputs("sigh")
                        .when("coin != heads"))
                .step(Step.builder("big")
                        .code("int size = threshold;")
                        .outputs("size")
                        .when("threshold > 3"))
                .build();
        try (LocalProcessJobBackend local = Backends.local(dir.resolve("jobs"))) {
            LocalPipelineRunner runner =
                    LocalPipelineRunner.builder(local, dir.resolve("work")).build();

            PipelineRun run = runner.run(pipeline, Map.of());

            assertThat(run.succeeded()).isTrue();
            assertThat(run.states())
                    .containsEntry("flip", StepState.SUCCEEDED)
                    .containsEntry("celebrate", StepState.SUCCEEDED)
                    .containsEntry("shout", StepState.SUCCEEDED)
                    .containsEntry("mourn", StepState.NOT_TRIGGERED)
                    .containsEntry("big", StepState.SUCCEEDED);
            assertThat(Files.readString(
                            run.step("shout").orElseThrow().outputs().get("loud")))
                    .isEqualTo("WON");

            PipelineRun low = runner.run(pipeline, Map.of("threshold", "2"));

            assertThat(low.states())
                    .containsEntry("flip", StepState.CACHED)
                    .containsEntry("big", StepState.NOT_TRIGGERED);
        }
    }

    @Test
    void aLoopStepRunsOnceForEachElementOfTheListAndEachRunIsCached() throws Exception {
        Pipeline pipeline = Pipeline.builder("squares")
                .imports("import java.util.*;")
                .step(Step.builder("make").code("List<Integer> ns = List.of(1, 2, 3);"))
                .step(Step.builder("square")
                        .code("int sq = n * n;\nSystem.out.println(\"square \" + sq);")
                        .forEach("n", "ns"))
                .build();
        try (LocalProcessJobBackend local = Backends.local(dir.resolve("jobs"))) {
            LocalPipelineRunner runner =
                    LocalPipelineRunner.builder(local, dir.resolve("work")).build();

            PipelineRun run = runner.run(pipeline, Map.of());

            assertThat(run.states()).containsEntry("square", StepState.SUCCEEDED);
            for (int i = 0; i < 3; i++) {
                assertThat(Files.readString(run.folder().resolve("square-" + i).resolve("log.txt")))
                        .contains("square " + (i + 1) * (i + 1));
            }
            assertThat(run.folder().resolve("square-3")).doesNotExist();

            assertThat(runner.run(pipeline, Map.of()).states())
                    .containsOnly(Map.entry("make", StepState.CACHED), Map.entry("square", StepState.CACHED));
        }
    }

    @Test
    void aStepAfterALoopReadsEveryRunsValueAsAListInTheOrderOfTheElements() throws Exception {
        // the elements in an order the values would not sort to, and a string value: the list is in element order
        Pipeline pipeline = Pipeline.builder("collect")
                .imports("import java.util.*;")
                .parameters("List<Integer> ns = List.of(3, 1, 2);")
                .step(Step.builder("square")
                        .code("int sq = n * n;\nString label = \"n\" + n;")
                        .forEach("n", "ns"))
                .step(Step.builder("report")
                        .code("int total = squares.stream().mapToInt(Integer::intValue).sum();\n"
                                + "String order = String.join(\",\", labels) + \"/\" + squares;")
                        .collect("squares", "sq")
                        .collect("labels", "label")
                        .outputs("total", "order"))
                .build();
        try (LocalProcessJobBackend local = Backends.local(dir.resolve("jobs"))) {
            PipelineRun run = LocalPipelineRunner.builder(local, dir.resolve("work"))
                    .build()
                    .run(pipeline, Map.of("ns", "[3, 1, 2]"));

            StepResult report = run.step("report").orElseThrow();
            assertThat(report.state()).isEqualTo(StepState.SUCCEEDED);
            assertThat(Files.readString(report.outputs().get("total"))).isEqualTo("14");
            assertThat(Files.readString(report.outputs().get("order"))).isEqualTo("n3,n1,n2/[9, 1, 4]");
        }
    }
}
