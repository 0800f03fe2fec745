package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jfairing.fairing.deploy.JobKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the backend knows of each {@link JobKind} on a cluster: its resource, the operator that serves it and how to
 * install it, the label its pods carry, the conditions that end it, and how a pod is named as a replica.
 */
enum ClusterJobKind {
    BATCH_JOB(
            JobKind.JOB,
            "batch",
            "v1",
            "jobs",
            "the Kubernetes Job controller",
            null,
            "job-name",
            List.of("Complete", "SuccessCriteriaMet"),
            List.of("Failed"),
            List.of("spec", "suspend")),
    PYTORCH_JOB(
            JobKind.PYTORCH_JOB,
            "kubeflow.org",
            "v1",
            "pytorchjobs",
            Operators.TRAINING_OPERATOR,
            Operators.TRAINING_OPERATOR_INSTALL,
            ClusterJobKind.TRAINING_JOB_NAME,
            List.of("Succeeded"),
            List.of("Failed"),
            List.of("spec", "runPolicy", "suspend")),
    TF_JOB(
            JobKind.TF_JOB,
            "kubeflow.org",
            "v1",
            "tfjobs",
            Operators.TRAINING_OPERATOR,
            Operators.TRAINING_OPERATOR_INSTALL,
            ClusterJobKind.TRAINING_JOB_NAME,
            List.of("Succeeded"),
            List.of("Failed"),
            List.of("spec", "runPolicy", "suspend")),
    MPI_JOB(
            JobKind.MPI_JOB,
            "kubeflow.org",
            "v1",
            "mpijobs",
            Operators.TRAINING_OPERATOR,
            Operators.TRAINING_OPERATOR_INSTALL
                    + " (the standalone MPI Operator serves kubeflow.org/v2beta1 MPIJobs, which jfairing does not generate)",
            ClusterJobKind.TRAINING_JOB_NAME,
            List.of("Succeeded"),
            List.of("Failed"),
            List.of("spec", "runPolicy", "suspend")),
    XGBOOST_JOB(
            JobKind.XGBOOST_JOB,
            "kubeflow.org",
            "v1",
            "xgboostjobs",
            Operators.TRAINING_OPERATOR,
            Operators.TRAINING_OPERATOR_INSTALL,
            ClusterJobKind.TRAINING_JOB_NAME,
            List.of("Succeeded"),
            List.of("Failed"),
            List.of("spec", "runPolicy", "suspend")),
    TRAIN_JOB(
            JobKind.TRAIN_JOB,
            "trainer.kubeflow.org",
            "v1alpha1",
            "trainjobs",
            Operators.TRAINER,
            Operators.TRAINER_INSTALL,
            "jobset.sigs.k8s.io/jobset-name",
            List.of("Complete"),
            List.of("Failed"),
            List.of("spec", "suspend")),
    EXPERIMENT(
            JobKind.EXPERIMENT,
            "kubeflow.org",
            "v1beta1",
            "experiments",
            Operators.KATIB,
            Operators.KATIB_INSTALL,
            "katib.kubeflow.org/experiment",
            List.of("Succeeded"),
            List.of("Failed"),
            null);

    static final String TRAINING_JOB_NAME = "training.kubeflow.org/job-name";
    static final String TRAINING_REPLICA_TYPE = "training.kubeflow.org/replica-type";
    static final String TRAINING_REPLICA_INDEX = "training.kubeflow.org/replica-index";
    static final String BATCH_JOB_NAME = "batch.kubernetes.io/job-name";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String JOBSET_REPLICATED_JOB = "jobset.sigs.k8s.io/replicatedjob-name";
    static final String JOBSET_JOB_INDEX = "jobset.sigs.k8s.io/job-index";

    private final JobKind kind;
    private final ResourceDefinitionContext context;
    private final String operator;
    private final String install;
    private final String podLabel;
    private final List<String> successConditions;
    private final List<String> failureConditions;
    private final List<String> suspendPath;

    ClusterJobKind(
            JobKind kind,
            String group,
            String version,
            String plural,
            String operator,
            String install,
            String podLabel,
            List<String> successConditions,
            List<String> failureConditions,
            List<String> suspendPath) {
        this.kind = kind;
        this.context = new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withPlural(plural)
                .withKind(kind.kind())
                .withNamespaced(true)
                .build();
        this.operator = operator;
        this.install = install;
        this.podLabel = podLabel;
        this.successConditions = successConditions;
        this.failureConditions = failureConditions;
        this.suspendPath = suspendPath;
    }

    static ClusterJobKind of(JobKind kind) {
        for (ClusterJobKind w : values()) {
            if (w.kind == kind) {
                return w;
            }
        }
        throw new IllegalArgumentException("no workload for " + kind);
    }

    JobKind kind() {
        return kind;
    }

    ResourceDefinitionContext context() {
        return context;
    }

    /** {@code pytorchjobs.kubeflow.org}, {@code jobs.batch}: as in an RBAC rule and {@code kubectl auth can-i}. */
    String resource() {
        return context.getGroup().isEmpty() ? context.getPlural() : context.getPlural() + "." + context.getGroup();
    }

    String groupVersion() {
        return context.getGroup() + "/" + context.getVersion();
    }

    /** The operator that must be installed, with its version line; null for built-in kinds. */
    String operator() {
        return operator;
    }

    /** How to install {@link #operator()}; null for built-in kinds. */
    String install() {
        return install;
    }

    boolean isBuiltIn() {
        return install == null;
    }

    /** The label the operator puts on the job's pods, with the job's name as value. */
    String podLabel() {
        return podLabel;
    }

    List<String> successConditions() {
        return successConditions;
    }

    List<String> failureConditions() {
        return failureConditions;
    }

    /** The field that suspends the job (its pods are deleted, the object kept); null when the kind has none. */
    List<String> suspendPath() {
        return suspendPath;
    }

    /** The container whose state and logs are the replica's (the one the operator reads). */
    String primaryContainer() {
        return kind.containerName();
    }

    /**
     * The replica a pod is, as in log prefixes: {@code master-0}, {@code worker-1} (Training Operator),
     * {@code node-0} (TrainJob), or {@code worker-N} by creation order for a batch Job ({@code ordinal}).
     */
    String replicaName(Pod pod, int ordinal) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null
                ? Map.of()
                : pod.getMetadata().getLabels();
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null
                ? Map.of()
                : pod.getMetadata().getAnnotations();
        return switch (this) {
            case PYTORCH_JOB, TF_JOB, MPI_JOB, XGBOOST_JOB -> {
                String type = labels.get(TRAINING_REPLICA_TYPE);
                String index = labels.get(TRAINING_REPLICA_INDEX);
                yield type == null
                        ? pod.getMetadata().getName()
                        : type.toLowerCase(Locale.ROOT) + "-" + (index == null ? "0" : index);
            }
            case TRAIN_JOB -> {
                String job = labels.getOrDefault(JOBSET_REPLICATED_JOB, "node");
                String index = annotations.getOrDefault(COMPLETION_INDEX, labels.get(COMPLETION_INDEX));
                String jobIndex = labels.getOrDefault(JOBSET_JOB_INDEX, "0");
                yield job + "-" + (index != null ? index : jobIndex);
            }
            case BATCH_JOB -> {
                String index = annotations.getOrDefault(COMPLETION_INDEX, labels.get(COMPLETION_INDEX));
                yield "worker-" + (index != null ? index : Integer.toString(ordinal));
            }
            case EXPERIMENT -> pod.getMetadata().getName();
        };
    }

    /** Where each operator comes from: shown when it is missing. */
    static final class Operators {
        static final String TRAINING_OPERATOR = "the Kubeflow Training Operator v1";
        static final String TRAINING_OPERATOR_INSTALL =
                "kubectl apply --server-side -k \"github.com/kubeflow/training-operator.git/manifests/overlays/standalone?ref=v1.8.1\"";
        static final String TRAINER = "Kubeflow Trainer v2";
        static final String TRAINER_INSTALL =
                "kubectl apply --server-side -k \"https://github.com/kubeflow/trainer.git/manifests/overlays/manager?ref=v2.0.0\" "
                        + "and its runtimes: kubectl apply --server-side -k \"https://github.com/kubeflow/trainer.git/manifests/overlays/runtimes?ref=v2.0.0\"";
        static final String KATIB = "Kubeflow Katib";
        static final String KATIB_INSTALL =
                "kubectl apply -k \"github.com/kubeflow/katib.git/manifests/v1beta1/installs/katib-standalone?ref=v0.17.0\"";

        private Operators() {}
    }
}
