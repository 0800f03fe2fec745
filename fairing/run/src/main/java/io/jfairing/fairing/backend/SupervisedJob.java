package io.jfairing.fairing.backend;

import io.jfairing.fairing.job.CleanupPolicy;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRecorder;
import io.jfairing.fairing.job.JobStatus;
import io.jfairing.fairing.job.MetricLines;
import io.jfairing.fairing.job.ReplicaStatus;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.RunBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A job of replicas on this machine (processes or containers) whose state is kept in a {@link JobState} folder, so that
 * a handle from {@code attach} in another process sees what the submitting one sees. Whoever looks at the job (a
 * status call, a wait, the submitting process's watcher) also moves it on: stops the other replicas once one failed
 * (the job fails as a whole), stops all of them once the active deadline passed, and writes the outcome once all have
 * ended, then ends the metadata run and applies the cleanup policy.
 *
 * <p>Subclasses say how replicas are observed, stopped and cleaned up.
 */
public abstract class SupervisedJob implements JobHandle {
    /** How often a waiter looks again when nothing woke it. */
    protected static final Duration POLL = Duration.ofMillis(10);

    /**
     * A replica as its runtime shows it.
     *
     * @param exitCode  null while it runs or before it started
     * @param started   its process or container exists (or existed)
     * @param alive     it runs now
     * @param oomKilled the runtime's OOM killer ended it
     * @param endedAt   epoch millis, 0 when unknown
     * @param reason    the runtime's own reason for a failure (e.g. {@code ContainerCannotRun}), or null
     */
    public record Observed(
            String replica,
            boolean started,
            boolean alive,
            Integer exitCode,
            boolean oomKilled,
            long endedAt,
            String reason) {
        public Observed(
                String replica, boolean started, boolean alive, Integer exitCode, boolean oomKilled, long endedAt) {
            this(replica, started, alive, exitCode, oomKilled, endedAt, null);
        }
    }

    private record Replica(String name, JobPhase phase, Integer exitCode, String reason, long endedAt) {
        ReplicaStatus status() {
            return new ReplicaStatus(name, phase, exitCode, reason);
        }
    }

    private record View(JobStatus status, JobOutcome outcome) {}

    protected final JobState state;
    protected final JobState.JobRecord record;
    private final MetadataStore store;
    private final Object changed = new Object();
    private volatile List<String> collectedMetrics = List.of();
    private boolean deleted;

    protected SupervisedJob(JobState state, JobState.JobRecord record, MetadataStore store) {
        this.state = state;
        this.record = record;
        this.store = store;
    }

    /**
     * Metrics to read from the first replica's output and log to the run before it ends (a tuning trial's objective),
     * set by the backend before the replicas start.
     */
    public void collectMetrics(List<String> names) {
        this.collectedMetrics = List.copyOf(names);
    }

    /** Each replica now, in {@link JobState.JobRecord#replicas()} order. */
    protected abstract List<Observed> observe() throws IOException;

    /** The replica's last {@code n} log lines. */
    protected abstract List<String> lastLines(String replica, int n) throws IOException;

    /** Stops these replicas (SIGTERM, then SIGKILL after a grace period) and returns once they ended. */
    protected abstract void stop(List<String> replicas) throws IOException;

    /** How long a waiter sleeps when nothing woke it: short for cheap looks, longer when looking runs a command. */
    protected Duration pollInterval() {
        return POLL;
    }

    /** Removes what the replicas leave behind (work folders, containers), keeping what {@code logs()} reads unless {@code all}. */
    protected abstract void removeResources(boolean all) throws IOException;

    @Override
    public String name() {
        return record.name();
    }

    @Override
    public String backend() {
        return record.backend();
    }

    @Override
    public Long runId() {
        return record.runId();
    }

    /** Looks at the job again now and wakes waiters (a replica ended, a deadline passed). */
    public void poke() {
        try {
            reconcile();
        } catch (JobException | RuntimeException ignored) {
            // deleted meanwhile, or unreadable for now: the next look tells
        }
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    @Override
    public JobStatus status() throws JobException {
        return reconcile().status();
    }

    private synchronized View reconcile() throws JobException {
        if (deleted) {
            throw new JobException("job " + name() + " was deleted");
        }
        try {
            JobState.OutcomeRecord stored = state.readOutcome();
            List<Replica> replicas = replicas();
            if (stored == null) {
                boolean allEnded = replicas.stream().allMatch(r -> r.phase().isTerminal());
                if (!allEnded && act(replicas)) {
                    replicas = replicas();
                    allEnded = replicas.stream().allMatch(r -> r.phase().isTerminal());
                }
                if (allEnded) {
                    stored = state.writeOutcomeOnce(outcomeOf(replicas));
                }
            }
            if (stored != null) {
                JobOutcome outcome = toOutcome(stored);
                finishRun(outcome);
                CleanupPolicy policy = CleanupPolicy.valueOf(record.cleanup());
                boolean clean = policy == CleanupPolicy.DELETE_ALWAYS
                        || (policy == CleanupPolicy.DELETE_ON_SUCCESS && outcome.succeeded());
                if (clean && !state.has(JobState.CLEANED_UP)) {
                    removeResources(false);
                    state.mark(JobState.CLEANED_UP);
                }
                return new View(
                        new JobStatus(
                                name(),
                                backend(),
                                outcome.phase(),
                                replicas.stream().map(Replica::status).toList(),
                                message(outcome),
                                Instant.ofEpochMilli(stored.endedAt())),
                        outcome);
            }
            JobPhase phase = replicas.stream().anyMatch(r -> r.phase() == JobPhase.PENDING)
                    ? JobPhase.PENDING
                    : JobPhase.RUNNING;
            String message = state.has(JobState.CANCELLED)
                    ? "cancelling"
                    : state.has(JobState.DEADLINE_EXCEEDED)
                            ? "stopping: active deadline exceeded"
                            : failingMessage(replicas);
            return new View(
                    new JobStatus(
                            name(),
                            backend(),
                            phase,
                            replicas.stream().map(Replica::status).toList(),
                            message,
                            Instant.now()),
                    null);
        } catch (IOException | java.io.UncheckedIOException e) {
            if (!state.exists()) {
                throw new JobException("job " + name() + " was deleted (" + state.path() + ")", e);
            }
            throw new JobException(
                    "cannot read the state of job " + name() + " in " + state.path() + ": " + e.getMessage(), e);
        }
    }

    private List<Replica> replicas() throws IOException {
        List<Replica> out = new ArrayList<>();
        boolean cancelled = state.has(JobState.CANCELLED);
        boolean deadline = state.has(JobState.DEADLINE_EXCEEDED);
        String pullError = pullError();
        for (Observed o : observe()) {
            String r = o.replica();
            boolean stopped = Files.exists(state.stoppedMarker(r));
            if (pullError != null && !o.started()) {
                out.add(new Replica(
                        r,
                        JobPhase.FAILED,
                        null,
                        FailureReasons.IMAGE_PULL_BACK_OFF,
                        state.markerTime(JobState.IMAGE_PULL_ERROR)));
            } else if (!o.started() && (cancelled || stopped)) {
                // never started and never will: the job was cancelled or is failing
                JobPhase phase = cancelled ? JobPhase.CANCELLED : JobPhase.FAILED;
                String reason = cancelled
                        ? FailureReasons.CANCELLED
                        : deadline ? FailureReasons.DEADLINE_EXCEEDED : FailureReasons.STOPPED;
                out.add(new Replica(r, phase, null, reason, 0));
            } else if (o.exitCode() == null && o.started() && !o.alive()) {
                out.add(new Replica(
                        r,
                        cancelled ? JobPhase.CANCELLED : JobPhase.FAILED,
                        null,
                        cancelled ? FailureReasons.CANCELLED : FailureReasons.LOST,
                        System.currentTimeMillis()));
            } else if (o.exitCode() == null) {
                out.add(new Replica(r, o.started() && o.alive() ? JobPhase.RUNNING : JobPhase.PENDING, null, null, 0));
            } else if (o.exitCode() == 0) {
                out.add(new Replica(r, JobPhase.SUCCEEDED, 0, null, o.endedAt()));
            } else if (stopped) {
                JobPhase phase = cancelled ? JobPhase.CANCELLED : JobPhase.FAILED;
                String reason = cancelled
                        ? FailureReasons.CANCELLED
                        : deadline ? FailureReasons.DEADLINE_EXCEEDED : FailureReasons.STOPPED;
                out.add(new Replica(r, phase, o.exitCode(), reason, o.endedAt()));
            } else if (o.reason() != null) {
                out.add(new Replica(r, JobPhase.FAILED, o.exitCode(), o.reason(), o.endedAt()));
            } else {
                out.add(new Replica(
                        r,
                        JobPhase.FAILED,
                        o.exitCode(),
                        FailureReasons.of(o.exitCode(), o.oomKilled(), lastLines(r, JobOutcome.LAST_LINES)),
                        o.endedAt()));
            }
        }
        return out;
    }

    private String pullError() throws IOException {
        return state.has(JobState.IMAGE_PULL_ERROR)
                ? Files.readString(state.marker(JobState.IMAGE_PULL_ERROR)).strip()
                : null;
    }

    /** Stops what must stop: everything past the deadline, the others once a replica failed. Returns whether it did. */
    private boolean act(List<Replica> replicas) throws IOException {
        Long deadline = record.activeDeadlineSeconds();
        if (deadline != null
                && System.currentTimeMillis() > record.createdAt() + deadline * 1000
                && !state.has(JobState.CANCELLED)) {
            state.mark(JobState.DEADLINE_EXCEEDED);
            stopRunning(replicas);
            return true;
        }
        if (replicas.stream()
                .anyMatch(r -> r.phase() == JobPhase.FAILED && !FailureReasons.STOPPED.equals(r.reason()))) {
            stopRunning(replicas);
            return true;
        }
        return false;
    }

    private void stopRunning(List<Replica> replicas) throws IOException {
        List<String> names = new ArrayList<>();
        for (Replica r : replicas) {
            if (!r.phase().isTerminal()) {
                Files.createDirectories(state.replica(r.name()));
                if (!Files.exists(state.stoppedMarker(r.name()))) {
                    Files.writeString(state.stoppedMarker(r.name()), "");
                }
                names.add(r.name());
            }
        }
        if (!names.isEmpty()) {
            stop(names);
        }
    }

    private JobState.OutcomeRecord outcomeOf(List<Replica> replicas) throws IOException {
        long ended = Math.max(
                record.createdAt(),
                replicas.stream().mapToLong(Replica::endedAt).max().orElse(0));
        if (ended == record.createdAt()) {
            ended = System.currentTimeMillis();
        }
        long took = ended - record.createdAt();
        if (state.has(JobState.CANCELLED)) {
            return new JobState.OutcomeRecord(
                    JobPhase.CANCELLED.name(), null, null, FailureReasons.CANCELLED, List.of(), took, ended);
        }
        String pullError = pullError();
        if (pullError != null) {
            return new JobState.OutcomeRecord(
                    JobPhase.FAILED.name(),
                    record.replicas().get(0),
                    null,
                    FailureReasons.IMAGE_PULL_BACK_OFF,
                    pullError.lines().toList(),
                    took,
                    ended);
        }
        Replica failed = replicas.stream()
                .filter(r -> r.phase() == JobPhase.FAILED
                        && !FailureReasons.STOPPED.equals(r.reason())
                        && !FailureReasons.DEADLINE_EXCEEDED.equals(r.reason()))
                .min(Comparator.comparingLong(Replica::endedAt))
                .orElse(null);
        if (state.has(JobState.DEADLINE_EXCEEDED) && failed == null) {
            String first = replicas.stream()
                    .filter(r -> FailureReasons.DEADLINE_EXCEEDED.equals(r.reason()))
                    .map(Replica::name)
                    .findFirst()
                    .orElse(null);
            return new JobState.OutcomeRecord(
                    JobPhase.FAILED.name(),
                    first,
                    null,
                    FailureReasons.DEADLINE_EXCEEDED,
                    first == null ? List.of() : lastLines(first, JobOutcome.LAST_LINES),
                    took,
                    ended);
        }
        if (failed != null) {
            return new JobState.OutcomeRecord(
                    JobPhase.FAILED.name(),
                    failed.name(),
                    failed.exitCode(),
                    failed.reason(),
                    lastLines(failed.name(), JobOutcome.LAST_LINES),
                    took,
                    ended);
        }
        return new JobState.OutcomeRecord(JobPhase.SUCCEEDED.name(), null, null, null, List.of(), took, ended);
    }

    private JobOutcome toOutcome(JobState.OutcomeRecord o) {
        return new JobOutcome(
                name(),
                JobPhase.valueOf(o.phase()),
                o.failedReplica(),
                o.exitCode(),
                o.reason(),
                o.lastLogLines() == null ? List.of() : o.lastLogLines(),
                Duration.ofMillis(o.durationMillis()),
                runId());
    }

    private static String message(JobOutcome outcome) {
        if (outcome.succeeded()) {
            return "";
        }
        if (outcome.failedReplica() == null) {
            return outcome.reason() == null ? "" : outcome.reason();
        }
        return outcome.failedReplica()
                + (outcome.exitCode() == null ? " failed" : " exited with " + outcome.exitCode())
                + (outcome.reason() == null ? "" : " (" + outcome.reason() + ")");
    }

    private static String failingMessage(List<Replica> replicas) {
        return replicas.stream()
                .filter(r -> r.phase() == JobPhase.FAILED && !FailureReasons.STOPPED.equals(r.reason()))
                .findFirst()
                .map(r -> r.name() + (r.exitCode() == null ? " failed" : " exited with " + r.exitCode()) + " ("
                        + r.reason() + ")")
                .orElse("");
    }

    /** The collected metrics as the run's step-0 values, while the run is still open. */
    private void logCollectedMetrics() {
        if (collectedMetrics.isEmpty() || record.replicas().isEmpty()) {
            return;
        }
        try {
            Map<String, Double> values = new java.util.LinkedHashMap<>(
                    MetricLines.parse(lastLines(record.replicas().get(0), 100_000), collectedMetrics));
            // a job that records its own run (MetadataStore.jobRun()) may have logged them, and ended the run, itself
            values.keySet().removeAll(store.getRun(runId()).metrics().keySet());
            if (!values.isEmpty()) {
                long now = System.currentTimeMillis();
                List<MetricPoint> points = new ArrayList<>();
                values.forEach((name, value) -> points.add(new MetricPoint(name, value, 0, now)));
                store.logBatch(runId(), new RunBatch(points, null, null));
            }
        } catch (IOException | RuntimeException e) {
            System.getLogger(SupervisedJob.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "cannot record the metrics of job " + name() + " in run " + runId() + ": "
                                    + e.getMessage());
        }
    }

    private void finishRun(JobOutcome outcome) {
        if (store == null || runId() == null || state.has(JobState.RUN_FINISHED)) {
            return;
        }
        if (state.mark(JobState.RUN_FINISHED)) {
            logCollectedMetrics();
            RuntimeException error = JobRecorder.finish(store, outcome);
            if (error != null) {
                try {
                    Files.deleteIfExists(state.marker(JobState.RUN_FINISHED));
                } catch (IOException ignored) {
                    // a later look tries again
                }
                System.getLogger(SupervisedJob.class.getName())
                        .log(
                                System.Logger.Level.WARNING,
                                "cannot record the outcome of job " + name() + " in run " + runId() + ": "
                                        + error.getMessage());
            }
        }
    }

    @Override
    public Subscription onStatus(Consumer<JobStatus> listener) throws JobException {
        Objects.requireNonNull(listener, "listener");
        JobStatus first = status();
        AtomicBoolean open = new AtomicBoolean(true);
        Thread thread = new Thread(
                () -> {
                    JobStatus last = first;
                    listener.accept(first);
                    while (open.get() && !last.phase().isTerminal()) {
                        awaitChange(
                                pollInterval().compareTo(Duration.ofMillis(50)) > 0
                                        ? pollInterval()
                                        : Duration.ofMillis(50));
                        try {
                            JobStatus now = status();
                            if (open.get() && !same(now, last)) {
                                listener.accept(now);
                                last = now;
                            }
                        } catch (JobException e) {
                            return;
                        }
                    }
                },
                "jfairing-status-" + name());
        thread.setDaemon(true);
        thread.start();
        return () -> open.set(false);
    }

    private static boolean same(JobStatus a, JobStatus b) {
        return a.phase() == b.phase()
                && a.replicas().equals(b.replicas())
                && a.message().equals(b.message());
    }

    @Override
    public JobOutcome waitForCompletion(Duration timeout) throws JobException, InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            View view = reconcile();
            if (view.outcome() != null) {
                return view.outcome();
            }
            if (System.nanoTime() >= until) {
                throw new JobException("job " + name() + " did not end within " + timeout.toSeconds()
                        + " s; it keeps running (" + view.status().summary() + ")");
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            awaitChange(pollInterval());
        }
    }

    private void awaitChange(Duration max) {
        synchronized (changed) {
            try {
                changed.wait(Math.max(1, max.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the job has ended (its outcome is written). */
    protected boolean ended() {
        return state.has(JobState.OUTCOME_FILE);
    }

    @Override
    public void cancel() throws JobException {
        if (reconcile().outcome() != null) {
            return;
        }
        state.mark(JobState.CANCELLED);
        try {
            synchronized (this) {
                stopRunning(replicas());
            }
        } catch (IOException e) {
            throw new JobException("cannot cancel job " + name() + ": " + e.getMessage(), e);
        }
        poke();
    }

    @Override
    public void delete() throws JobException {
        cancel();
        try {
            synchronized (this) { // no look of a watcher writes a marker while the folder goes
                reconcile();
                removeResources(true);
                state.deleteAll();
                deleted = true;
            }
        } catch (IOException e) {
            throw new JobException("cannot delete job " + name() + " (" + state.path() + "): " + e.getMessage(), e);
        }
    }
}
