package io.jfairing.fairing.tune;

import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRecorder;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.LogLine;
import io.jfairing.fairing.job.MetricLines;
import io.jfairing.fairing.job.Trial;
import io.jfairing.fairing.job.TuningHandle;
import io.jfairing.fairing.job.TuningOutcome;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.RunBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A sweep run by {@link LocalTuner}: a scheduling thread starts trials as slots free up. */
final class LocalTuningHandle implements TuningHandle {
    static final String TAG_TRIAL = "jfairing.tuning.trial";
    static final String TAG_BEST_TRIAL = "jfairing.tuning.best-trial";

    private final Backend backend;
    private final JobRequest request;
    private final Tuning tuning;
    private final SearchSpace space;
    private final Long runId;
    private final long startedAt = System.nanoTime();
    private final List<String> names = new ArrayList<>();
    private final Map<String, Trial> trials = new LinkedHashMap<>();
    private final Map<String, JobHandle> jobs = new LinkedHashMap<>();
    private final List<Consumer<Trial>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;
    /** Trials ended whose listeners are still being called (guarded by this). */
    private int delivering;

    private TuningOutcome outcome;
    private String stopReason;

    LocalTuningHandle(Backend backend, JobRequest request, Tuning tuning, SearchSpace space, Long runId) {
        this.backend = backend;
        this.request = request;
        this.tuning = tuning;
        this.space = space;
        this.runId = runId;
    }

    void start() {
        Thread scheduler = new Thread(this::schedule, "jfairing-tuner-" + name());
        scheduler.setDaemon(true);
        scheduler.start();
    }

    @Override
    public String name() {
        return request.spec().name();
    }

    private void schedule() {
        int started = 0;
        try {
            while (true) {
                synchronized (this) {
                    while (!cancelled && running() >= tuning.parallelTrialCount() && stopReason == null) {
                        wait();
                    }
                    if (cancelled || stopReason != null || started >= tuning.maxTrialCount()) {
                        break;
                    }
                }
                Map<String, String> parameters = space.next();
                if (parameters == null) {
                    break;
                }
                started++;
                startTrial(String.format(Locale.ROOT, "%s-%03d", name(), started), parameters);
            }
            synchronized (this) {
                while (running() > 0) {
                    wait();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finish();
    }

    private int running() {
        return (int)
                trials.values().stream().filter(t -> !t.phase().isTerminal()).count();
    }

    private void startTrial(String trialName, Map<String, String> parameters) {
        Map<String, String> env = new LinkedHashMap<>();
        parameters.forEach((k, v) -> env.put(JobEnvironment.PARAMETER_PREFIX + k.toUpperCase(Locale.ROOT), v));
        Trial pending = new Trial(trialName, parameters, JobPhase.PENDING, null, Map.of());
        synchronized (this) {
            names.add(trialName);
            trials.put(trialName, pending);
        }
        JobHandle job;
        try {
            List<String> metricNames = new ArrayList<>(tuning.additionalMetricNames());
            metricNames.add(tuning.objectiveMetricName());
            JobRequest.Builder trial = request.toBuilder(request.spec().trialSpec(trialName, env))
                    .parameters(parameters)
                    .collectMetrics(metricNames); // the trial's run gets them before it ends
            job = backend.submit(trial.build());
        } catch (JobException | RuntimeException e) {
            ended(new Trial(trialName, parameters, JobPhase.FAILED, null, Map.of()), null, e.getMessage());
            return;
        }
        synchronized (this) {
            jobs.put(trialName, job);
            trials.put(trialName, new Trial(trialName, parameters, JobPhase.RUNNING, null, Map.of()));
        }
        tag(job.runId(), Map.of(JobRecorder.TAG_PARENT_RUN, String.valueOf(runId), TAG_TRIAL, trialName));
        Thread waiter = new Thread(() -> await(trialName, parameters, job), "jfairing-trial-" + trialName);
        waiter.setDaemon(true);
        waiter.start();
    }

    private void await(String trialName, Map<String, String> parameters, JobHandle job) {
        JobPhase phase;
        Map<String, Double> metrics = Map.of();
        String note = null;
        try {
            JobOutcome result = job.waitForCompletion(Duration.ofDays(365));
            phase = result.phase();
            List<LogLine> lines = job.logs();
            String first = lines.isEmpty() ? null : lines.get(0).replica();
            List<String> names = new ArrayList<>(tuning.additionalMetricNames());
            names.add(tuning.objectiveMetricName());
            metrics = MetricLines.parse(
                    lines.stream()
                            .filter(l -> l.replica().equals(first))
                            .map(LogLine::text)
                            .toList(),
                    names);
            if (phase == JobPhase.SUCCEEDED && !metrics.containsKey(tuning.objectiveMetricName())) {
                phase = JobPhase.FAILED;
                note = "trial " + trialName + " reported no " + tuning.objectiveMetricName()
                        + "=VALUE line (MetricsUnavailable)";
            } else if (phase == JobPhase.FAILED) {
                note = result.describe();
            }
        } catch (JobException e) {
            phase = JobPhase.FAILED;
            note = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            phase = JobPhase.CANCELLED;
        }
        Double objective = metrics.get(tuning.objectiveMetricName());
        ended(new Trial(trialName, parameters, phase, objective, metrics), job, note);
    }

    private void ended(Trial trial, JobHandle job, String note) {
        List<Consumer<Trial>> current;
        synchronized (this) {
            trials.put(trial.name(), trial);
            long failed = trials.values().stream()
                    .filter(t -> t.phase() == JobPhase.FAILED)
                    .count();
            if (stopReason == null && failed > tuning.maxFailedTrialCount()) {
                stopReason = failed + " trials failed, more than maxFailedTrials " + tuning.maxFailedTrialCount()
                        + (note == null ? "" : "; last: " + note);
            }
            if (stopReason == null && trial.objective() != null && reachedGoal(trial.objective())) {
                stopReason = "goal";
            }
            // a subscriber from now on finds the trial among the ended ones; those before get it here, and the
            // sweep's outcome waits until they have (waitForCompletion returns after every trial was delivered)
            delivering++;
            current = List.copyOf(listeners);
            notifyAll();
        }
        try {
            current.forEach(l -> l.accept(trial));
        } finally {
            synchronized (this) {
                delivering--;
                notifyAll();
            }
        }
    }

    private boolean reachedGoal(double value) {
        Double goal = tuning.objectiveGoal();
        if (goal == null) {
            return false;
        }
        return tuning.goal() == Tuning.Goal.MAXIMIZE ? value >= goal : value <= goal;
    }

    private Trial best(List<Trial> all) {
        Comparator<Trial> byObjective = Comparator.comparingDouble(Trial::objective);
        return all.stream()
                .filter(t -> t.phase() == JobPhase.SUCCEEDED && t.objective() != null)
                .max(tuning.goal() == Tuning.Goal.MAXIMIZE ? byObjective : byObjective.reversed())
                .orElse(null);
    }

    private void finish() {
        TuningOutcome result;
        synchronized (this) {
            List<Trial> all = names.stream().map(trials::get).toList();
            Trial best = best(all);
            JobPhase phase;
            if (cancelled) {
                phase = JobPhase.CANCELLED;
            } else if (stopReason != null && !stopReason.equals("goal")) {
                phase = JobPhase.FAILED;
            } else {
                phase = best == null ? JobPhase.FAILED : JobPhase.SUCCEEDED;
            }
            result = new TuningOutcome(name(), phase, all, best, Duration.ofNanos(System.nanoTime() - startedAt));
        }
        if (runId != null && request.store() != null) {
            Map<String, String> tags = new LinkedHashMap<>();
            List<MetricPoint> points = new ArrayList<>();
            if (result.best() != null) {
                tags.put(TAG_BEST_TRIAL, result.best().name());
                result.best().parameters().forEach((k, v) -> tags.put("jfairing.tuning.best." + k, v));
                points.add(new MetricPoint(
                        tuning.objectiveMetricName(), result.best().objective(), 0, System.currentTimeMillis()));
            }
            log(runId, new RunBatch(points, null, tags));
            JobRecorder.finish(
                    request.store(),
                    new JobOutcome(
                            name(),
                            result.phase(),
                            null,
                            null,
                            result.phase() == JobPhase.FAILED
                                    ? stopReason == null ? "NoTrialSucceeded" : "TooManyFailedTrials"
                                    : null,
                            List.of(),
                            result.duration(),
                            runId));
        }
        synchronized (this) {
            outcome = result;
            notifyAll();
        }
    }

    private void tag(Long run, Map<String, String> tags) {
        if (run != null) {
            log(run, new RunBatch(null, null, tags));
        }
    }

    private void log(long run, RunBatch batch) {
        MetadataStore store = request.store();
        if (store != null) {
            try {
                store.logBatch(run, batch);
            } catch (RuntimeException e) {
                System.getLogger(LocalTuningHandle.class.getName())
                        .log(
                                System.Logger.Level.WARNING,
                                "cannot record sweep " + name() + " in run " + run + ": " + e.getMessage());
            }
        }
    }

    @Override
    public synchronized List<Trial> trials() {
        return names.stream().map(trials::get).toList();
    }

    @Override
    public JobHandle.Subscription onTrial(Consumer<Trial> listener) {
        List<Trial> done;
        synchronized (this) {
            done = names.stream()
                    .map(trials::get)
                    .filter(t -> t.phase().isTerminal())
                    .toList();
            listeners.add(listener);
        }
        done.forEach(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public TuningOutcome waitForCompletion(Duration timeout) throws JobException, InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (outcome == null || delivering > 0) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new JobException("sweep " + name() + " did not end within " + timeout.toSeconds()
                            + " s; it keeps running (" + trials.size() + " trials started)");
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return outcome;
        }
    }

    @Override
    public void cancel() throws JobException {
        List<JobHandle> running;
        synchronized (this) {
            cancelled = true;
            notifyAll();
            running = new ArrayList<>(jobs.values());
        }
        for (JobHandle job : running) {
            job.cancel();
        }
    }

    @Override
    public void delete() throws JobException {
        cancel();
        List<JobHandle> all;
        synchronized (this) {
            all = new ArrayList<>(jobs.values());
        }
        for (JobHandle job : all) {
            job.delete();
        }
    }
}
