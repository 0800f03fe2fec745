package io.jfairing.fairing.backend.kubernetes;

import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.Tuner;
import java.time.Duration;
import java.util.List;

/**
 * Runs a tuning sweep as a Katib Experiment ({@link io.jfairing.fairing.deploy.KatibExperimentGenerator}): Katib
 * picks the parameters, runs each trial as the spec's {@link io.jfairing.fairing.deploy.Tuning#trialKind()} and
 * reads the {@code name=value} lines the trial prints. Made by {@link KubernetesJobBackend#tuner()}.
 */
public final class KatibTuner implements Tuner {
    private final KubernetesJobBackend backend;

    KatibTuner(KubernetesJobBackend backend) {
        this.backend = backend;
    }

    @Override
    public KatibTuningHandle tune(JobRequest request) throws JobException {
        JobSpec spec = request.spec();
        if (spec.kind() != JobKind.EXPERIMENT || spec.tuning() == null) {
            throw new JobException("a Katib sweep needs a spec with tuning(Tuning...); " + spec.name() + " is a "
                    + spec.kind().kind() + ": submit it with backend.submit(request)");
        }
        KubernetesContext ctx = backend.contextFor(spec);
        backend.discovery().require(spec, ctx.namespace());
        RunRecorder recorder = backend.recorder();
        Long runId = recorder.start(request, KubernetesJobBackend.NAME);
        try {
            var created = backend.create(ctx, ClusterJobKind.EXPERIMENT, request, runId);
            recorder.manifest(request, runId, created);
        } catch (JobException | RuntimeException e) {
            recorder.end(
                    request,
                    runId,
                    new JobOutcome(
                            spec.name(),
                            JobPhase.FAILED,
                            null,
                            null,
                            "not created: " + e.getMessage(),
                            List.of(),
                            Duration.ZERO,
                            runId));
            throw e;
        }
        return backend.track(new KatibTuningHandle(ctx, spec.name(), runId, request, recorder));
    }

    /** Re-attaches to an Experiment by name. */
    public KatibTuningHandle attach(String experimentName) throws JobException {
        KubernetesContext ctx = backend.context();
        if (!backend.discovery().serves(ClusterJobKind.EXPERIMENT)) {
            throw new JobException("the cluster does not serve Experiments: " + ClusterJobKind.EXPERIMENT.operator()
                    + " is not installed. Install it with: " + ClusterJobKind.EXPERIMENT.install());
        }
        KatibTuningHandle handle = new KatibTuningHandle(ctx, experimentName, null, null, backend.recorder());
        handle.experiment(); // fails when there is none
        return backend.track(handle);
    }
}
