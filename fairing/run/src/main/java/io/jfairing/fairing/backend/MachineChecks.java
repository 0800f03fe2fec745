package io.jfairing.fairing.backend;

import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.job.JobException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job on this machine (child JVMs or podman containers) cannot have, checked before anything is created:
 * it is not a tuning sweep, and it needs nothing that only a cluster holds.
 */
public final class MachineChecks {
    private MachineChecks() {}

    /** A Katib Experiment is a sweep for a {@code Tuner}, not a job. */
    public static void refuseExperiment(JobSpec spec) throws JobException {
        if (spec.kind() == JobKind.EXPERIMENT) {
            throw new JobException("a Katib Experiment is a tuning sweep: run it with a Tuner "
                    + "(io.jfairing.fairing.tune.LocalTuner on this backend), not as a job");
        }
    }

    /** Secrets and config maps as env, and volumes, live in a cluster; {@code backend} names who refuses them. */
    public static void refuseClusterResources(JobSpec spec, String backend) throws JobException {
        List<String> cluster = new ArrayList<>();
        spec.secretEnv().forEach(s -> cluster.add("secret " + s + " as env"));
        spec.configMapEnv().forEach(c -> cluster.add("config map " + c + " as env"));
        spec.mounts().forEach(m -> cluster.add("volume at " + m.mountPath()));
        if (!cluster.isEmpty()) {
            throw new JobException(backend + " cannot use what lives in a cluster: " + String.join(", ", cluster)
                    + "; give values with env(...) or run on Kubernetes");
        }
    }
}
