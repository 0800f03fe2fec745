package io.jfairing.metadata.bench;

import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.Page;
import io.jfairing.metadata.Run;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.server.MetadataServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures the metadata client and prints a Markdown report:
 *
 * <ul>
 *   <li>metric points per second logged through {@link Run#logMetric} (buffered), embedded and via the server,
 *       counted until everything is flushed and committed;
 *   <li>the same points inserted with a raw JDBC batch into a table of the same shape in the same file, and the
 *       ratio;
 *   <li>p50/p99 of filtered run searches over N runs x M metrics, embedded and via the server.
 * </ul>
 *
 * <p>Run: {@code mvn -q -pl metadata-client exec:java} (from the repository root) or
 * {@code java -cp ... io.jfairing.metadata.bench.MetadataBench [--points N] [--server-points N] [--runs N]
 * [--metrics N] [--queries N] [--dir PATH] [--only logging|search] [--database postgresql://...] [--reuse]}
 * ({@code --database}: search a PostgreSQL store instead of a file; {@code --reuse}: keep what an earlier run seeded).
 */
public final class MetadataBench {
    static final String[] QUERIES = {
        "metrics.accuracy > 0.9 and params.lr = '0.01'",
        "metrics.loss < 0.2 and params.optimizer = 'adam'",
        "(tags.team = 'vision' or tags.team = 'nlp') and metrics.m7 >= 0.5 and attributes.status = 'FINISHED'",
    };
    static final String[] ORDERS = {"metrics.accuracy DESC", "attributes.start_time DESC", "metrics.f1 DESC"};

    private int points = 1_000_000;
    private int serverPoints = 300_000;
    private int runs = 10_000;
    private int metrics = 20;
    private int queries = 300;
    private Path dir;
    private String only = "all";
    private String database;
    private boolean reuse;
    private final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        MetadataBench b = new MetadataBench();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--points" -> b.points = Integer.parseInt(args[++i]);
                case "--server-points" -> b.serverPoints = Integer.parseInt(args[++i]);
                case "--runs" -> b.runs = Integer.parseInt(args[++i]);
                case "--metrics" -> b.metrics = Integer.parseInt(args[++i]);
                case "--queries" -> b.queries = Integer.parseInt(args[++i]);
                case "--dir" -> b.dir = Path.of(args[++i]);
                case "--only" -> b.only = args[++i];
                case "--database" -> b.database = args[++i];
                case "--reuse" -> b.reuse = true;
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        b.run();
        System.out.println(b.report);
    }

    private void run() throws Exception {
        boolean tmp = dir == null;
        if (tmp) {
            dir = Files.createTempDirectory("jfairing-metadata-bench");
        }
        try {
            line("## Metadata client benchmark");
            line("");
            line("- machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                    + sqliteVersion()
                    + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            line("- store files in " + dir + " (WAL, synchronous=NORMAL)");
            line("");
            if (!only.equals("search")) {
                logging();
            }
            if (!only.equals("logging")) {
                search();
            }
        } finally {
            if (tmp) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted((a, b) -> b.compareTo(a))
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    // ---------------------------------------------------------------- logging

    private void logging() throws Exception {
        Path file = dir.resolve("logging.db");
        Files.deleteIfExists(file);
        double embedded;
        double callNanos;
        double[] burst;
        try (MetadataStore store = MetadataStore.open(file)) {
            logPoints(store, Math.min(200_000, points)); // warm up
            long[] r = logPoints(store, points);
            embedded = points / (r[1] / 1e9);
            callNanos = (double) r[0] / points;
            burst = burstCost(store);
        }
        double rawTx1000 = rawInsert(file, points, 1000);
        double rawOneTx = rawInsert(file, points, points);

        double viaServer;
        double serverCallNanos;
        Path served = dir.resolve("served.db");
        Files.deleteIfExists(served);
        try (MetadataStore backend = MetadataStore.open(served);
                MetadataServer server = MetadataServer.builder(backend).start();
                MetadataStore client = MetadataStore.connect(server.url())) {
            logPoints(client, Math.min(100_000, serverPoints));
            long[] r = logPoints(client, serverPoints);
            viaServer = serverPoints / (r[1] / 1e9);
            serverCallNanos = (double) r[0] / serverPoints;
        }

        line("### Logging metric points");
        line("");
        line("`Run.logMetric(key, value, step)` in a loop over 10 keys, then `flush()`; the rate counts until every");
        line(
                "point is committed. Raw JDBC: the same rows into a table of the same shape (clustered primary key) in the");
        line(
                "same file, one prepared statement, `executeBatch` + commit every 1000 rows (the client's batch size) and");
        line("in one transaction.");
        line("");
        line("| what | points | points/s | logging loop time / points |");
        line("|---|---:|---:|---:|");
        line("| client, embedded (SQLite file) | " + fmt(points) + " | " + fmt(embedded) + " | " + ns(callNanos)
                + " |");
        line("| client, via server on 127.0.0.1 | " + fmt(serverPoints) + " | " + fmt(viaServer) + " | "
                + ns(serverCallNanos) + " |");
        line("| raw JDBC batch, 1000 rows per transaction | " + fmt(points) + " | " + fmt(rawTx1000) + " | |");
        line("| raw JDBC batch, one transaction | " + fmt(points) + " | " + fmt(rawOneTx) + " | |");
        line("");
        line(String.format(
                Locale.ROOT,
                "`logMetric` itself, while the buffer has room (bursts of 10,000 calls, flushed"
                        + " between bursts): mean %.0f ns, p50 of burst means %.0f ns, worst burst mean %.0f ns. In the table the"
                        + " cost per call is the loop time divided by the points: the logger is faster than the disk, so it mostly"
                        + " waits on a full buffer (back-pressure) and that figure is just 1 / rate.",
                burst[0],
                burst[1],
                burst[2]));
        line("");
        line(String.format(
                Locale.ROOT,
                "Ratio client embedded / raw JDBC (1000-row transactions): **%.2f**; "
                        + "/ raw JDBC (one transaction): %.2f. The client also maintains the per-run latest-value table, but writes"
                        + " 50 rows per INSERT statement where the raw baseline binds one row per statement (the usual JDBC batch),"
                        + " so the ratio can exceed 1.",
                embedded / rawTx1000,
                embedded / rawOneTx));
        line("");
    }

    /** Logs n points through a Run; returns {nanos in the logMetric loop, nanos until flushed}. */
    private static long[] logPoints(MetadataStore store, int n) {
        try (Run run = store.startRun("bench-logging")) {
            String[] keys = new String[10];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = "metric_" + k;
            }
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                run.logMetric(keys[i % 10], i * 0.001, i / 10);
            }
            long logged = System.nanoTime();
            run.flush();
            long flushed = System.nanoTime();
            return new long[] {logged - start, flushed - start};
        }
    }

    /** {mean, median, max} of the mean logMetric cost over 50 bursts of 10,000 calls with room in the buffer. */
    private static double[] burstCost(MetadataStore store) {
        double[] means = new double[50];
        try (Run run = store.startRun("bench-burst")) {
            for (int b = -10; b < means.length; b++) {
                long t = System.nanoTime();
                for (int i = 0; i < 10_000; i++) {
                    run.logMetric("loss", i * 0.5, i);
                }
                long elapsed = System.nanoTime() - t;
                run.flush();
                if (b >= 0) {
                    means[b] = elapsed / 10_000.0;
                }
            }
        }
        double sum = 0;
        for (double m : means) {
            sum += m;
        }
        return new double[] {sum / means.length, pct(means, 50), pct(means, 100)};
    }

    private static double rawInsert(Path file, int n, int perTransaction) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("DROP TABLE IF EXISTS bench_raw_metric");
                s.execute(
                        "CREATE TABLE bench_raw_metric (run_id INTEGER NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL,"
                                + " ts INTEGER NOT NULL, value REAL NOT NULL, is_nan INTEGER NOT NULL,"
                                + " PRIMARY KEY (run_id, key, step, ts, value, is_nan)) WITHOUT ROWID");
            }
            c.setAutoCommit(false);
            String[] keys = new String[10];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = "metric_" + k;
            }
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR IGNORE INTO bench_raw_metric (run_id, key, step, ts, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)")) {
                long ts = System.currentTimeMillis();
                for (int i = 0; i < n; i++) {
                    ps.setLong(1, 1);
                    ps.setString(2, keys[i % 10]);
                    ps.setLong(3, i / 10);
                    ps.setLong(4, ts);
                    ps.setDouble(5, i * 0.001);
                    ps.setInt(6, 0);
                    ps.addBatch();
                    if ((i + 1) % 1000 == 0) {
                        ps.executeBatch();
                    }
                    if ((i + 1) % perTransaction == 0) {
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
            long elapsed = System.nanoTime() - start;
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_raw_metric");
            }
            c.commit();
            return n / (elapsed / 1e9);
        }
    }

    // ---------------------------------------------------------------- search

    private void search() throws Exception {
        String uri;
        if (database != null) {
            uri = database;
        } else {
            Path file = dir.resolve("search.db");
            if (!reuse) {
                Files.deleteIfExists(file);
            }
            uri = file.toString();
        }
        long setup;
        int added;
        try (MetadataStore store = MetadataStore.connect(uri)) {
            long start = System.nanoTime();
            added = new StoreSeeder(runs, metrics).seed(store, "bench-search").added();
            setup = System.nanoTime() - start;
        }
        line("### Filtered run search");
        line("");
        line("One experiment of " + fmt(runs) + " runs, each with " + metrics
                + " metrics (accuracy, loss, f1, m3..), 3 params"
                + " (lr in 5 values, optimizer, batch_size), a tag, and a status (StoreSeeder), in "
                + (database != null ? "PostgreSQL " + database.replaceAll("//[^@/]*:[^@/]*@", "//") : "a SQLite file")
                + "; setup through the API took "
                + String.format(Locale.ROOT, "%.1f s", setup / 1e9)
                + (added < runs ? " (" + fmt(runs - added) + " runs reused)" : "")
                + ". Each query asks for the first page (100 runs, with"
                + " their params, tags and latest metrics), " + queries + " times after 30 warm-up runs.");
        line("");
        line("| query | order by | matches | embedded p50 / p90 / p99 | via server p50 / p90 / p99 |");
        line("|---|---|---:|---:|---:|");
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage();
        try (MetadataStore store = MetadataStore.connect(uri);
                MetadataServer server = MetadataServer.builder(store).start();
                MetadataStore client = MetadataStore.connect(server.url())) {
            List<Double> allEmbedded = new ArrayList<>();
            List<Double> allServer = new ArrayList<>();
            for (int q = 0; q < QUERIES.length; q++) {
                RunQuery query = RunQuery.builder()
                        .experiment("bench-search")
                        .filter(QUERIES[q])
                        .orderBy(ORDERS[q])
                        .pageSize(100)
                        .build();
                int matches = countAll(store, query);
                double[] e = time(store, query);
                double[] h = time(client, query);
                for (double d : e) {
                    allEmbedded.add(d);
                }
                for (double d : h) {
                    allServer.add(d);
                }
                line("| `" + QUERIES[q] + "` | `" + ORDERS[q] + "` | " + fmt(matches) + " | " + percentiles(e) + " | "
                        + percentiles(h) + " |");
            }
            double[] e = allEmbedded.stream().mapToDouble(Double::doubleValue).toArray();
            double[] h = allServer.stream().mapToDouble(Double::doubleValue).toArray();
            line("| **all three** | | | **" + percentiles(e) + "** | **" + percentiles(h) + "** |");
        }
        line("");
        line(String.format(
                Locale.ROOT,
                "Load average (1 minute) before / after measuring: %.1f / %.1f on %d cores.",
                loadBefore,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors()));
        line("");
    }

    private static int countAll(MetadataStore store, RunQuery query) {
        int n = 0;
        RunQuery q = RunQuery.builder()
                .experiment("bench-search")
                .filter(query.filter())
                .pageSize(1000)
                .build();
        Page<RunInfo> page = store.searchRuns(q);
        while (true) {
            n += page.items().size();
            if (!page.hasNext()) {
                return n;
            }
            page = store.searchRuns(q.withPageToken(page.nextPageToken()));
        }
    }

    private double[] time(MetadataStore store, RunQuery query) {
        for (int i = 0; i < 30; i++) {
            store.searchRuns(query);
        }
        double[] out = new double[queries];
        for (int i = 0; i < queries; i++) {
            long t = System.nanoTime();
            Page<RunInfo> page = store.searchRuns(query);
            out[i] = (System.nanoTime() - t) / 1e6;
            if (page.items().isEmpty() && i == 0) {
                throw new IllegalStateException("query matched nothing: " + query.filter());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    static double pct(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    private static String sqliteVersion() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                ResultSet rs = c.createStatement().executeQuery("SELECT sqlite_version()")) {
            rs.next();
            return "SQLite " + rs.getString(1);
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String percentiles(double[] v) {
        return ms(pct(v, 50)) + " / " + ms(pct(v, 90)) + " / " + ms(pct(v, 99));
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f ms", v);
    }

    private static String ns(double v) {
        return String.format(Locale.ROOT, "%.0f ns", v);
    }

    private void line(String s) {
        report.append(s).append('\n');
    }
}
