/**
 * Running a built workload as a training job or a tuning sweep, wherever it runs, behind one handle.
 *
 * <p>A {@link io.jfairing.fairing.job.Backend} (Kubernetes, local process, local podman) takes a
 * {@link io.jfairing.fairing.job.JobRequest} and returns a {@link io.jfairing.fairing.job.JobHandle}: status as it
 * changes, the logs of every replica, {@link io.jfairing.fairing.job.JobHandle#waitForCompletion} with the real
 * {@link io.jfairing.fairing.job.JobOutcome}, cancel and delete. A {@link io.jfairing.fairing.job.Tuner} runs a
 * sweep and returns a {@link io.jfairing.fairing.job.TuningHandle}.
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.builder(image.pinnedReference()).name("mnist").kind(JobKind.PYTORCH_JOB).replicas(2).build();
 * try (Backend backend = Backends.local()) {
 *     JobHandle job = backend.submit(JobRequest.of(spec));
 *     job.followLogs(line -> System.out.println(line));
 *     JobOutcome outcome = job.waitForCompletion(Duration.ofMinutes(10));
 * }
 * }</pre>
 */
package io.jfairing.fairing.job;
