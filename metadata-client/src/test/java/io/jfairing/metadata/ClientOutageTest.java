package io.jfairing.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.metadata.server.MetadataServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP client while its server is away: spooling, re-sending, idempotent batches, bounded waits on close. */
@Timeout(120)
class ClientOutageTest {
    @TempDir
    Path dir;

    MetadataStore backend;
    MetadataServer server;
    int port;

    @BeforeEach
    void start() {
        backend = MetadataStore.open(dir.resolve("m.db"));
        server = MetadataServer.builder(backend).start();
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        backend.close();
    }

    private MetadataStore client(LogBuffering buffering) {
        return MetadataStore.builder()
                .uri("http://127.0.0.1:" + port)
                .buffering(buffering)
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    private void restart() {
        server = MetadataServer.builder(backend).port(port).start();
    }

    @Test
    void pointsLoggedWhileTheServerIsDownAreSpooledAndWrittenOnceItIsBack() throws Exception {
        Path spool = dir.resolve("spool");
        try (MetadataStore client = client(new LogBuffering(64, 16, Duration.ofMillis(5)).withSpoolDir(spool))) {
            Run run = client.startRun("outage");
            run.logMetric("m", -1, 0, 999);
            run.flush();
            server.close();
            for (int i = 1; i <= 1000; i++) { // 15 times the buffer: it spills to the spool file instead of blocking
                run.logMetric("m", i, i, 1000L + i);
            }
            waitFor(() -> spoolFiles(spool).size() == 1, "a spool file while the server is away");
            restart();
            run.close(); // waits for the re-sent points, then ends the run
            assertThat(backend.getRun(run.id()).status()).isEqualTo(RunStatus.FINISHED);
            List<MetricPoint> points = backend.metricHistory(run.id(), "m");
            assertThat(points).hasSize(1001);
            for (int i = 0; i <= 1000; i++) {
                assertThat(points.get(i).step()).isEqualTo(i);
            }
            assertThat(spoolFiles(spool))
                    .as("the spool file is gone once its points are written")
                    .isEmpty();
        }
    }

    @Test
    void closeWaitsAtMostTheCloseTimeoutThenLeavesTheRunRunningAndKeepsTrying() throws Exception {
        Path spool = dir.resolve("spool");
        try (MetadataStore client = client(new LogBuffering(64, 16, Duration.ofMillis(5))
                .withOutage(Duration.ofMinutes(15), Duration.ofMillis(300))
                .withSpoolDir(spool))) {
            Run run = client.startRun("away");
            server.close();
            for (int i = 0; i < 10; i++) {
                run.logMetric("m", i, i, 1000L + i);
            }
            assertThatThrownBy(run::close)
                    .isInstanceOf(MetadataException.class)
                    .hasMessageContaining("10 metric points of run " + run.id() + " are not written yet")
                    .hasMessageContaining("after waiting 300 ms (the close timeout) for the metadata store")
                    .hasMessageContaining(spool.toString());
            assertThat(backend.getRun(run.id()).status())
                    .as("not ended FAILED: the points may still come")
                    .isEqualTo(RunStatus.RUNNING);
            restart();
            waitFor(() -> backend.metricHistory(run.id(), "m").size() == 10, "the spooled points after the restart");
            waitFor(() -> spoolFiles(spool).isEmpty(), "the spool file to go");
        }
    }

    @Test
    void callsWaitForAServerThatIsRestarting() throws Exception {
        try (MetadataStore client = client(LogBuffering.DEFAULT)) {
            long before = client.startRun("restart").id();
            server.close();
            Thread restarter = new Thread(() -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                restart();
            });
            restarter.start();
            // refused connections are retried for any call (nothing was sent), for up to the 30 s default
            long id = client.startRun("restart").id();
            client.logBatch(id, RunBatch.builder().param("lr", "0.1").build());
            restarter.join();
            assertThat(backend.getRun(id).params()).containsEntry("lr", "0.1");
            assertThat(id).isNotEqualTo(before);
            assertThat(backend.searchRuns(
                                    RunQuery.builder().experiment("restart").build())
                            .items())
                    .hasSize(2);
        }
    }

    @Test
    void aBatchWhoseAnswerIsLostIsRetriedWithTheSameIdAndStoredOnce() {
        Map<String, List<MetricPoint>> stored = new LinkedHashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        LogBuffering options = new LogBuffering(1000, 100, Duration.ofMillis(5)).withSpoolDir(dir.resolve("spool"));
        try (MetricBuffer buffer = new MetricBuffer("lost", options, batch -> {
            assertThat(batch.batchId()).isNotNull();
            stored.putIfAbsent(batch.batchId(), batch.metrics()); // what a store does with the id
            if (attempts.merge(batch.batchId(), 1, Integer::sum) == 1) {
                throw new MetadataException("cannot reach the metadata server: connection reset"); // the answer is lost
            }
        })) {
            for (int i = 0; i < 1000; i++) {
                buffer.add(new MetricPoint("m", i, i, 1000L + i));
            }
            buffer.flush();
        }
        assertThat(attempts.values()).isNotEmpty().allMatch(n -> n >= 2);
        List<MetricPoint> all = new ArrayList<>();
        stored.values().forEach(all::addAll);
        assertThat(all).hasSize(1000);
        assertThat(all).extracting(MetricPoint::step).doesNotHaveDuplicates();
    }

    @Test
    void aRejectedBatchIsNotRetried() {
        List<String> ids = new ArrayList<>();
        LogBuffering options = new LogBuffering(100, 10, Duration.ofMillis(5)).withSpoolDir(dir.resolve("spool"));
        MetricBuffer buffer = new MetricBuffer("rejected", options, batch -> {
            ids.add(batch.batchId());
            throw new InvalidRequestException("metric key is bad");
        });
        buffer.add(new MetricPoint("m", 1, 1, 1));
        assertThatThrownBy(buffer::flush)
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("metric key is bad");
        assertThatThrownBy(buffer::close).isInstanceOf(InvalidRequestException.class);
        assertThat(ids).hasSize(1);
    }

    private static List<Path> spoolFiles(Path spool) {
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(spool)) {
            return s.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A bounded wait: fails with {@code what} after 30 s. */
    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline)
                    .as("waited 30 s for " + what)
                    .isTrue();
            Thread.sleep(20);
        }
    }
}
