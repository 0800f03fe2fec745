package io.jfairing.fairing.job;

/**
 * Runs a tuning sweep described by {@link io.jfairing.fairing.deploy.JobSpec#tuning()}: as a Katib Experiment on
 * Kubernetes, or trial by trial on a local backend (random and grid search). Each trial gets its parameters as
 * {@link JobEnvironment#PARAMETER_PREFIX} env and reports metrics as {@code name=value} lines on stdout.
 */
public interface Tuner {
    TuningHandle tune(JobRequest request) throws JobException;
}
