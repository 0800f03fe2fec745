package io.jfairing.metadata.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.metadata.LogBuffering;
import io.jfairing.metadata.MetadataException;
import io.jfairing.metadata.MetadataStore;
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
        assertThat(versions(file)).containsExactly(1, 2, 3, 4);
        assertThat(indexes(file)).contains("latest_metric_key_value", "param_key_value", "tag_key_value");
        try (MetadataStore current = MetadataStore.open(file)) {
            assertThat(current.registry().listModels()).isEmpty(); // the registry's tables came with version 4
        }
        // opening again is a no-op
        MetadataStore.open(file).close();
        assertThat(versions(file)).containsExactly(1, 2, 3, 4);
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
        assertThat(versions(file)).containsExactly(1, 2, 3, 4, 99);
    }
}
