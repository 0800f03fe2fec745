package io.jfairing.metadata.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.metadata.LogBuffering;
import io.jfairing.metadata.MetadataException;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.RunBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSchemaTest {
    @TempDir
    Path dir;

    private static List<Integer> versions(Path file) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private static List<String> indexes(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void migrationsAreNumberedInOrderFromOne() {
        assertThat(Migrations.ALL)
                .extracting(Migrations.Migration::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, Migrations.latestVersion())
                        .boxed()
                        .toList());
    }

    @Test
    void anOldFileIsMigratedAndKeepsItsData() throws Exception {
        Path file = dir.resolve("old.db");
        long runId;
        try (SqliteMetadataStore v1 = SqliteMetadataStore.open(file, LogBuffering.DEFAULT, Duration.ofSeconds(5), 1)) {
            runId = v1.startRun("legacy").id();
            v1.logBatch(
                    runId,
                    RunBatch.builder().param("lr", "0.1").metric("acc", 0.5, 0).build());
        }
        assertThat(versions(file)).containsExactly(1);
        assertThat(indexes(file)).doesNotContain("latest_metric_key_value");

        try (MetadataStore current = MetadataStore.open(file)) {
            assertThat(current.getRun(runId).params()).containsEntry("lr", "0.1");
            assertThat(current.getRun(runId).metrics()).containsEntry("acc", 0.5);
        }
        assertThat(versions(file)).containsExactly(1, 2, 3, 4, 5);
        assertThat(indexes(file)).contains("latest_metric_key_value", "param_key_value", "tag_key_value");
        try (MetadataStore current = MetadataStore.open(file)) {
            assertThat(current.registry().listModels()).isEmpty(); // the registry's tables came with version 4
        }
        // opening again is a no-op
        MetadataStore.open(file).close();
        assertThat(versions(file)).containsExactly(1, 2, 3, 4, 5);
    }

    private static List<String> buckets(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT key, bucket, points, min_value, min_step, min_ts, max_value, max_step,"
                                + " max_ts FROM metric_bucket ORDER BY key, bucket")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= 9; i++) {
                    row.append(rs.getString(i)).append(' ');
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static void logSeries(MetadataStore store, long runId) {
        for (int from = 0; from < 3000; from += 500) {
            RunBatch.Builder b = RunBatch.builder();
            for (int step = from; step < from + 500; step++) {
                b.metric(new MetricPoint(
                        "loss", step == 5 ? Double.NaN : step == 2100 ? 9.0 : Math.cos(step / 300.0), step, 10 + step));
                if (step % 10 == 0) {
                    b.metric(new MetricPoint("acc", step / 3000.0, step, 10 + step));
                }
            }
            store.logBatch(runId, b.build());
        }
    }

    /** Migration 5 computes the bucket summary of existing series exactly as writing them now does. */
    @Test
    void theBucketSummaryBackfilledByTheMigrationEqualsTheOneKeptOnWrite() throws Exception {
        Path old = dir.resolve("v4.db");
        try (SqliteMetadataStore v4 = SqliteMetadataStore.open(old, LogBuffering.DEFAULT, Duration.ofSeconds(5), 4)) {
            logSeries(v4, v4.startRun("legacy").id());
        }
        MetadataStore.open(old).close();
        Path fresh = dir.resolve("v5.db");
        try (MetadataStore current = MetadataStore.open(fresh)) {
            logSeries(current, current.startRun("legacy").id());
        }
        List<String> backfilled = buckets(old);
        assertThat(backfilled).hasSize(6).containsExactlyElementsOf(buckets(fresh));
        assertThat(backfilled.get(5)).startsWith("loss 2 952 "); // steps 2048..2999
        assertThat(backfilled.get(5)).contains(" 9.0 2100 ");
    }

    @Test
    void aFileFromANewerVersionIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("future.db");
        MetadataStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'from the future', 0)");
        }
        assertThatThrownBy(() -> MetadataStore.open(file))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer");
        assertThat(versions(file)).containsExactly(1, 2, 3, 4, 5, 99);
    }
}
