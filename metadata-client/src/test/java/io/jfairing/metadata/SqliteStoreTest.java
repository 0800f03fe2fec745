package io.jfairing.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The contract against the embedded store on a real SQLite file, plus what only the file store does. */
class SqliteStoreTest extends MetadataStoreContractTest {

    @Override
    MetadataStore open(Path dir, LogBuffering buffering) {
        return MetadataStore.builder()
                .file(dir.resolve("metadata.db"))
                .buffering(buffering)
                .build();
    }

    @Test
    void theFileIsInWalModeAndEveryUriFormOpensIt() throws Exception {
        long runId = store.startRun("uris").id();
        Path file = dir.resolve("metadata.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
        for (String uri : List.of(file.toString(), "sqlite:" + file, "sqlite://" + file.toAbsolutePath())) {
            try (MetadataStore other = MetadataStore.connect(uri)) {
                assertThat(other.getRun(runId).experimentId())
                        .as(uri)
                        .isEqualTo(store.findExperiment("uris").orElseThrow().id());
            }
        }
        assertThatThrownBy(() -> MetadataStore.connect("ftp://example.com/x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEnvironmentChoosesTheStore() throws Exception {
        Path home = dir.resolve("home");
        try (MetadataStore s = MetadataStore.fromEnvironment(Map.of(MetadataStore.ENV_HOME, home.toString()))) {
            s.experiment("from-env");
        }
        assertThat(home.resolve("metadata.db")).exists();
        Path named = dir.resolve("named.db");
        try (MetadataStore s = MetadataStore.fromEnvironment(
                Map.of(MetadataStore.ENV_URI, "sqlite:" + named, MetadataStore.ENV_HOME, home.toString()))) {
            s.experiment("by-uri");
        }
        try (MetadataStore s = MetadataStore.open(named)) {
            assertThat(s.findExperiment("by-uri")).isPresent();
            assertThat(s.findExperiment("from-env")).isEmpty();
        }
        assertThat(MetadataStore.defaultFile(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".jfairing", "metadata.db"));
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearError() throws Exception {
        Path junk = dir.resolve("junk.db");
        Files.write(junk, new byte[4096]);
        Files.writeString(junk, "this is not sqlite, just text that is long enough to look like a header.........");
        assertThatThrownBy(() -> MetadataStore.open(junk))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("junk.db");
    }

    @Test
    void twoStoresOnOneFileWriteAtOnce() throws Exception {
        // as two processes would: separate connections, contending for the write lock
        try (MetadataStore second = MetadataStore.open(dir.resolve("metadata.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Long>> futures = new ArrayList<>();
            for (MetadataStore s : List.of(store, second)) {
                futures.add(pool.submit(() -> {
                    RunInfo run = s.createRun(RunSpec.builder("shared").build());
                    for (int b = 0; b < 50; b++) {
                        RunBatch.Builder batch = RunBatch.builder().param("p" + b, b);
                        for (int i = 0; i < 100; i++) {
                            batch.metric(new MetricPoint("m", i, b * 100L + i, 1));
                        }
                        s.logBatch(run.id(), batch.build());
                    }
                    return run.id();
                }));
            }
            for (Future<Long> f : futures) {
                long id = f.get();
                assertThat(store.metricHistory(id, "m")).hasSize(5000);
                assertThat(second.getRun(id).params()).hasSize(50);
            }
            pool.shutdown();
        }
    }
}
