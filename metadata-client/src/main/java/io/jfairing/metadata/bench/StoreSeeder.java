package io.jfairing.metadata.bench;

import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.RunBatch;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.RunStatus;
import java.util.Random;

/**
 * Fills a store with a large, reproducible experiment through the public API: each run has {@code metrics} metrics
 * (accuracy, loss, f1, m3..; the latest point at step 10), 3 params (lr in 5 values, optimizer, batch_size), a team
 * tag, and ends FINISHED 8 times in 10. The benchmarks and the dashboard's large-store tests use it.
 *
 * <pre>
 * java -cp ... io.jfairing.metadata.bench.StoreSeeder --uri /tmp/big.db --runs 100000 --metrics 20
 * java -cp ... io.jfairing.metadata.bench.StoreSeeder --uri postgresql://jfairing@127.0.0.1:5432/metadata ...
 * </pre>
 *
 * (The PostgreSQL password comes from {@code JFAIRING_METADATA_DB_PASSWORD}.) Seeding again continues where a
 * previous seeding stopped: runs already in the experiment count.
 */
public final class StoreSeeder {
    private static final String[] LRS = {"0.1", "0.03", "0.01", "0.003", "0.001"};
    private static final String[] OPTIMIZERS = {"adam", "sgd", "adamw"};
    private static final String[] TEAMS = {"vision", "nlp", "speech", "tabular"};

    private final int runs;
    private final int metrics;

    public StoreSeeder(int runs, int metrics) {
        if (runs < 0 || metrics < 3) {
            throw new IllegalArgumentException("runs must be 0 or more and metrics 3 or more");
        }
        this.runs = runs;
        this.metrics = metrics;
    }

    /** Seeds {@code experiment} up to {@code runs} runs; returns how many it added. */
    public int seed(MetadataStore store, String experiment) {
        long experimentId = store.experiment(experiment).id();
        int existing = count(store, experiment);
        Random rnd = new Random(42);
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
            if (finished) {
                store.endRun(run.id(), RunStatus.FINISHED, null);
            }
        }
        return Math.max(0, runs - existing);
    }

    private static int count(MetadataStore store, String experiment) {
        if (store.findExperiment(experiment).isEmpty()) {
            return 0;
        }
        int n = 0;
        RunQuery q = RunQuery.builder().experiment(experiment).pageSize(1000).build();
        var page = store.searchRuns(q);
        while (true) {
            n += page.items().size();
            if (!page.hasNext()) {
                return n;
            }
            page = store.searchRuns(q.withPageToken(page.nextPageToken()));
        }
    }

    public static void main(String[] args) {
        String uri = null;
        String experiment = "bench-search";
        int runs = 100_000;
        int metrics = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--uri" -> uri = args[++i];
                case "--experiment" -> experiment = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--metrics" -> metrics = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: StoreSeeder --uri URI [--runs N] [--metrics M] [--experiment NAME]");
                    System.exit(2);
                }
            }
        }
        if (uri == null) {
            System.err.println("usage: StoreSeeder --uri URI [--runs N] [--metrics M] [--experiment NAME]");
            System.exit(2);
        }
        long start = System.nanoTime();
        int added;
        try (MetadataStore store = MetadataStore.connect(uri, System.getenv(MetadataStore.ENV_TOKEN))) {
            added = new StoreSeeder(runs, metrics).seed(store, experiment);
        }
        System.out.printf(
                java.util.Locale.ROOT,
                "seeded %d runs x %d metrics into %s in %.1f s%n",
                added,
                metrics,
                experiment,
                (System.nanoTime() - start) / 1e9);
    }
}
