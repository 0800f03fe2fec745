package io.jfairing.fairing.backend.local;

import io.jfairing.fairing.backend.JobState;
import io.jfairing.fairing.backend.SupervisedJob;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.LogLine;
import io.jfairing.metadata.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A job of the local process backend: each replica is a shell that runs the JVM and writes its exit code, with its
 * output appended to the replica's log file. Logs are followed by tailing those files.
 */
final class LocalJobHandle extends SupervisedJob {
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    LocalJobHandle(JobState state, JobState.JobRecord record, MetadataStore store) {
        super(state, record, store);
    }

    @Override
    protected List<Observed> observe() {
        List<Observed> out = new ArrayList<>();
        for (String r : record.replicas()) {
            Integer exit = state.exitCode(r);
            boolean started = state.started(r);
            boolean alive = exit == null && started && state.process(r).isPresent();
            if (exit == null && started && !alive) {
                exit = state.exitCode(r); // it may have ended between the two reads
            }
            out.add(new Observed(r, started, alive, exit, false, exit == null ? 0 : state.exitTime(r)));
        }
        return out;
    }

    @Override
    protected List<String> lastLines(String replica, int n) throws IOException {
        return LogTail.lastLines(state.log(replica), n);
    }

    /** SIGTERM to each JVM (and what it started), SIGKILL after the grace period; the shells then record the exits. */
    @Override
    protected void stop(List<String> replicas) {
        List<ProcessHandle> shells = new ArrayList<>();
        for (String r : replicas) {
            state.process(r).ifPresent(shell -> {
                shell.descendants().forEach(ProcessHandle::destroy);
                shells.add(shell);
            });
        }
        long until = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle shell : shells) {
            try {
                shell.onExit().get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                shell.descendants().forEach(ProcessHandle::destroyForcibly);
                try {
                    shell.onExit().get(2, TimeUnit.SECONDS);
                } catch (TimeoutException | ExecutionException again) {
                    shell.destroyForcibly();
                } catch (InterruptedException again) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // it ended
            }
        }
    }

    @Override
    protected void removeResources(boolean all) throws IOException {
        for (String r : record.replicas()) {
            JobState.deleteTree(state.work(r));
        }
    }

    @Override
    public Subscription followLogs(Consumer<LogLine> sink) throws JobException {
        Objects.requireNonNull(sink, "sink");
        AtomicBoolean open = new AtomicBoolean(true);
        Object lock = new Object();
        for (String replica : record.replicas()) {
            Thread follower =
                    new Thread(() -> follow(replica, sink, open, lock), "jfairing-logs-" + name() + "-" + replica);
            follower.setDaemon(true);
            follower.start();
        }
        return () -> open.set(false);
    }

    private void follow(String replica, Consumer<LogLine> sink, AtomicBoolean open, Object lock) {
        LogTail tail = new LogTail(state.log(replica));
        Consumer<String> emit = text -> {
            LogLine line = new LogLine(replica, text, Instant.now());
            synchronized (lock) {
                if (open.get()) {
                    sink.accept(line);
                }
            }
        };
        try {
            while (open.get()) {
                // the exit code is written after the JVM closed its output: once seen, the file is complete
                boolean ended = state.exitCode(replica) != null
                        || ended()
                        || (state.started(replica) && state.process(replica).isEmpty());
                int n = tail.poll(ended, emit);
                if (ended) {
                    return;
                }
                if (n == 0) {
                    Thread.sleep(POLL.toMillis());
                }
            }
        } catch (IOException | InterruptedException e) {
            // the job was deleted, or the follower stopped
        }
    }

    @Override
    public List<LogLine> logs() throws JobException {
        List<LogLine> out = new ArrayList<>();
        try {
            for (String replica : record.replicas()) {
                Instant time = Files.exists(state.log(replica))
                        ? Files.getLastModifiedTime(state.log(replica)).toInstant()
                        : Instant.now();
                LogTail.readAll(state.log(replica)).forEach(text -> out.add(new LogLine(replica, text, time)));
            }
        } catch (IOException e) {
            throw new JobException("cannot read the logs of local job " + name() + ": " + e.getMessage(), e);
        }
        return out;
    }
}
