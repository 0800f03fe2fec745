/**
 * Jobs and tuning sweeps on a Kubernetes cluster, through fabric8.
 *
 * <p>{@link io.jfairing.fairing.backend.kubernetes.KubernetesJobBackend} (a {@link io.jfairing.fairing.job.Backend})
 * submits batch Jobs, Training Operator v1 PyTorchJob/TFJob/MPIJob/XGBoostJob and Trainer v2 TrainJobs after asking
 * the API server which of them it serves, and returns a
 * {@link io.jfairing.fairing.backend.kubernetes.KubernetesJobHandle}: status from the job's conditions and its pods,
 * every replica's log followed live, the outcome with the failed replica, exit code, reason and last lines, cancel
 * (suspend), delete, attach and list. {@link io.jfairing.fairing.backend.kubernetes.KatibTuner} runs a Katib
 * Experiment and reports its trials and the best one.
 *
 * <p>Internals: {@code ClusterJobKind} (what each kind is on a cluster), {@code ApiDiscovery}, {@code JobManifests} (labels,
 * env, the token as a secret reference), {@code JobInformer} (informers that recover from dropped or stalled watches),
 * {@code JobSnapshot} and {@code Replica} (status), {@code PodLogStream} and {@code LogCursor} (logs that resume
 * without losing or repeating lines), {@code ApiErrors} (messages that say what to do), {@code RunRecorder} (the
 * metadata run).
 */
package io.jfairing.fairing.backend.kubernetes;
