package io.jfairing.fairing.pipeline.local;

import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.LogLine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The log file of one try of a step: the job's lines appended as they come while it runs, then completed from the
 * job's whole log once it ended (a live stream closed when the job ends may not have delivered its last lines yet:
 * a container that ran for a second can end before {@code podman logs --follow} read anything).
 */
final class StepLog implements AutoCloseable {
    private final BufferedWriter writer;
    private int written;
    private boolean following = true;
    private JobHandle.Subscription subscription;

    StepLog(Path file) throws IOException {
        this.writer = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Appends {@code job}'s lines as they come. */
    void follow(JobHandle job) throws JobException {
        subscription = job.followLogs(line -> {
            synchronized (this) {
                if (following) {
                    write(line);
                }
            }
        });
    }

    /** Stops following and appends the lines of the ended {@code job} that the live stream did not deliver. */
    void complete(JobHandle job) throws JobException {
        if (subscription != null) {
            subscription.close();
        }
        List<LogLine> all = job.logs();
        synchronized (this) {
            following = false;
            for (int i = written; i < all.size(); i++) {
                write(all.get(i));
            }
        }
    }

    private void write(LogLine line) {
        try {
            writer.write(line.text());
            writer.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        following = false;
        if (subscription != null) {
            subscription.close();
        }
        writer.close();
    }
}
