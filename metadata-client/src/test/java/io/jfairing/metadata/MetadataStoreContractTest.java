package io.jfairing.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Association;
import io.jfairing.metadata.mlmd.Attribution;
import io.jfairing.metadata.mlmd.Context;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.Execution;
import io.jfairing.metadata.mlmd.ExecutionState;
import io.jfairing.metadata.mlmd.MlmdQuery;
import io.jfairing.metadata.mlmd.MlmdStore;
import io.jfairing.metadata.mlmd.ParentContext;
import io.jfairing.metadata.mlmd.PropertyType;
import io.jfairing.metadata.mlmd.SystemTypes;
import io.jfairing.metadata.mlmd.Type;
import io.jfairing.metadata.mlmd.TypeKind;
import io.jfairing.metadata.mlmd.Value;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every store must have, run against the embedded SQLite store and against the HTTP server on
 * 127.0.0.1 (see the subclasses). Each test uses a fresh SQLite file in a temporary directory.
 */
abstract class MetadataStoreContractTest {
    @TempDir
    Path dir;

    MetadataStore store;

    /** Opens the store under test over a new file in {@code dir}. */
    abstract MetadataStore open(Path dir, LogBuffering buffering) throws Exception;

    /** Closes whatever {@link #open} started besides the store. */
    void closeExtras() {}

    @BeforeEach
    void setUp() throws Exception {
        store = open(dir, LogBuffering.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        store.close();
        closeExtras();
    }

    @Test
    void experimentsAreCreatedOnceAndFoundByNameAndId() {
        Experiment a = store.experiment("mnist");
        Experiment again = store.experiment("mnist");
        assertThat(again.id()).isEqualTo(a.id());
        assertThat(store.findExperiment("mnist")).contains(a);
        assertThat(store.findExperiment("nope")).isEmpty();
        assertThat(store.getExperiment(a.id()).name()).isEqualTo("mnist");
        store.experiment("cifar");
        assertThat(store.listExperiments()).extracting(Experiment::name).containsExactly("mnist", "cifar");
        assertThatThrownBy(() -> store.getExperiment(424242))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("424242");
        assertThatThrownBy(() -> store.experiment(" ")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void runLifecycleIsRecordedAndVisibleAsMlmdExecution() {
        long runId;
        try (Run run = store.startRun(
                RunSpec.builder("mnist").name("baseline").tag("team", "vision").build())) {
            runId = run.id();
            run.logParam("lr", 0.01).logParams(Map.of("epochs", 3, "optimizer", "adam"));
            run.logMetric("loss", 0.9, 0).logMetric("loss", 0.5, 1).logMetric("loss", 0.7, 2);
            run.logMetrics(Map.of("accuracy", 0.91, "f1", 0.8), 2);
            run.setTag("team", "vision-2");
            RunInfo during = run.info();
            assertThat(during.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(during.endTime()).isNull();
            assertThat(during.metrics()).containsEntry("loss", 0.7).containsEntry("accuracy", 0.91);
        }
        RunInfo info = store.getRun(runId);
        assertThat(info.name()).isEqualTo("baseline");
        assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(info.endTime()).isNotNull().isGreaterThanOrEqualTo(info.startTime());
        assertThat(info.params())
                .containsExactlyInAnyOrderEntriesOf(Map.of("lr", "0.01", "epochs", "3", "optimizer", "adam"));
        assertThat(info.tags()).containsEntry("team", "vision-2");
        assertThat(info.uuid()).hasSize(36);
        assertThat(info.experimentId())
                .isEqualTo(store.findExperiment("mnist").orElseThrow().id());

        MlmdStore mlmd = store.mlmd();
        Execution execution = mlmd.getExecution(runId).orElseThrow();
        assertThat(execution.type()).isEqualTo(SystemTypes.RUN);
        assertThat(execution.state()).isEqualTo(ExecutionState.COMPLETE);
        assertThat(execution.externalId()).isEqualTo(info.uuid());
        assertThat(mlmd.findExecutions(MlmdQuery.inContext(info.experimentId())))
                .extracting(Execution::id)
                .containsExactly(runId);

        RunInfo failed = store.endRun(store.startRun("mnist").id(), RunStatus.FAILED, 1234L);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.endTime()).isEqualTo(1234L);
        assertThat(mlmd.getExecution(failed.id()).orElseThrow().state()).isEqualTo(ExecutionState.FAILED);
    }

    @Test
    void paramsAreWriteOnceAndAConflictingBatchWritesNothing() {
        Run run = store.startRun("exp");
        run.logParam("lr", "0.01");
        run.logParam("lr", "0.01"); // the same value again is fine
        assertThatThrownBy(() -> run.logParam("lr", "0.1"))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo(ConflictException.PARAM_CONFLICT);
                    assertThat(e.httpStatus()).isEqualTo(409);
                })
                .hasMessageContaining("'lr'")
                .hasMessageContaining("write-once")
                .hasMessageContaining("0.01");

        RunBatch mixed = RunBatch.builder()
                .param("batch_size", 64)
                .param("lr", "0.5")
                .metric("loss", 1.0, 0)
                .tag("note", "should not appear")
                .build();
        assertThatThrownBy(() -> store.logBatch(run.id(), mixed)).isInstanceOf(ConflictException.class);
        RunInfo info = store.getRun(run.id());
        assertThat(info.params()).containsOnlyKeys("lr").containsEntry("lr", "0.01");
        assertThat(info.tags()).doesNotContainKey("note");
        assertThat(store.metricHistory(run.id(), "loss")).isEmpty();
        run.close();
    }

    @Test
    void metricsAreAppendOnlySeriesWithLatestValueAndNonFiniteValuesKept() {
        Run run = store.startRun("exp");
        List<MetricPoint> points = List.of(
                new MetricPoint("loss", 0.5, 2, 1000),
                new MetricPoint("loss", 0.9, 0, 1001),
                new MetricPoint("loss", Double.NaN, 1, 1002),
                new MetricPoint("loss", 0.4, 2, 1003),
                new MetricPoint("grad", Double.POSITIVE_INFINITY, 0, 1000));
        store.logBatch(run.id(), RunBatch.ofMetrics(points));
        store.logBatch(run.id(), RunBatch.ofMetrics(points)); // a retried batch does not duplicate
        List<MetricPoint> history = store.metricHistory(run.id(), "loss");
        assertThat(history).extracting(MetricPoint::step).containsExactly(0L, 1L, 2L, 2L);
        assertThat(history.get(1).value()).isNaN();
        assertThat(history.get(3).value()).isEqualTo(0.4);
        // latest: highest step, then latest timestamp; an older point logged later does not replace it
        store.logBatch(run.id(), RunBatch.ofMetrics(List.of(new MetricPoint("loss", 7.0, 1, 5000))));
        RunInfo info = store.getRun(run.id());
        assertThat(info.metrics().get("loss")).isEqualTo(0.4);
        assertThat(info.metrics().get("grad")).isInfinite();
        // a NaN as the latest value is NaN in the run, not 0 (stored as NULL)
        store.logBatch(run.id(), RunBatch.ofMetrics(List.of(new MetricPoint("grad", Double.NaN, 1, 5000))));
        assertThat(store.getRun(run.id()).metrics().get("grad")).isNaN();
        assertThat(store.metricHistory(run.id(), "unknown")).isEmpty();
        assertThatThrownBy(() -> store.metricHistory(999_999, "loss")).isInstanceOf(NotFoundException.class);
        run.close();
    }

    /**
     * 130 runs, enough that a first page of one run is found by walking the sort order (50 x 2 runs) rather than by
     * sorting every match; values and start times tie often, some runs lack the metric or log NaN. Every query is
     * paged to its end and compared with the same order computed here.
     */
    @Test
    void searchWalkingTheSortOrderGivesTheSameRunsAsSortingEveryMatch() {
        long exp = store.experiment("walk").id();
        record Seeded(long id, long start, Double score, String p) {}
        List<Seeded> seeded = new ArrayList<>();
        String[] ps = {"a", "b", "c"};
        for (int i = 0; i < 130; i++) {
            RunInfo r = store.createRun(
                    RunSpec.builder(exp).name("w" + i).startTime(i / 3).build());
            RunBatch.Builder b = RunBatch.builder().param("p", ps[i % 3]);
            Double score = null;
            if (i % 11 == 5) {
                b.metric(new MetricPoint("score", Double.NaN, 0, 0));
            } else if (i % 13 != 7) {
                score = (double) ((i * 37) % 20);
                b.metric(new MetricPoint("score", score, 0, 0));
            }
            store.logBatch(r.id(), b.build());
            seeded.add(new Seeded(r.id(), i / 3, score, ps[i % 3]));
        }
        java.util.Comparator<Seeded> newest = java.util.Comparator.comparingLong(Seeded::start)
                .thenComparingLong(Seeded::id)
                .reversed();
        java.util.Comparator<Seeded> byScore = (x, y) -> {
            if (x.score() == null || y.score() == null) {
                return x.score() == null ? (y.score() == null ? 0 : 1) : -1;
            }
            return Double.compare(x.score(), y.score());
        };
        java.util.Comparator<Seeded> byScoreDesc = (x, y) ->
                x.score() == null || y.score() == null ? byScore.compare(x, y) : Double.compare(y.score(), x.score());
        record Case(
                String filter,
                String order,
                java.util.function.Predicate<Seeded> match,
                java.util.Comparator<Seeded> cmp) {}
        List<Case> cases = List.of(
                new Case(
                        "params.p = 'a'",
                        "metrics.score DESC",
                        s -> s.p().equals("a"),
                        byScoreDesc.thenComparing(newest)),
                new Case(
                        "params.p != 'c'", "metrics.score ASC", s -> !s.p().equals("c"), byScore.thenComparing(newest)),
                new Case(null, "attributes.start_time DESC", s -> true, newest),
                new Case(
                        "params.p = 'b'",
                        "attributes.start_time ASC",
                        s -> s.p().equals("b"),
                        java.util.Comparator.comparingLong(Seeded::start)
                                .thenComparing(java.util.Comparator.comparingLong(Seeded::id)
                                        .reversed())),
                new Case(
                        "params.p = 'a' and metrics.score >= 3",
                        "metrics.score DESC",
                        s -> s.p().equals("a") && s.score() != null && s.score() >= 3,
                        byScoreDesc.thenComparing(newest)),
                new Case(
                        "metrics.score > 17",
                        "metrics.score DESC",
                        s -> s.score() != null && s.score() > 17,
                        byScoreDesc.thenComparing(newest)));
        for (Case c : cases) {
            List<Long> expected = seeded.stream()
                    .filter(c.match())
                    .sorted(c.cmp())
                    .map(Seeded::id)
                    .toList();
            for (int pageSize : new int[] {1, 7}) {
                RunQuery q = RunQuery.builder()
                        .experimentId(exp)
                        .filter(c.filter())
                        .orderBy(c.order())
                        .pageSize(pageSize)
                        .build();
                List<Long> seen = new ArrayList<>();
                Page<RunInfo> page = store.searchRuns(q);
                seen.addAll(page.items().stream().map(RunInfo::id).toList());
                for (int pages = 1; page.hasNext() && pages < 12; pages++) {
                    page = store.searchRuns(q.withPageToken(page.nextPageToken()));
                    seen.addAll(page.items().stream().map(RunInfo::id).toList());
                }
                assertThat(seen)
                        .as("%s ordered by %s, pages of %d", c.filter(), c.order(), pageSize)
                        .containsExactlyElementsOf(expected.subList(0, Math.min(expected.size(), seen.size())));
                assertThat(seen).hasSizeGreaterThanOrEqualTo(Math.min(expected.size(), 12 * pageSize));
            }
        }
        // over all experiments (the store has only this one), first and second page
        RunQuery.Builder everywhere = RunQuery.builder()
                .filter("params.p = 'a'")
                .orderBy("metrics.score DESC")
                .pageSize(1);
        RunQuery.Builder here = RunQuery.builder()
                .experimentId(exp)
                .filter("params.p = 'a'")
                .orderBy("metrics.score DESC")
                .pageSize(1);
        Page<RunInfo> all = store.searchRuns(everywhere.build());
        Page<RunInfo> one = store.searchRuns(here.build());
        assertThat(all.items()).isNotEmpty().isEqualTo(one.items());
        assertThat(store.searchRuns(everywhere.pageToken(all.nextPageToken()).build())
                        .items())
                .isEqualTo(store.searchRuns(here.pageToken(one.nextPageToken()).build())
                        .items());
    }

    @Test
    void metricHistoryIsDownsampledForPlotsKeepingEndsAndPeaks() {
        Run run = store.startRun("exp");
        List<MetricPoint> batch = new ArrayList<>();
        for (int step = 0; step < 5000; step++) {
            double v = step == 3777 ? 100.0 : Math.sin(step / 100.0);
            batch.add(new MetricPoint("loss", v, step, 1000 + step));
            if (batch.size() == Limits.MAX_METRICS_PER_BATCH) {
                store.logBatch(run.id(), RunBatch.ofMetrics(batch));
                batch.clear();
            }
        }
        assertThat(store.metricHistory(run.id(), "loss")).hasSize(5000);
        List<MetricPoint> plot = store.metricHistory(run.id(), "loss", 200);
        assertThat(plot).hasSize(200);
        assertThat(plot.get(0).step()).isZero();
        assertThat(plot.get(199).step()).isEqualTo(4999);
        assertThat(plot).extracting(MetricPoint::step).isSorted();
        assertThat(plot).anySatisfy(p -> assertThat(p.value()).isEqualTo(100.0));
        run.close();
    }

    /** A series far longer than the plot: drawn from its per-bucket lowest and highest points, peaks kept. */
    @Test
    void aLongMetricHistoryIsPlottedFromItsBucketsKeepingEndsPeaksAndDips() {
        Run run = store.startRun("exp");
        int n = 40 * 1024;
        java.util.function.LongToDoubleFunction value =
                step -> step == 23_456 ? 100.0 : step == 31_000 ? -50.0 : Math.sin(step / 500.0);
        List<MetricPoint> batch = new ArrayList<>();
        for (int step = 0; step < n; step++) {
            batch.add(new MetricPoint("loss", step == 777 ? Double.NaN : value.applyAsDouble(step), step, 7 + step));
            if (batch.size() == Limits.MAX_METRICS_PER_BATCH) {
                store.logBatch(run.id(), RunBatch.ofMetrics(batch));
                batch.clear();
            }
        }
        store.logBatch(run.id(), RunBatch.ofMetrics(batch));
        List<MetricPoint> plot = store.metricHistory(run.id(), "loss", 60);
        assertThat(plot).hasSizeBetween(30, 60);
        assertThat(plot.get(0).step()).isZero();
        assertThat(plot.get(plot.size() - 1).step()).isEqualTo(n - 1);
        assertThat(plot).extracting(MetricPoint::step).isSorted();
        assertThat(plot).allSatisfy(p -> {
            assertThat(p.value()).isEqualTo(value.applyAsDouble(p.step()));
            assertThat(p.timestamp()).isEqualTo(7 + p.step());
        });
        assertThat(plot).extracting(MetricPoint::value).contains(100.0, -50.0);
        assertThat(store.metricHistory(run.id(), "loss")).hasSize(n);
        run.close();
    }

    @Test
    void lineageRoundTripAcrossRunsWithHopLimit() {
        Artifact dataset;
        Artifact model;
        long trainId;
        try (Run train = store.startRun("mnist", "train")) {
            trainId = train.id();
            dataset = train.logInput(
                    Dataset.builder()
                            .name("mnist")
                            .uri("s3://data/mnist")
                            .version("v1")
                            .description("handwritten digits")
                            .label("split", "train")
                            .build(),
                    "train");
            model = train.logOutput(Model.builder()
                    .name("cnn")
                    .uri("s3://models/cnn/1")
                    .framework("djl")
                    .frameworkVersion("0.30.0")
                    .modelType("cnn")
                    .hyperparameter("lr", 0.01)
                    .hyperparameter("layers", 3)
                    .build());
        }
        Artifact metrics;
        long evalId;
        try (Run eval = store.startRun("mnist", "evaluate")) {
            evalId = eval.id();
            Artifact sameModel = eval.logInput(Model.builder()
                    .name("cnn")
                    .uri("s3://models/cnn/1")
                    .framework("djl")
                    .build());
            assertThat(sameModel.id())
                    .as("the same model (type, name, uri) is one artifact")
                    .isEqualTo(model.id());
            metrics = eval.logOutput(Metrics.builder()
                    .name("eval")
                    .type(MetricsType.VALIDATION)
                    .modelId(model.id())
                    .dataSetId(dataset.id())
                    .value("accuracy", 0.97)
                    .value("loss", 0.08)
                    .build());
        }

        assertThat(dataset.type()).isEqualTo("system.Dataset");
        assertThat(model.type()).isEqualTo("system.Model");
        assertThat(metrics.type()).isEqualTo("system.Metrics");
        Model readModel =
                Model.fromArtifact(store.mlmd().getArtifact(model.id()).orElseThrow());
        assertThat(readModel.framework()).isEqualTo("djl");
        assertThat(readModel.hyperparameters()).containsEntry("lr", 0.01).containsEntry("layers", 3);
        Dataset readDataset = Dataset.fromArtifact(dataset);
        assertThat(readDataset.version()).isEqualTo("v1");
        assertThat(readDataset.labels()).containsEntry("split", "train");
        Metrics readMetrics = Metrics.fromArtifact(metrics);
        assertThat(readMetrics.type()).isEqualTo(MetricsType.VALIDATION);
        assertThat(readMetrics.values()).containsEntry("accuracy", 0.97);
        assertThat(readMetrics.modelId()).isEqualTo(model.id());

        Lineage up = store.lineage(metrics.id(), LineageDirection.UPSTREAM, 10);
        assertThat(up.artifacts())
                .extracting(Artifact::id)
                .containsExactlyInAnyOrder(metrics.id(), model.id(), dataset.id());
        assertThat(up.executions()).extracting(Execution::id).containsExactlyInAnyOrder(trainId, evalId);
        assertThat(up.producersOf(metrics.id())).containsExactly(evalId);
        assertThat(up.inputsOf(evalId)).containsExactly(model.id());
        assertThat(up.producersOf(model.id())).containsExactly(trainId);
        assertThat(up.inputsOf(trainId)).containsExactly(dataset.id());
        assertThat(up.events())
                .filteredOn(e -> e.artifactId() == dataset.id())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(Event.Type.INPUT);
                    assertThat(e.pathName()).isEqualTo("train");
                });

        Lineage twoHops = store.lineage(metrics.id(), LineageDirection.UPSTREAM, 2);
        assertThat(twoHops.artifacts()).extracting(Artifact::id).containsExactlyInAnyOrder(metrics.id(), model.id());
        assertThat(twoHops.executions()).extracting(Execution::id).containsExactly(evalId);

        Lineage down = store.lineage(dataset.id(), LineageDirection.DOWNSTREAM, 10);
        assertThat(down.artifacts())
                .extracting(Artifact::id)
                .containsExactlyInAnyOrder(dataset.id(), model.id(), metrics.id());
        assertThat(down.consumersOf(model.id())).containsExactly(evalId);

        Lineage both = store.lineage(model.id(), LineageDirection.BOTH, 1);
        assertThat(both.executions()).extracting(Execution::id).containsExactlyInAnyOrder(trainId, evalId);
        assertThat(both.artifacts()).extracting(Artifact::id).containsExactly(model.id());

        // artifacts are attributed to the experiment and found by uri, name and type
        long experimentId = store.findExperiment("mnist").orElseThrow().id();
        assertThat(store.mlmd().findArtifacts(MlmdQuery.inContext(experimentId)))
                .hasSize(3);
        assertThat(store.mlmd().findArtifacts(MlmdQuery.byUri("s3://data/mnist")))
                .extracting(Artifact::id)
                .containsExactly(dataset.id());
        assertThat(store.mlmd().findArtifacts(MlmdQuery.byTypeAndName("system.Model", "cnn")))
                .hasSize(1);
        assertThatThrownBy(() -> store.lineage(metrics.id(), LineageDirection.UPSTREAM, 0))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.lineage(987_654, LineageDirection.UPSTREAM, 3))
                .isInstanceOf(NotFoundException.class);
    }

    /**
     * A search gives each run exactly as {@code getRun} does (on PostgreSQL they are read by different statements):
     * text with quotes, backslashes, line breaks and non-ASCII letters; latest metrics NaN, infinite, (negative) zero,
     * the extremes of double and values that print with 17 digits; no params, tags or metrics; ended and running.
     */
    @Test
    void aSearchGivesEachRunAsGetRunDoes() {
        long exp = store.experiment("exact").id();
        RunInfo full = store.createRun(RunSpec.builder(exp)
                .name("full \"one\"")
                .startTime(2000)
                .tag("note", "line 1\nline 2 \\ 'quoted' \"double\" été 学习 \u0001")
                .build());
        store.logBatch(
                full.id(),
                RunBatch.builder()
                        .param("lr", "0.1")
                        .param("path", "C:\\data\\{x}.csv")
                        .metric(new MetricPoint("nan", Double.NaN, 0, 1))
                        .metric(new MetricPoint("inf", Double.POSITIVE_INFINITY, 0, 1))
                        .metric(new MetricPoint("ninf", Double.NEGATIVE_INFINITY, 0, 1))
                        .metric(new MetricPoint("nzero", -0.0, 0, 1))
                        .metric(new MetricPoint("sum", 0.1 + 0.2, 0, 1))
                        .metric(new MetricPoint("max", Double.MAX_VALUE, 0, 1))
                        .metric(new MetricPoint("tiny", Double.MIN_VALUE, 0, 1))
                        .metric(new MetricPoint("third", 1.0 / 3, 0, 1))
                        .build());
        store.endRun(full.id(), RunStatus.FAILED, 3000L);
        RunInfo bare = store.createRun(
                RunSpec.builder(exp).name("bare").startTime(1000).build());
        List<RunInfo> found =
                store.searchRuns(RunQuery.builder().experimentId(exp).build()).items();
        assertThat(found).containsExactly(store.getRun(full.id()), store.getRun(bare.id()));
        RunInfo first = found.get(0);
        assertThat(first.metrics().get("nan")).isNaN();
        assertThat(first.metrics())
                .containsEntry("inf", Double.POSITIVE_INFINITY)
                .containsEntry("ninf", Double.NEGATIVE_INFINITY)
                .containsEntry("sum", 0.1 + 0.2)
                .containsEntry("max", Double.MAX_VALUE)
                .containsEntry("tiny", Double.MIN_VALUE)
                .containsEntry("third", 1.0 / 3);
        assertThat(first.tags()).containsEntry("note", "line 1\nline 2 \\ 'quoted' \"double\" été 学习 \u0001");
        assertThat(first.params()).containsEntry("path", "C:\\data\\{x}.csv");
        assertThat(first.endTime()).isEqualTo(3000L);
        assertThat(found.get(1).endTime()).isNull();
        assertThat(found.get(1).params()).isEmpty();
        assertThat(found.get(1).metrics()).isEmpty();
        // by a metric, through the filter and the order
        assertThat(store.searchRuns(RunQuery.builder()
                                .experimentId(exp)
                                .filter("metrics.sum > 0.3")
                                .orderBy("metrics.third DESC")
                                .build())
                        .items())
                .containsExactly(store.getRun(full.id()));
        // an experiment with no runs; an experiment that does not exist, alone and beside one that does
        long empty = store.experiment("exact-empty").id();
        Page<RunInfo> none =
                store.searchRuns(RunQuery.builder().experimentId(empty).build());
        assertThat(none.items()).isEmpty();
        assertThat(none.hasNext()).isFalse();
        long missing = Math.max(exp, empty) + 1000;
        assertThatThrownBy(() -> store.searchRuns(
                        RunQuery.builder().experimentId(missing).build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("experiment " + missing + " does not exist");
        assertThatThrownBy(() -> store.searchRuns(RunQuery.builder()
                        .experimentId(exp)
                        .experimentId(missing)
                        .build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("experiment " + missing + " does not exist");
        assertThat(store.searchRuns(RunQuery.builder()
                                .experimentId(exp)
                                .experimentId(empty)
                                .experiment("exact")
                                .build())
                        .items())
                .hasSize(2);
    }

    /** Nine runs: lr in {0.01, 0.1, 1.0} x accuracy rising; "odd" tag on some. */
    private List<Long> seedSearchRuns() {
        List<Long> ids = new ArrayList<>();
        String[] lrs = {"0.01", "0.1", "1.0"};
        for (int i = 0; i < 9; i++) {
            RunInfo r = store.createRun(RunSpec.builder("search")
                    .name("run-" + i)
                    .startTime(1000 + i)
                    .build());
            RunBatch.Builder b = RunBatch.builder()
                    .param("lr", lrs[i % 3])
                    .metric(new MetricPoint("accuracy", 0.80 + i * 0.02, 0, 1));
            if (i % 2 == 1) {
                b.tag("odd", "yes");
            }
            if (i != 8) {
                b.metric(new MetricPoint("loss", 1.0 - i * 0.1, 0, 1));
            }
            store.logBatch(r.id(), b.build());
            if (i < 3) {
                store.endRun(r.id(), RunStatus.FINISHED, null);
            }
            ids.add(r.id());
        }
        store.createRun(RunSpec.builder("other").name("elsewhere").build());
        return ids;
    }

    private List<String> names(String filter, String... orderBy) {
        RunQuery.Builder q = RunQuery.builder().experiment("search").filter(filter);
        for (String o : orderBy) {
            q.orderBy(o);
        }
        return store.searchRuns(q.build()).items().stream().map(RunInfo::name).collect(Collectors.toList());
    }

    @Test
    void searchFiltersByMetricsParamsTagsAndAttributes() {
        seedSearchRuns();
        // accuracy = 0.80 + 0.02 i  ->  > 0.9 for i >= 6 (0.92, 0.94, 0.96); lr '0.01' for i % 3 == 0
        assertThat(names("metrics.accuracy > 0.9 and params.lr = '0.01'")).containsExactly("run-6");
        assertThat(names("metrics.accuracy > 0.91", "metrics.accuracy DESC"))
                .containsExactly("run-8", "run-7", "run-6");
        assertThat(names("params.lr = '0.1' OR (tags.odd = 'yes' AND metrics.loss < 0.4)", "attributes.run_name"))
                .containsExactly("run-1", "run-4", "run-7");
        assertThat(names("attributes.status = 'FINISHED'")).containsExactlyInAnyOrder("run-0", "run-1", "run-2");
        assertThat(names("status != 'finished' and run_name LIKE 'run-_'", "run_name"))
                .hasSize(6);
        assertThat(names("attributes.run_name LIKE 'RUN-%'")).isEmpty(); // LIKE is case-sensitive
        assertThat(names("attributes.run_name ILIKE 'RUN-1%'")).containsExactly("run-1");
        assertThat(names("params.lr IN ('0.01', '1.0') and metrics.accuracy <= 0.85"))
                .containsExactlyInAnyOrder("run-0", "run-2");
        assertThat(names("params.lr NOT IN ('0.01', '1.0')")).containsExactlyInAnyOrder("run-1", "run-4", "run-7");
        assertThat(names("metrics.nonexistent > 0")).isEmpty();
        assertThat(names("attributes.start_time >= 1007")).containsExactly("run-8", "run-7"); // default: newest first
        // runs without the metric sort last in both directions
        assertThat(names(null, "metrics.loss ASC").get(8)).isEqualTo("run-8");
        assertThat(names(null, "metrics.loss DESC").get(8)).isEqualTo("run-8");
        assertThat(store.searchRuns(RunQuery.builder()
                                .filter("attributes.run_name = 'elsewhere'")
                                .build())
                        .items())
                .hasSize(1);
        RunInfo first = store.searchRuns(RunQuery.builder()
                        .experiment("search")
                        .orderBy("metrics.accuracy DESC")
                        .pageSize(1)
                        .build())
                .items()
                .get(0);
        assertThat(first.params()).containsEntry("lr", "1.0");
        assertThat(first.metrics()).containsEntry("accuracy", 0.80 + 8 * 0.02);
        assertThatThrownBy(() -> store.searchRuns(
                        RunQuery.builder().experiment("missing").build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void searchPagesThroughEveryRunOnceAndRejectsAForeignToken() {
        long exp = store.experiment("paging").id();
        for (int i = 0; i < 25; i++) {
            RunInfo r = store.createRun(
                    RunSpec.builder(exp).name("r" + i).startTime(i).build());
            store.logBatch(
                    r.id(),
                    RunBatch.builder().metric(new MetricPoint("m", i, 0, 0)).build());
        }
        RunQuery q = RunQuery.builder()
                .experimentId(exp)
                .filter("metrics.m >= 0")
                .orderBy("metrics.m")
                .pageSize(10)
                .build();
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Page<RunInfo> page = store.searchRuns(q);
        while (true) {
            sizes.add(page.items().size());
            page.items().forEach(r -> seen.add(r.name()));
            if (!page.hasNext()) {
                break;
            }
            String token = page.nextPageToken();
            page = store.searchRuns(q.withPageToken(token));
        }
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(seen)
                .containsExactlyElementsOf(
                        IntStream.range(0, 25).mapToObj(i -> "r" + i).toList());

        String token = store.searchRuns(q).nextPageToken();
        RunQuery other = RunQuery.builder()
                .experimentId(exp)
                .filter("metrics.m >= 1")
                .pageSize(10)
                .pageToken(token)
                .build();
        assertThatThrownBy(() -> store.searchRuns(other))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("another query");
        assertThatThrownBy(() -> store.searchRuns(q.withPageToken("garbage!")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("invalid page token");
        assertThatThrownBy(
                        () -> store.searchRuns(RunQuery.builder().pageSize(1001).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("pageSize");
    }

    @Test
    void badFilterSyntaxIsAClearInvalidRequestWithThePosition() {
        seedSearchRuns();
        assertThatThrownBy(() -> store.searchRuns(
                        RunQuery.builder().filter("metrics.accuracy >> 0.9").build()))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo(InvalidRequestException.BAD_FILTER))
                .hasMessageContaining("position 19");
        assertThatThrownBy(() -> store.searchRuns(
                        RunQuery.builder().filter("params.lr = 0.01").build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("quote the value");
        assertThatThrownBy(() -> store.searchRuns(
                        RunQuery.builder().orderBy("metrics.accuracy sideways").build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("position 18");
    }

    @Test
    void sqlInjectionInFiltersIsInertData() {
        List<Long> ids = seedSearchRuns();
        List<String> attacks = List.of(
                "params.lr = '0.01'' OR ''1''=''1'",
                "params.lr = '0.01''; DROP TABLE run; --'",
                "metrics.`accuracy) OR 1=1 OR (1` > 0",
                "tags.`odd' OR '1'='1` = 'yes'",
                "attributes.run_name LIKE '%'' OR 1=1 --'");
        for (String attack : attacks) {
            assertThat(store.searchRuns(RunQuery.builder()
                                    .experiment("search")
                                    .filter(attack)
                                    .build())
                            .items())
                    .as(attack)
                    .isEmpty();
        }
        for (String attack : List.of(
                "params.lr = '0.01'; DROP TABLE run",
                "1=1 OR params.lr = 'x'",
                "params.lr = '0.01' UNION SELECT * FROM param")) {
            assertThatThrownBy(() ->
                            store.searchRuns(RunQuery.builder().filter(attack).build()))
                    .as(attack)
                    .isInstanceOf(InvalidRequestException.class);
        }
        assertThatThrownBy(() -> store.searchRuns(
                        RunQuery.builder().orderBy("metrics.a; DROP TABLE run").build()))
                .isInstanceOf(InvalidRequestException.class);
        // every table is still there and nothing changed
        assertThat(names(null)).hasSize(9);
        assertThat(store.getRun(ids.get(0)).params()).containsEntry("lr", "0.01");
    }

    @Test
    void oversizeBatchesAreRejectedWholeAndNothingIsWritten() {
        Run run = store.startRun("exp");
        List<MetricPoint> tooMany = IntStream.range(0, Limits.MAX_METRICS_PER_BATCH + 1)
                .mapToObj(i -> new MetricPoint("m", i, i, 1))
                .toList();
        assertThatThrownBy(() -> store.logBatch(run.id(), new RunBatch(tooMany, Map.of("a", "1"), null)))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo(InvalidRequestException.BATCH_TOO_LARGE))
                .hasMessageContaining("1001 metrics")
                .hasMessageContaining("1000 metrics");
        Map<String, String> params = IntStream.range(0, 101).boxed().collect(Collectors.toMap(i -> "p" + i, i -> "v"));
        assertThatThrownBy(() -> store.logBatch(run.id(), new RunBatch(null, params, null)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("101 params");
        // one bad key anywhere rejects the whole batch
        List<MetricPoint> oneBad = new ArrayList<>(tooMany.subList(0, 10));
        oneBad.add(new MetricPoint("bad\nkey", 1, 1, 1));
        assertThatThrownBy(() -> store.logBatch(run.id(), new RunBatch(oneBad, Map.of("ok", "1"), null)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("invalid character");
        RunInfo info = store.getRun(run.id());
        assertThat(info.params()).isEmpty();
        assertThat(info.metrics()).isEmpty();
        assertThat(store.metricHistory(run.id(), "m")).isEmpty();
        run.close();
    }

    @Test
    void badKeysAndValuesFailAtTheCallThatLogsThem() {
        Run run = store.startRun("exp");
        assertThatThrownBy(() -> run.logMetric("", 1.0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> run.logMetric("a;b", 1.0))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("index 1");
        assertThatThrownBy(() -> run.logMetric("../etc", 1.0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> run.logMetric("x".repeat(251), 1.0))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("250");
        assertThatThrownBy(() -> run.logParam("p", "v".repeat(6001)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("6000");
        assertThatThrownBy(() -> run.logParam("p", null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.logBatch(
                        424_242, RunBatch.builder().param("a", "b").build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.getRun(424_242)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.endRun(run.id(), null, null)).isInstanceOf(InvalidRequestException.class);
        run.logMetric("val/accuracy top-1", 0.5, 1); // slashes, dots, dashes and spaces are fine
        run.close();
        assertThat(store.getRun(run.id()).metrics()).containsKey("val/accuracy top-1");
    }

    @Test
    void anEndedRunTakesNoMoreMetricsAndKeepsItsStatus() {
        Run run = store.startRun("ended");
        run.logMetric("loss", 1.0, 0);
        RunInfo ended = run.end(RunStatus.FINISHED);
        // ending again the same way changes nothing (a retried end), another way is a conflict
        assertThat(store.endRun(run.id(), RunStatus.FINISHED, null).endTime()).isEqualTo(ended.endTime());
        assertThatThrownBy(() -> store.endRun(run.id(), RunStatus.FAILED, null))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("run " + run.id() + " has already ended FINISHED")
                .hasMessageContaining("cannot be ended again as FAILED")
                .extracting(e -> ((ConflictException) e).code())
                .isEqualTo(ConflictException.RUN_ENDED);
        assertThatThrownBy(() -> store.endRun(run.id(), RunStatus.RUNNING, null))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.logBatch(
                        run.id(), RunBatch.builder().metric("loss", 0.5, 1).build()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("run " + run.id() + " has ended (FINISHED); it takes no more metrics");
        // tags still annotate an ended run
        store.logBatch(run.id(), RunBatch.builder().tag("note", "reviewed").build());
        RunInfo after = store.getRun(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(after.tags()).containsEntry("note", "reviewed");
        assertThat(store.metricHistory(run.id(), "loss")).hasSize(1);
        run.close(); // already ended: close() leaves it as it is
        assertThat(store.getRun(run.id()).status()).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    void valuesRejectNulLikeNames() {
        long id = store.startRun("nul").id();
        assertThatThrownBy(() ->
                        store.logBatch(id, RunBatch.builder().tag("t", "a\0b").build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("tag 't' value has a NUL character at index 1");
        assertThatThrownBy(() ->
                        store.logBatch(id, RunBatch.builder().param("p", "\0").build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("param 'p' value has a NUL character at index 0");
        assertThat(store.getRun(id).tags()).isEmpty();
        assertThat(store.getRun(id).params()).isEmpty();
    }

    @Test
    void aBatchWithAnIdIsWrittenOnceHoweverOftenItIsSent() {
        long id = store.startRun("idempotent").id();
        RunBatch batch = RunBatch.builder()
                .metric(new MetricPoint("x", 1.0, 0, 5L))
                .tag("t", "1")
                .build()
                .withBatchId("writer-1:0001");
        store.logBatch(id, batch);
        store.logBatch(id, batch); // the retry of a batch whose answer was lost
        assertThat(store.metricHistory(id, "x")).hasSize(1);
        // a later batch with the same id, even with other content, is taken as that retry
        store.logBatch(id, RunBatch.builder().tag("t", "2").build().withBatchId("writer-1:0001"));
        assertThat(store.getRun(id).tags()).containsEntry("t", "1");
        store.logBatch(id, RunBatch.builder().tag("t", "3").build().withBatchId("writer-1:0002"));
        assertThat(store.getRun(id).tags()).containsEntry("t", "3");
        assertThatThrownBy(() -> store.logBatch(
                        id, RunBatch.builder().tag("t", "4").build().withBatchId("bad id")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("batchId has an invalid character at index 3");
    }

    @Test
    void compareRunsSideBySide() {
        RunInfo a = store.createRun(RunSpec.builder("cmp").name("a").build());
        RunInfo b = store.createRun(RunSpec.builder("cmp").name("b").build());
        store.logBatch(
                a.id(),
                RunBatch.builder()
                        .param("lr", "0.1")
                        .param("seed", "1")
                        .metric("acc", 0.9, 0)
                        .build());
        store.logBatch(
                b.id(),
                RunBatch.builder()
                        .param("lr", "0.2")
                        .param("seed", "1")
                        .metric("loss", 0.3, 0)
                        .build());
        RunComparison cmp = store.compareRuns(List.of(b.id(), a.id()));
        assertThat(cmp.runs()).extracting(RunInfo::name).containsExactly("b", "a");
        assertThat(cmp.paramKeys()).containsExactly("lr", "seed");
        assertThat(cmp.differingParams()).containsExactly("lr");
        assertThat(cmp.metric("acc")).containsExactly(null, 0.9);
        assertThat(cmp.toMarkdown()).contains("| params.lr | 0.2 | 0.1 |").contains("| metrics.acc |  | 0.9 |");
        assertThatThrownBy(() -> store.compareRuns(List.of(a.id(), 999_999L))).isInstanceOf(NotFoundException.class);
        List<Long> many = IntStream.range(0, Limits.MAX_COMPARE_RUNS + 1)
                .mapToObj(i -> (long) i)
                .toList();
        assertThatThrownBy(() -> store.compareRuns(many)).isInstanceOf(InvalidRequestException.class);
        assertThat(store.compareRuns(List.of()).runs()).isEmpty();
    }

    @Test
    void mlmdTypesArtifactsContextsEventsAndLinks() {
        MlmdStore mlmd = store.mlmd();
        assertThat(mlmd.getTypes(TypeKind.ARTIFACT))
                .extracting(Type::name)
                .contains("system.Dataset", "system.Model", "system.Metrics");
        Type t = mlmd.putType(Type.builder(TypeKind.ARTIFACT, "acme.Embedding")
                .property("dim", PropertyType.INT)
                .property("norm", PropertyType.DOUBLE)
                .build());
        assertThat(t.id()).isNotNull();
        Type widened = mlmd.putType(Type.builder(TypeKind.ARTIFACT, "acme.Embedding")
                .property("space", PropertyType.STRING)
                .build());
        assertThat(widened.id()).isEqualTo(t.id());
        assertThat(widened.properties()).containsOnlyKeys("dim", "norm", "space");
        assertThatThrownBy(() -> mlmd.putType(Type.builder(TypeKind.ARTIFACT, "acme.Embedding")
                        .property("dim", PropertyType.STRING)
                        .build()))
                .isInstanceOf(ConflictException.class);

        Artifact emb = mlmd.putArtifact(Artifact.builder("acme.Embedding")
                .uri("file:///e.npy")
                .name("emb")
                .property("dim", 128L)
                .property("norm", 1.5)
                .customProperty("meta", Map.of("a", List.of(1, 2)))
                .customProperty("ok", true)
                .build());
        assertThat(emb.id()).isNotNull();
        assertThat(emb.createTime()).isNotNull();
        assertThat(emb.properties()).containsEntry("dim", Value.of(128L)).containsEntry("norm", Value.of(1.5));
        assertThat(emb.customProperties().get("meta").raw()).isEqualTo(Map.of("a", List.of(1, 2)));
        assertThat(emb.customProperties()).containsEntry("ok", Value.of(true));
        Artifact updated = mlmd.putArtifact(
                emb.toBuilder().uri("file:///e2.npy").property("dim", 256L).build());
        assertThat(updated.id()).isEqualTo(emb.id());
        assertThat(updated.uri()).isEqualTo("file:///e2.npy");
        assertThat(updated.properties()).containsEntry("dim", Value.of(256L));

        assertThatThrownBy(() -> mlmd.putArtifact(Artifact.builder("acme.Embedding")
                        .property("colour", "red")
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not declared")
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> mlmd.putArtifact(Artifact.builder("acme.Embedding")
                        .property("dim", "many")
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("INT");
        assertThatThrownBy(
                        () -> mlmd.putArtifact(Artifact.builder("no.SuchType").build()))
                .isInstanceOf(NotFoundException.class);

        mlmd.putType(Type.executionType("acme.Trainer"));
        mlmd.putType(Type.contextType("acme.Pipeline"));
        Execution ex = mlmd.putExecution(Execution.builder("acme.Trainer")
                .name("step-1")
                .state(ExecutionState.RUNNING)
                .build());
        Context pipeline = mlmd.putContext(Context.builder("acme.Pipeline", "p").build());
        Context run =
                mlmd.putContext(Context.builder("acme.Pipeline", "p-run-1").build());
        assertThatThrownBy(() ->
                        mlmd.putContext(Context.builder("acme.Pipeline", "p").build()))
                .isInstanceOf(ConflictException.class);
        mlmd.putEvents(List.of(
                Event.output(emb.id(), ex.id(), "embedding"),
                new Event(
                        emb.id(),
                        ex.id(),
                        Event.Type.DECLARED_OUTPUT,
                        List.of(Event.Step.key("outs"), Event.Step.index(3)),
                        42L)));
        mlmd.putAttributionsAndAssociations(
                List.of(new Attribution(run.id(), emb.id())), List.of(new Association(run.id(), ex.id())));
        mlmd.putAttributionsAndAssociations(List.of(new Attribution(run.id(), emb.id())), List.of()); // idempotent
        mlmd.putParentContexts(List.of(new ParentContext(run.id(), pipeline.id())));
        assertThatThrownBy(() -> mlmd.putParentContexts(List.of(new ParentContext(pipeline.id(), run.id()))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("cycle");
        assertThatThrownBy(() -> mlmd.putEvents(List.of(Event.input(emb.id(), 999_999, "x"))))
                .isInstanceOf(NotFoundException.class);

        assertThat(mlmd.findEvents(List.of(emb.id()), List.of()))
                .hasSize(2)
                .anySatisfy(e -> assertThat(e.pathName()).isEqualTo("outs/3"));
        assertThat(mlmd.findArtifacts(MlmdQuery.inContext(run.id())))
                .extracting(Artifact::id)
                .containsExactly(emb.id());
        assertThat(mlmd.findArtifacts(MlmdQuery.builder().executionId(ex.id()).build()))
                .hasSize(1);
        assertThat(mlmd.findExecutions(MlmdQuery.builder().artifactId(emb.id()).build()))
                .extracting(Execution::name)
                .containsExactly("step-1");
        assertThat(mlmd.findContexts(MlmdQuery.builder().parentsOf(run.id()).build()))
                .extracting(Context::name)
                .containsExactly("p");
        assertThat(mlmd.findContexts(
                        MlmdQuery.builder().childrenOf(pipeline.id()).build()))
                .extracting(Context::name)
                .containsExactly("p-run-1");
        assertThat(mlmd.findContexts(MlmdQuery.builder().executionId(ex.id()).build()))
                .extracting(Context::id)
                .containsExactly(run.id());
        assertThat(mlmd.getContext("acme.Pipeline", "p")).map(Context::id).contains(pipeline.id());
        assertThatThrownBy(() -> mlmd.findExecutions(MlmdQuery.byUri("x"))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void manyThreadsLoggingAtOnceLoseNothing() throws Exception {
        int threads = 4;
        int points = 5000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            runs.add(pool.submit(() -> {
                try (Run run = store.startRun("concurrent", "thread-" + thread)) {
                    for (int i = 0; i < points; i++) {
                        run.logMetric("loss", i * 0.5, i);
                        if (i % 1000 == 0) {
                            run.logParam("p" + i, i);
                        }
                    }
                    return run.id();
                }
            }));
        }
        Set<Long> ids = new HashSet<>();
        for (Future<Long> f : runs) {
            ids.add(f.get());
        }
        pool.shutdown();
        assertThat(ids).hasSize(threads);
        for (long id : ids) {
            List<MetricPoint> h = store.metricHistory(id, "loss");
            assertThat(h).hasSize(points);
            assertThat(h)
                    .extracting(MetricPoint::step)
                    .containsExactlyElementsOf(
                            IntStream.range(0, points).mapToObj(i -> (long) i).toList());
            RunInfo info = store.getRun(id);
            assertThat(info.params()).hasSize(5);
            assertThat(info.metrics().get("loss")).isCloseTo((points - 1) * 0.5, within(1e-9));
            assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
        }
    }

    @Test
    void aFullBufferBlocksTheLoggerInsteadOfDroppingPoints() throws Exception {
        store.close();
        closeExtras();
        store = open(dir, new LogBuffering(16, 8, Duration.ofMillis(5)));
        long id;
        try (Run run = store.startRun("backpressure")) {
            id = run.id();
            for (int i = 0; i < 3000; i++) {
                run.logMetric("x", i, i);
            }
        }
        assertThat(store.metricHistory(id, "x")).hasSize(3000);
        // the interval flush writes even when nobody calls flush()
        Run run = store.startRun("backpressure");
        run.logMetric("y", 1.0, 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (store.metricHistory(run.id(), "y").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(store.metricHistory(run.id(), "y")).hasSize(1);
        run.end(RunStatus.KILLED);
        run.close(); // does not overwrite the status given to end()
        assertThat(store.getRun(run.id()).status()).isEqualTo(RunStatus.KILLED);
    }
}
