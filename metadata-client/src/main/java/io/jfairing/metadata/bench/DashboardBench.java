package io.jfairing.metadata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.Page;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.server.MetadataServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard at scale: a store of 100,000 runs x 20 metrics (plus a 10,001-node lineage graph and a
 * 1,000,000-point curve, seeded by {@link StoreSeeder}), a SQLite file or a PostgreSQL database, served by the
 * metadata server on 127.0.0.1, measured through the server (searches: p50/p90/p99, CPU, the load average) and in
 * Debian's Chromium (runs page first paint, the long curve drawn, lineage expansion; {@code
 * src/main/ui/e2e/bench.mjs}). Prints a Markdown report.
 *
 * <pre>
 * mvn -q -pl metadata-client compile exec:java -Dexec.mainClass=io.jfairing.metadata.bench.DashboardBench \
 *     -Dexec.args="--db /tmp/dashboard-bench.db"        # the store is made once, then reused (seeding resumes)
 *     -Dexec.args="--database postgresql://jfairing@127.0.0.1:5432/bench"   # JFAIRING_METADATA_DB_PASSWORD
 * </pre>
 */
public final class DashboardBench {
    private int runs = 100_000;
    private int metrics = 20;
    private int lineageRuns = 5_000;
    private int curvePoints = 1_000_000;
    private int queries = 300;
    private int repeats = 5;
    private Path db = Path.of(System.getProperty("java.io.tmpdir"), "jfairing-dashboard-bench.db");
    private String database;
    private boolean browser = true;

    public static void main(String[] args) throws Exception {
        DashboardBench b = new DashboardBench();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> b.runs = Integer.parseInt(args[++i]);
                case "--metrics" -> b.metrics = Integer.parseInt(args[++i]);
                case "--lineage-runs" -> b.lineageRuns = Integer.parseInt(args[++i]);
                case "--curve-points" -> b.curvePoints = Integer.parseInt(args[++i]);
                case "--queries" -> b.queries = Integer.parseInt(args[++i]);
                case "--repeats" -> b.repeats = Integer.parseInt(args[++i]);
                case "--db" -> b.db = Path.of(args[++i]);
                case "--database" -> b.database = args[++i];
                case "--no-browser" -> b.browser = false;
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--runs --metrics --lineage-runs --curve-points --queries --repeats --db --database"
                            + " --no-browser)");
            }
        }
        b.run();
        System.exit(0); // the store's and server's threads
    }

    private void run() throws Exception {
        String uri = database != null ? database : db.toString();
        try (MetadataStore store = MetadataStore.connect(uri)) {
            long start = System.nanoTime();
            StoreSeeder.Seeded made =
                    new StoreSeeder(runs, metrics, lineageRuns, curvePoints).seed(store, "dashboard-bench");
            double setup = (System.nanoTime() - start) / 1e9;
            try (MetadataServer server = MetadataServer.builder(store).start();
                    MetadataStore client = MetadataStore.connect(server.url())) {
                System.out.println("## Dashboard at scale (issue 17, `metadata-client` /ui)");
                System.out.println();
                System.out.printf(
                        Locale.ROOT,
                        "Store: %s, %,d runs x %d metrics in one experiment, a lineage graph of %,d nodes,"
                                + " one %,d-point curve%s.%n%n",
                        database != null
                                ? "PostgreSQL " + database.replaceAll("//[^@/]*:[^@/]*@", "//")
                                : String.format(Locale.ROOT, "SQLite %s (%.0f MB)", db, Files.size(db) / 1e6),
                        runs,
                        metrics,
                        1 + 2 * lineageRuns,
                        curvePoints,
                        made.added() > 0
                                ? String.format(
                                        Locale.ROOT, "; %,d runs made through the API in %.0f s", made.added(), setup)
                                : "");
                search(client, made.experimentId());
                curve(store, client, made);
                if (browser) {
                    browser(server.url(), made);
                }
            }
        }
    }

    /** The long curve downsampled to 1,000 points, in-process (CPU of this thread) and through the server. */
    private void curve(MetadataStore store, MetadataStore client, StoreSeeder.Seeded made) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5; i++) {
            store.metricHistory(made.longCurveRunId(), "loss", 1000);
        }
        int n = 30;
        double[] wall = new double[n];
        long cpu0 = threads.getCurrentThreadCpuTime();
        int points = 0;
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            points = store.metricHistory(made.longCurveRunId(), "loss", 1000).size();
            wall[i] = (System.nanoTime() - s) / 1e6;
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / n;
        double[] http = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            client.metricHistory(made.longCurveRunId(), "loss", 1000);
            http[i] = (System.nanoTime() - s) / 1e6;
        }
        System.out.printf(
                Locale.ROOT,
                "%n### The %,d-point curve downsampled to %d points (%d calls each)%n%n"
                        + "| where | p50 | p90 | p99 | CPU per call |%n|---|---:|---:|---:|---:|%n"
                        + "| in-process `metricHistory(run, \"loss\", 1000)` | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n"
                        + "| through the server | %.1f ms | %.1f ms | %.1f ms | |%n%n",
                curvePoints,
                points,
                n,
                MetadataBench.pct(wall, 50),
                MetadataBench.pct(wall, 90),
                MetadataBench.pct(wall, 99),
                cpu,
                MetadataBench.pct(http, 50),
                MetadataBench.pct(http, 90),
                MetadataBench.pct(http, 99));
    }

    private void search(MetadataStore client, long experiment) {
        System.out.println("### Run search through the server (first page of 100 runs, params, tags, latest metrics)");
        System.out.println();
        System.out.printf(Locale.ROOT, "%d queries each after 30 warm-ups, over HTTP on 127.0.0.1.%n%n", queries);
        System.out.println("| filter | order by | p50 | p90 | p99 | CPU per query (client + server, mean) |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double loadBefore = os.getSystemLoadAverage();
        List<Double> cpus = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"(none: the runs page)", null, "attributes.start_time DESC"});
        for (int q = 0; q < MetadataBench.QUERIES.length; q++) {
            cases.add(new String[] {
                "`" + MetadataBench.QUERIES[q] + "`", MetadataBench.QUERIES[q], MetadataBench.ORDERS[q]
            });
        }
        for (String[] c : cases) {
            RunQuery query = RunQuery.builder()
                    .experimentId(experiment)
                    .filter(c[1])
                    .orderBy(c[2])
                    .pageSize(100)
                    .build();
            for (int i = 0; i < 30; i++) {
                client.searchRuns(query);
            }
            double[] t = new double[queries];
            long cpu0 = os.getProcessCpuTime();
            for (int i = 0; i < queries; i++) {
                long s = System.nanoTime();
                Page<RunInfo> page = client.searchRuns(query);
                t[i] = (System.nanoTime() - s) / 1e6;
                if (page.items().isEmpty()) {
                    throw new IllegalStateException("query matched nothing: " + c[1]);
                }
                if (c[1] != null) {
                    all.add(t[i]);
                }
            }
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e6 / queries;
            if (c[1] != null) {
                cpus.add(cpu);
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | `%s` | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n",
                    c[0],
                    c[2],
                    MetadataBench.pct(t, 50),
                    MetadataBench.pct(t, 90),
                    MetadataBench.pct(t, 99),
                    cpu);
        }
        double[] filtered = all.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(
                Locale.ROOT,
                "| **the three filtered searches** | | **%.1f ms** | **%.1f ms** | **%.1f ms** | **%.1f ms** |%n%n",
                MetadataBench.pct(filtered, 50),
                MetadataBench.pct(filtered, 90),
                MetadataBench.pct(filtered, 99),
                cpus.stream().mapToDouble(Double::doubleValue).average().orElse(0));
        System.out.printf(
                Locale.ROOT,
                "Load average (1 minute) before / after measuring: %.1f / %.1f on %d cores.%n%n",
                loadBefore,
                os.getSystemLoadAverage(),
                os.getAvailableProcessors());
    }

    private void browser(String url, StoreSeeder.Seeded made) throws Exception {
        Path ui = uiDir();
        String scenario = new ObjectMapper()
                .writeValueAsString(Map.of(
                        "experimentId", made.experimentId(),
                        "longCurveRunId", made.longCurveRunId(),
                        "datasetId", made.datasetId()));
        Process p = new ProcessBuilder("node", "e2e/bench.mjs", url, scenario, String.valueOf(repeats))
                .directory(ui.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("node e2e/bench.mjs failed: " + out);
        }
        JsonNode f = new ObjectMapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
        System.out.println("### In Debian's Chromium (headless, playwright-core), a fresh page each time");
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%d repetitions; times from navigation start (`performance.now()` in the page) unless said otherwise.%n%n",
                repeats);
        System.out.println("| what | median | max |");
        System.out.println("|---|---:|---:|");
        row(f, "runsFirstPaint", "runs page: first page of 100 runs painted (page, script, experiments, search)");
        row(f, "curveFetch", "1,000,000-point curve: its history answered, downsampled to 1,000 points (LTTB)");
        row(f, "curveDrawn", "1,000,000-point curve: run page with the chart drawn");
        row(f, "lineageOpen", "lineage of 10,001 nodes: opened at the dataset (26 nodes shown)");
        row(f, "lineageMore", "lineage: \"+N more\" clicked, 25 more runs fetched, laid out, drawn (from the click)");
        row(f, "lineageExpand", "lineage: a run expanded (its model added, from the click)");
        System.out.printf(
                Locale.ROOT,
                "%nLongest main-thread task seen in any of these pages: %.0f ms. After the clicks the explorer showed"
                        + " %d nodes with %d more behind \"+N more\".%n%n",
                f.get("longestTask").asDouble(),
                f.get("lineageNodesShown").asInt(),
                f.get("lineageHidden").asInt());
        JsonNode deep = f.get("deepClicks");
        StringBuilder clicks = new StringBuilder();
        for (int i = 0; i < deep.size(); i++) {
            if (i == 0 || i == deep.size() - 1 || (i + 1) % 10 == 0) {
                clicks.append(clicks.length() == 0 ? "" : ", ")
                        .append(String.format(
                                Locale.ROOT,
                                "click %d: %.0f ms (%d nodes)",
                                i + 1,
                                deep.get(i).get(1).asDouble(),
                                deep.get(i).get(0).asInt()));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "Exploring deeper (one page): \"+N more\" clicked %d times until %d nodes were shown, each click from"
                        + " the click to the graph redrawn: %s. Longest main-thread task on that page: %.0f ms; the"
                        + " graph then held %,d SVG elements.%n%n",
                deep.size(),
                deep.get(deep.size() - 1).get(0).asInt(),
                clicks,
                f.get("deepLongestTask").asDouble(),
                f.get("deepSvgElements").asInt());
        if (!f.get("problems").isEmpty()) {
            System.out.println("Page errors: " + f.get("problems"));
        }
    }

    private static void row(JsonNode f, String key, String what) {
        double[] v = new double[f.get(key).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.get(key).get(i).asDouble();
        }
        double max = 0;
        for (double d : v) {
            max = Math.max(max, d);
        }
        System.out.printf(Locale.ROOT, "| %s | %.0f ms | %.0f ms |%n", what, MetadataBench.pct(v, 50), max);
    }

    private static Path uiDir() {
        for (String candidate : List.of("src/main/ui", "metadata-client/src/main/ui")) {
            Path p = Path.of(candidate).toAbsolutePath();
            if (Files.isDirectory(p.resolve("node_modules/playwright-core"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "run from the repository root or metadata-client after a build (npm ci installs playwright-core)");
    }
}
