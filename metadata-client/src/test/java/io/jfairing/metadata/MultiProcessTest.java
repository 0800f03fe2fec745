package io.jfairing.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.metadata.pg.PostgresServer;
import io.jfairing.metadata.server.MetadataServer;
import io.jfairing.metadata.store.sqlite.PostgresLocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several processes writing one store at once, and a process killed while it writes. The children are real JVMs
 * ({@link ChildWriter}) on this test's classpath.
 */
@Tag("slow")
class MultiProcessTest {
    static final int THREADS = 2;
    static final int POINTS = 3000;

    @TempDir
    Path dir;

    /** A new store of the given kind: a SQLite file in {@code dir}, or a database on the test PostgreSQL server. */
    private String newStore(String kind, String name) throws Exception {
        return kind.equals("sqlite")
                ? dir.resolve(name + ".db").toString()
                : PostgresServer.shared().createDatabase();
    }

    private static MetadataStore openStore(String uri) {
        return PostgresLocation.isPostgres(uri)
                ? PostgresServer.open(uri, LogBuffering.DEFAULT)
                : MetadataStore.connect(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void severalProcessesAndThreadsWritingOneStoreLoseNothing(String kind) throws Exception {
        String uri = newStore(kind, "shared");
        try (MetadataStore parent = openStore(uri)) {
            parent.experiment("concurrent"); // created up front, so the children race on runs, not on the experiment
            runWriters(parent, uri, 3);
        }
    }

    @Test
    void severalProcessesWritingThroughTheServerLoseNothing() throws Exception {
        try (MetadataStore backend = MetadataStore.open(dir.resolve("served.db"));
                MetadataServer server = MetadataServer.builder(backend)
                        .token(HttpStoreTest.TOKEN)
                        .start()) {
            runWriters(backend, server.url(), 2);
        }
    }

    /** {@code processes} children plus two threads of this JVM write at the same time; then every point is checked. */
    private void runWriters(MetadataStore check, String uri, int processes) throws Exception {
        List<Process> children = new ArrayList<>();
        List<Path> errs = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            Path err = dir.resolve("child-" + p + ".err");
            errs.add(err);
            children.add(Children.start(
                    err,
                    ChildWriter.class,
                    "concurrent",
                    uri,
                    "concurrent",
                    "proc" + p,
                    String.valueOf(THREADS),
                    String.valueOf(POINTS)));
        }
        // this JVM writes too, through its own store object (as another process would)
        Set<Long> runIds = new HashSet<>();
        try (MetadataStore mine =
                PostgresLocation.isPostgres(uri) ? openStore(uri) : MetadataStore.connect(uri, HttpStoreTest.TOKEN)) {
            List<Thread> threads = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String name = "parent-" + t;
                Thread th = new Thread(() -> {
                    try (Run run = mine.startRun("concurrent", name)) {
                        synchronized (ids) {
                            ids.add(run.id());
                        }
                        for (int i = 0; i < POINTS; i++) {
                            run.logMetric("loss", 1.0 / (i + 1), i);
                            if (i % 100 == 0) {
                                run.logParam("p" + i, name);
                            }
                        }
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            runIds.addAll(ids);
        }
        for (int p = 0; p < processes; p++) {
            Process child = children.get(p);
            List<String> lines = new BufferedReader(
                            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
                    .lines()
                    .toList();
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(Children.stderrOf(errs.get(p))).isZero();
            assertThat(lines).as(Children.stderrOf(errs.get(p))).contains("done");
            lines.stream().filter(l -> l.startsWith("run ")).forEach(l -> runIds.add(Long.parseLong(l.substring(4))));
        }
        assertThat(runIds).hasSize((processes + 1) * THREADS);
        List<Long> allSteps = IntStream.range(0, POINTS).mapToObj(i -> (long) i).toList();
        for (long id : runIds) {
            RunInfo run = check.getRun(id);
            assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(run.params()).hasSize(POINTS / 100);
            assertThat(check.metricHistory(id, "loss"))
                    .extracting(MetricPoint::step)
                    .containsExactlyElementsOf(allSteps);
        }
        assertThat(check.searchRuns(RunQuery.builder()
                                .experiment("concurrent")
                                .pageSize(100)
                                .build())
                        .items())
                .hasSize(runIds.size());
    }

    /**
     * Three times over the same file: a child logs in a loop (a buffered flush of 100 points, then a synchronous
     * batch of 1000 points and 10 params per iteration, reporting each commit), and is killed with SIGKILL at a
     * different moment each time. Afterwards the file passes {@code PRAGMA integrity_check}, every reported commit
     * is there, no batch is partly there, and the file takes new writes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aProcessKilledWhileLoggingLeavesItsCommittedDataAndACleanStore(String kind) throws Exception {
        String file = newStore(kind, "killed");
        Map<Long, Integer> committedByRun = new LinkedHashMap<>();
        int[] delaysMillis = {0, 4, 9};
        for (int round = 0; round < delaysMillis.length; round++) {
            Path err = dir.resolve("killed-" + round + ".err");
            Process child = Children.start(err, ChildWriter.class, "loop", file, "crash");
            AtomicLong runId = new AtomicLong(-1);
            AtomicInteger lastCommitted = new AtomicInteger(-1);
            Thread reader = new Thread(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("run ")) {
                            runId.set(Long.parseLong(line.substring(4)));
                        } else if (line.startsWith("committed ")) {
                            lastCommitted.set(Integer.parseInt(line.substring(10)));
                        }
                    }
                } catch (IOException closedByKill) {
                    // destroyForcibly closes the pipe; what was read counts
                }
            });
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastCommitted.get() < 15 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(lastCommitted.get()).as(Children.stderrOf(err)).isGreaterThanOrEqualTo(15);
            Thread.sleep(delaysMillis[round]);
            child.destroyForcibly(); // SIGKILL, in the middle of its writes: it commits every few milliseconds
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            committedByRun.put(runId.get(), lastCommitted.get());
        }

        boolean postgres = PostgresLocation.isPostgres(file);
        try (Connection c = postgres
                        ? PostgresServer.shared().jdbc(file)
                        : DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            if (!postgres) {
                try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("ok");
                }
            }
            // every batch is whole: per iteration 0 or 10 params and 0 or 1000 points of b, never a part
            String prefix = postgres ? "split_part(key, '_', 1)" : "substr(key, 1, instr(key, '_'))";
            try (ResultSet rs = s.executeQuery("SELECT run_id, " + prefix + ", COUNT(*) FROM param"
                    + " GROUP BY run_id, " + prefix + " HAVING COUNT(*) <> 10")) {
                assertThat(rs.next()).as("a partial param batch").isFalse();
            }
            try (ResultSet rs = s.executeQuery("SELECT run_id, step, COUNT(*) FROM metric WHERE key = 'b'"
                    + " GROUP BY run_id, step HAVING COUNT(*) <> 1000")) {
                assertThat(rs.next()).as("a partial metric batch").isFalse();
            }
        }
        try (MetadataStore store = openStore(file)) {
            for (Map.Entry<Long, Integer> e : committedByRun.entrySet()) {
                long runId = e.getKey();
                int committed = e.getValue();
                RunInfo run = store.getRun(runId);
                assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
                for (int i = 0; i <= committed; i++) {
                    for (int k = 0; k < 10; k++) {
                        assertThat(run.params()).containsKey("i" + i + "_" + k);
                    }
                }
                List<MetricPoint> m = store.metricHistory(runId, "m");
                List<MetricPoint> b = store.metricHistory(runId, "b");
                assertThat(m.stream().filter(p -> p.step() <= committed)).hasSize(100 * (committed + 1));
                assertThat(b.stream().filter(p -> p.step() <= committed)).hasSize(1000 * (committed + 1));
                // the file takes new writes as before
                store.logBatch(runId, RunBatch.builder().param("after", "crash").build());
                assertThat(store.endRun(runId, RunStatus.KILLED, null).status()).isEqualTo(RunStatus.KILLED);
            }
        }
    }
}
