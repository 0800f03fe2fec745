package io.jfairing.metadata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.LogBuffering;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.pg.PostgresServer;
import io.jfairing.metadata.store.sqlite.PostgresLocation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded SQLite store copied into a real PostgreSQL server (Debian's) is the same store there: the same runs with
 * their params, tags and metrics in the same search order, the lineage, the long curve; and it stays writable.
 */
class StoreCopyTest {
    @TempDir
    Path dir;

    @Test
    void aSeededStoreCopiedIntoPostgresAnswersAsTheFileDoes() throws Exception {
        Path file = dir.resolve("seeded.db");
        StoreSeeder.Seeded seeded;
        try (MetadataStore sqlite = MetadataStore.open(file)) {
            seeded = new StoreSeeder(30, 4, 5, 3_000).seed(sqlite, "copied");
        }
        String uri = PostgresServer.shared().createDatabase();
        String password = PostgresServer.passwordEnv().get(PostgresLocation.ENV_PASSWORD);
        StoreCopy.copy(file, uri, password);

        RunQuery byAccuracy = RunQuery.builder()
                .experiment("copied")
                .filter("params.optimizer != 'sgd'")
                .orderBy("metrics.accuracy DESC")
                .pageSize(100)
                .build();
        try (MetadataStore sqlite = MetadataStore.open(file);
                MetadataStore pg = PostgresServer.open(uri, LogBuffering.DEFAULT)) {
            List<RunInfo> expected = sqlite.searchRuns(byAccuracy).items();
            assertThat(expected).hasSizeGreaterThan(5);
            assertThat(pg.searchRuns(byAccuracy).items()).isEqualTo(expected);
            assertThat(pg.metricHistory(seeded.longCurveRunId(), "loss"))
                    .hasSize(3_000)
                    .isEqualTo(sqlite.metricHistory(seeded.longCurveRunId(), "loss"));
            assertThat(pg.lineage(seeded.datasetId(), LineageDirection.DOWNSTREAM, 2))
                    .isEqualTo(sqlite.lineage(seeded.datasetId(), LineageDirection.DOWNSTREAM, 2));

            // new rows get ids after the copied ones
            RunInfo fresh = pg.createRun(
                    RunSpec.builder(seeded.experimentId()).name("after-copy").build());
            assertThat(fresh.id()).isGreaterThan(seeded.longCurveRunId());
            pg.logBatch(
                    fresh.id(),
                    io.jfairing.metadata.RunBatch.ofMetrics(List.of(new MetricPoint("accuracy", 0.5, 0, 0))));
            assertThat(pg.getRun(fresh.id()).metrics()).containsEntry("accuracy", 0.5);
            // and seeding it again finds everything there
            assertThat(new StoreSeeder(30, 4, 5, 3_000).seed(pg, "copied").added())
                    .isZero();
        }
        // a store with runs is never overwritten
        assertThatThrownBy(() -> StoreCopy.copy(file, uri, password))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not an empty store");
    }
}
