package io.jfairing.fairing.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a {@link JobSpec} becomes: the Kubernetes kind, its API version and the roles it has. */
public enum JobKind {
    /** {@code batch/v1 Job}: one pod template, {@code replicas} pods run in parallel. */
    JOB("batch/v1", "Job", null, null, List.of()),
    PYTORCH_JOB("kubeflow.org/v1", "PyTorchJob", "pytorchReplicaSpecs", "pytorch", List.of(Role.MASTER, Role.WORKER)),
    TF_JOB(
            "kubeflow.org/v1",
            "TFJob",
            "tfReplicaSpecs",
            "tensorflow",
            List.of(Role.CHIEF, Role.MASTER, Role.PS, Role.WORKER, Role.EVALUATOR)),
    MPI_JOB("kubeflow.org/v1", "MPIJob", "mpiReplicaSpecs", "mpi", List.of(Role.LAUNCHER, Role.WORKER)),
    XGBOOST_JOB("kubeflow.org/v1", "XGBoostJob", "xgbReplicaSpecs", "xgboost", List.of(Role.MASTER, Role.WORKER)),
    /** Trainer v2 {@code TrainJob}: a runtime reference plus {@code spec.trainer}; {@code replicas} is {@code numNodes}. */
    TRAIN_JOB("trainer.kubeflow.org/v1alpha1", "TrainJob", null, "node", List.of()),
    /** Katib {@code Experiment}: trials are made from the same description (see {@link Tuning#trialKind()}). */
    EXPERIMENT("kubeflow.org/v1beta1", "Experiment", null, null, List.of());

    private final String apiVersion;
    private final String kind;
    private final String replicaSpecsField;
    private final String containerName;
    private final List<Role> roles;

    JobKind(String apiVersion, String kind, String replicaSpecsField, String containerName, List<Role> roles) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.replicaSpecsField = replicaSpecsField;
        this.containerName = containerName;
        this.roles = roles;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String kind() {
        return kind;
    }

    /** {@code pytorchReplicaSpecs} and the like, for the Training Operator kinds; null otherwise. */
    String replicaSpecsField() {
        return replicaSpecsField;
    }

    /** The name of the training container (the operator finds it by name: {@code pytorch}, {@code tensorflow}). */
    public String containerName() {
        return containerName == null ? "main" : containerName;
    }

    /** Roles this kind accepts in {@link JobSpec.Builder#replicas(Role, int)}; empty for single-template kinds. */
    public List<Role> roles() {
        return roles;
    }

    public boolean isTrainingOperator() {
        return replicaSpecsField != null;
    }

    /** Parses {@code PyTorchJob}, {@code pytorchjob}, {@code pytorch_job}, {@code PYTORCH_JOB}, {@code job}, {@code katib}... */
    public static JobKind parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidJobSpecException("job kind is empty; known kinds: " + known());
        }
        String norm = text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        for (JobKind k : values()) {
            if (k.kind.toLowerCase(Locale.ROOT).equals(norm)
                    || k.name().toLowerCase(Locale.ROOT).replace("_", "").equals(norm)) {
                return k;
            }
        }
        if (norm.equals("katib") || norm.equals("katibexperiment")) {
            return EXPERIMENT;
        }
        throw new InvalidJobSpecException("unknown job kind '" + text + "'; known kinds: " + known());
    }

    private static String known() {
        return Arrays.stream(values()).map(JobKind::kind).collect(Collectors.joining(", "));
    }
}
