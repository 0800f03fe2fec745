package io.jfairing.metadata.bench;

import io.jfairing.metadata.Dataset;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.Model;
import io.jfairing.metadata.Page;
import io.jfairing.metadata.RunBatch;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.RunStatus;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.MlmdQuery;
import io.jfairing.metadata.mlmd.SystemTypes;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Fills a store with a large, reproducible experiment through the public API, for the benchmarks and the
 * dashboard's scale tests: {@code runs} runs named {@code run-0..}, each with {@code metrics} metrics (accuracy,
 * loss, f1, m3..; the latest point at step 10), 3 params (lr in 5 values, optimizer, batch_size), a team tag, FINISHED
 * 8 times in 10; optionally a lineage graph (one dataset read by the first {@code lineageRuns} runs, each writing a
 * model: 1 + 2 x lineageRuns nodes) and one more run, {@code long-curve}, with a {@code curvePoints}-point loss curve
 * (spikes every 100,000 steps). The same arguments give the same store.
 *
 * <pre>
 * java -cp ... io.jfairing.metadata.bench.StoreSeeder --uri /tmp/big.db --runs 100000 --metrics 20
 * java -cp ... io.jfairing.metadata.bench.StoreSeeder --uri postgresql://jfairing@127.0.0.1:5432/metadata \
 *     --runs 100000 --metrics 20 --lineage-runs 5000 --curve-points 1000000 --experiment dashboard-bench
 * </pre>
 *
 * (The PostgreSQL password comes from {@code JFAIRING_METADATA_DB_PASSWORD}.) Seeding again continues where a
 * previous seeding stopped: runs already in the experiment count, and a finished long curve is kept.
 */
public final class StoreSeeder {
    static final String LONG_CURVE = "long-curve";
    private static final String[] LRS = {"0.1", "0.03", "0.01", "0.003", "0.001"};
    private static final String[] OPTIMIZERS = {"adam", "sgd", "adamw"};
    private static final String[] TEAMS = {"vision", "nlp", "speech", "tabular"};

    /**
     * What the experiment holds after seeding.
     *
     * @param datasetId the dataset at the root of the lineage, or -1 without lineage
     * @param longCurveRunId the run with the long curve, or -1 without it
     * @param added runs written by this seeding (the rest were there already)
     */
    public record Seeded(long experimentId, long datasetId, long longCurveRunId, int added) {}

    private final int runs;
    private final int metrics;
    private final int lineageRuns;
    private final int curvePoints;

    /** Runs with metrics, params and tags only. */
    public StoreSeeder(int runs, int metrics) {
        this(runs, metrics, 0, 0);
    }

    /**
     * @param runs runs in the experiment (besides the long curve's)
     * @param metrics metrics per run (at least 3)
     * @param lineageRuns how many of the runs read the shared dataset and write a model (0: none)
     * @param curvePoints points of the long curve (0: no such run)
     */
    public StoreSeeder(int runs, int metrics, int lineageRuns, int curvePoints) {
        if (runs < 0 || metrics < 3 || lineageRuns < 0 || lineageRuns > runs || curvePoints < 0) {
            throw new IllegalArgumentException(
                    "runs must be 0 or more, metrics 3 or more, lineage runs between 0 and runs, curve points 0 or more");
        }
        this.runs = runs;
        this.metrics = metrics;
        this.lineageRuns = lineageRuns;
        this.curvePoints = curvePoints;
    }

    /** Seeds {@code experiment} up to what this seeder makes, continuing an earlier seeding of it. */
    public Seeded seed(MetadataStore store, String experiment) {
        long experimentId = store.experiment(experiment).id();
        RunInfo curve = findRun(store, experimentId, LONG_CURVE);
        if (curve != null && curve.status() != RunStatus.FINISHED) {
            throw new IllegalStateException("the experiment " + experiment + " has an unfinished " + LONG_CURVE
                    + " run (a seeding was interrupted while writing it): seed into a new store or experiment");
        }
        int existing = countRuns(store, experimentId) - (curve == null ? 0 : 1);
        Random rnd = new Random(42);
        Artifact dataset = null;
        for (int r = 0; r < runs; r++) {
            // the same random draws per run whether or not it is written now, so a resumed seeding is the same store
            String team = TEAMS[rnd.nextInt(TEAMS.length)];
            RunBatch.Builder b = RunBatch.builder()
                    .param("lr", LRS[rnd.nextInt(LRS.length)])
                    .param("optimizer", OPTIMIZERS[rnd.nextInt(OPTIMIZERS.length)])
                    .param("batch_size", 32 << rnd.nextInt(4));
            b.metric(new MetricPoint("accuracy", 0.5 + 0.5 * rnd.nextDouble(), 10, 1));
            b.metric(new MetricPoint("loss", rnd.nextDouble(), 10, 1));
            b.metric(new MetricPoint("f1", rnd.nextDouble(), 10, 1));
            for (int m = 3; m < metrics; m++) {
                b.metric(new MetricPoint("m" + m, rnd.nextDouble(), 10, 1));
            }
            boolean finished = rnd.nextInt(10) < 8;
            if (r < existing) {
                continue;
            }
            RunInfo run = store.createRun(RunSpec.builder(experimentId)
                    .name("run-" + r)
                    .startTime(1_700_000_000_000L + r * 1000L)
                    .tag("team", team)
                    .build());
            store.logBatch(run.id(), b.build());
            if (r < lineageRuns) {
                dataset = lineage(store, run.id(), r);
            }
            if (finished) {
                store.endRun(run.id(), RunStatus.FINISHED, null);
            }
        }
        long datasetId = -1;
        if (lineageRuns > 0) {
            datasetId = dataset != null ? dataset.id() : findDataset(store);
        }
        long curveRunId = -1;
        if (curvePoints > 0) {
            curveRunId = curve != null ? curve.id() : longCurve(store, experimentId, rnd);
        }
        return new Seeded(experimentId, datasetId, curveRunId, Math.max(0, runs - existing));
    }

    /** The run reads the shared dataset and writes a model of its own; returns the dataset. */
    private static Artifact lineage(MetadataStore store, long runId, int r) {
        Dataset d = Dataset.builder()
                .name("clicks")
                .uri("s3://data/clicks/v1")
                .version("v1")
                .build();
        Artifact dataset = store.logArtifact(runId, Event.Type.INPUT, "train", d.toArtifact());
        Model model = Model.builder()
                .name("ranker-" + r)
                .uri("s3://models/ranker/" + r)
                .framework("djl")
                .build();
        store.logArtifact(runId, Event.Type.OUTPUT, "model", model.toArtifact());
        return dataset;
    }

    private long longCurve(MetadataStore store, long experimentId, Random rnd) {
        long curveRun = store.createRun(RunSpec.builder(experimentId)
                        .name(LONG_CURVE)
                        .startTime(1_700_000_000_000L + runs * 1000L)
                        .build())
                .id();
        RunBatch.Builder b = RunBatch.builder();
        int inBatch = 0;
        for (int step = 0; step < curvePoints; step++) {
            // a decaying loss with noise and a spike every 100,000 steps: what downsampling must keep visible
            double loss = 2.0 * Math.exp(-step / (curvePoints / 5.0)) + 0.05 * rnd.nextGaussian();
            if (step % 100_000 == 50_000) {
                loss += 3;
            }
            b.metric(new MetricPoint("loss", loss, step, 1_700_000_000_000L + step * 10L));
            if (++inBatch == 1000) {
                store.logBatch(curveRun, b.build());
                b = RunBatch.builder();
                inBatch = 0;
            }
        }
        if (inBatch > 0) {
            store.logBatch(curveRun, b.build());
        }
        store.endRun(curveRun, RunStatus.FINISHED, null);
        return curveRun;
    }

    private static long findDataset(MetadataStore store) {
        List<Artifact> found = store.mlmd()
                .findArtifacts(MlmdQuery.builder()
                        .type(SystemTypes.DATASET)
                        .name("clicks")
                        .build());
        if (found.isEmpty()) {
            throw new IllegalStateException("the store has lineage runs but no dataset 'clicks': seed a new store");
        }
        return found.get(0).id();
    }

    private static RunInfo findRun(MetadataStore store, long experimentId, String name) {
        List<RunInfo> found = store.searchRuns(RunQuery.builder()
                        .experimentId(experimentId)
                        .filter("attributes.run_name = '" + name + "'")
                        .build())
                .items();
        return found.isEmpty() ? null : found.get(0);
    }

    private static int countRuns(MetadataStore store, long experimentId) {
        int n = 0;
        RunQuery q =
                RunQuery.builder().experimentId(experimentId).pageSize(1000).build();
        Page<RunInfo> page = store.searchRuns(q);
        while (true) {
            n += page.items().size();
            if (!page.hasNext()) {
                return n;
            }
            page = store.searchRuns(q.withPageToken(page.nextPageToken()));
        }
    }

    public static void main(String[] args) {
        String usage = "usage: StoreSeeder --uri URI [--runs N] [--metrics M] [--lineage-runs L] [--curve-points P]"
                + " [--experiment NAME]";
        String uri = null;
        String experiment = "bench-search";
        int runs = 100_000;
        int metrics = 20;
        int lineageRuns = 0;
        int curvePoints = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--uri" -> uri = args[++i];
                case "--experiment" -> experiment = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--metrics" -> metrics = Integer.parseInt(args[++i]);
                case "--lineage-runs" -> lineageRuns = Integer.parseInt(args[++i]);
                case "--curve-points" -> curvePoints = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println(usage);
                    System.exit(2);
                }
            }
        }
        if (uri == null) {
            System.err.println(usage);
            System.exit(2);
        }
        long start = System.nanoTime();
        Seeded seeded;
        try (MetadataStore store = MetadataStore.connect(uri, System.getenv(MetadataStore.ENV_TOKEN))) {
            seeded = new StoreSeeder(runs, metrics, lineageRuns, curvePoints).seed(store, experiment);
        }
        System.out.printf(
                Locale.ROOT,
                "seeded %d runs x %d metrics into %s in %.1f s%n",
                seeded.added(),
                metrics,
                experiment,
                (System.nanoTime() - start) / 1e9);
    }
}
