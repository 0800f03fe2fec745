package io.jfairing.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The writer thread of a run's metrics writes each point within the flush interval, not only the first batch. */
class MetricBufferTest {
    @Test
    void aPointLoggedAfterTheFirstBatchIsWrittenWithoutAFlush() throws Exception {
        BlockingQueue<RunBatch> written = new LinkedBlockingQueue<>();
        try (MetricBuffer buffer =
                new MetricBuffer("test", new LogBuffering(1024, 100, Duration.ofMillis(50)), written::add)) {
            buffer.add(MetricPoint.of("loss", 1.0, 1));
            RunBatch first = written.poll(30, TimeUnit.SECONDS); // a hang guard, not a speed check
            assertThat(first).as("the first point was written").isNotNull();
            assertThat(first.metrics()).extracting(MetricPoint::step).containsExactly(1L);

            // the writer waits for work now: a point that neither fills a batch nor is flushed must wake it
            buffer.add(MetricPoint.of("loss", 0.5, 2));
            RunBatch second = written.poll(30, TimeUnit.SECONDS);
            assertThat(second)
                    .as("the second point was written without a flush")
                    .isNotNull();
            assertThat(second.metrics()).extracting(MetricPoint::step).containsExactly(2L);
        }
    }
}
