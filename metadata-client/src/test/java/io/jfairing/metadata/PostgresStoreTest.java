package io.jfairing.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.metadata.pg.PostgresServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The store's whole contract on a real PostgreSQL server (Debian's), as on SQLite. */
class PostgresStoreTest extends MetadataStoreContractTest {
    @Override
    MetadataStore open(Path dir, LogBuffering buffering) throws Exception {
        return PostgresServer.shared().newStore(buffering);
    }

    /**
     * A search is one round trip to the server: one Sync message of the PostgreSQL protocol, as the driver logs the
     * messages it sends; two when the sort-order window holds too few matches and the general query follows. It was
     * 8-9 (BEGIN, the experiment, the window's edge and rows, the page's runs, params, tags and latest metrics,
     * ROLLBACK), each a wake-up of the server's backend process, which on a loaded machine waits for a core each time.
     */
    @Test
    void aSearchIsOneRoundTripToTheServer() {
        long exp = store.experiment("trips").id();
        for (int i = 0; i < 160; i++) {
            RunInfo r = store.createRun(
                    RunSpec.builder(exp).name("t" + i).startTime(i).build());
            store.logBatch(
                    r.id(),
                    RunBatch.builder()
                            .param("p", i % 2 == 0 ? "a" : "b")
                            .metric("score", i % 17, 0)
                            .build());
        }
        // pages of one: the window (the 100 best scores) answers; the lowest score is outside it: the general query
        RunQuery window = RunQuery.builder()
                .experimentId(exp)
                .filter("params.p = 'a'")
                .orderBy("metrics.score DESC")
                .pageSize(1)
                .build();
        RunQuery general = RunQuery.builder()
                .experimentId(exp)
                .filter("metrics.score = 0")
                .orderBy("metrics.score DESC")
                .pageSize(1)
                .build();
        RunQuery newest = RunQuery.builder().experimentId(exp).pageSize(10).build();
        Page<RunInfo> first = store.searchRuns(window); // opens a reader connection: its settings are round trips too
        Map<RunQuery, Integer> roundTrips = new LinkedHashMap<>();
        roundTrips.put(window, 1);
        roundTrips.put(window.withPageToken(first.nextPageToken()), 1); // the window of 150 runs answers page 2
        roundTrips.put(general, 2);
        roundTrips.put(newest, 1);
        roundTrips.put(RunQuery.builder().filter("attributes.run_name = 't7'").build(), 1);
        Logger driver = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        List<String> syncs = new CopyOnWriteArrayList<>();
        Handler counter = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null && record.getMessage().startsWith(" FE=> Sync")) {
                    syncs.add(Thread.currentThread().getName());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Level level = driver.getLevel();
        driver.setLevel(Level.FINEST);
        driver.addHandler(counter);
        try {
            for (Map.Entry<RunQuery, Integer> q : roundTrips.entrySet()) {
                syncs.clear();
                Page<RunInfo> page = store.searchRuns(q.getKey());
                assertThat(page.items()).as("%s", q.getKey()).isNotEmpty();
                assertThat(syncs).as("round trips of %s", q.getKey()).hasSize(q.getValue());
            }
        } finally {
            driver.removeHandler(counter);
            driver.setLevel(level);
        }
        assertThat(store.searchRuns(general).items().get(0).metrics()).containsEntry("score", 0.0);
    }
}
