package io.jfairing.fairing.tune;

import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobRecorder;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.Tuner;
import io.jfairing.fairing.job.TuningHandle;
import java.util.Objects;

/**
 * Runs a tuning sweep ({@link io.jfairing.fairing.deploy.JobSpec#tuning()}) without a cluster: random or grid search,
 * each trial a job on a local {@link Backend} (child JVMs or podman containers) of the tuning's trial kind, with its
 * parameters as {@code FAIRING_PARAM_<NAME>} env. A trial reports metrics as {@code name=value} lines on stdout
 * (Katib's StdOut collector format; {@code TrainingContext.reportMetric} prints them); its objective is the last value
 * of the objective metric printed by its first replica. A trial that succeeds without reporting it counts as failed
 * (Katib's MetricsUnavailable).
 *
 * <p>Up to {@code parallelTrials} run at once, {@code maxTrials} in all (or the whole grid when smaller). The sweep stops
 * starting trials once {@code maxFailedTrials} is exceeded (it fails) or a trial reaches the objective's goal (it
 * succeeds). Recorded when the request names a store: the sweep is a run, each trial a run tagged with
 * {@value JobRecorder#TAG_PARENT_RUN}, its objective logged as a metric.
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.builder("unused-locally").name("sweep")
 *         .tuning(Tuning.maximize("score").algorithm("grid")
 *                 .parameter(Tuning.Parameter.intRange("x", 0, 5)).maxTrials(6).parallelTrials(2).build())
 *         .build();
 * TuningHandle sweep = LocalTuner.on(Backends.local()).tune(JobRequest.builder(spec).program(program).build());
 * Trial best = sweep.waitForCompletion(Duration.ofMinutes(10)).best();
 * }</pre>
 */
public final class LocalTuner implements Tuner {
    private final Backend backend;
    private final long seed;

    private LocalTuner(Backend backend, long seed) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.seed = seed;
    }

    /** A tuner running trials on {@code backend}, random draws seeded from the clock. */
    public static LocalTuner on(Backend backend) {
        return new LocalTuner(backend, System.nanoTime());
    }

    /** The same tuner with random draws from {@code value} (the same seed tries the same parameters). */
    public LocalTuner seed(long value) {
        return new LocalTuner(backend, value);
    }

    @Override
    public TuningHandle tune(JobRequest request) throws JobException {
        Tuning tuning = request.spec().tuning();
        if (request.spec().kind() != JobKind.EXPERIMENT || tuning == null) {
            throw new JobException("a sweep needs a spec with tuning(Tuning...) (kind Experiment); got a "
                    + request.spec().kind().kind());
        }
        SearchSpace space = SearchSpace.of(tuning, seed);
        Long runId = JobRecorder.start(request, backend.name(), null);
        LocalTuningHandle handle = new LocalTuningHandle(backend, request, tuning, space, runId);
        handle.start();
        return handle;
    }
}
