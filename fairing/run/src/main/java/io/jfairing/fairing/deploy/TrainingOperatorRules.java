package io.jfairing.fairing.deploy;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The admission rules of the Training Operator v1.9 webhooks ({@code kubeflow/training-operator pkg/webhooks/*}) and
 * of Trainer v2 ({@code kubeflow/trainer}) that the CRD schemas do not carry, plus jfairing's own rules of the
 * per-kind options. Applied in {@link JobSpec.Builder#build()} to the job's pod kind (a Katib trial's kind too).
 * Every error reads "field: rule (source)".
 */
final class TrainingOperatorRules {
    static final String TF_WEBHOOK =
            "training-operator v1.9 pkg/webhooks/tensorflow/tfjob_webhook.go validateTFReplicaSpecs";
    static final String PYTORCH_WEBHOOK = "training-operator v1.9 pkg/webhooks/pytorch/pytorchjob_webhook.go";
    private static final Pattern NPROC = Pattern.compile("auto|cpu|gpu|[1-9][0-9]*");

    private TrainingOperatorRules() {}

    static void check(JobSpec spec, JobKind podKind) {
        Map<Role, Integer> roles = podKind.isTrainingOperator() ? spec.replicasByRole(podKind) : Map.of();
        if (podKind == JobKind.TF_JOB) {
            // tfjob_webhook.go validateTFReplicaSpecs: counts the replica types that are Chief or Master
            // (IsChieforMaster) and rejects more than one
            if (roles.containsKey(Role.CHIEF) && roles.containsKey(Role.MASTER)) {
                throw new InvalidJobSpecException("tfReplicaSpecs: Chief and Master are both given; a TFJob takes one "
                        + "Chief or one Master, not both (" + TF_WEBHOOK + ")");
            }
            for (Role single : new Role[] {Role.MASTER, Role.CHIEF, Role.EVALUATOR}) {
                // tfjob_webhook.go validateTFReplicaSpecs: a Chief/Master (and the Evaluator) is one replica
                if (roles.getOrDefault(single, 0) > 1) {
                    throw new InvalidJobSpecException("tfReplicaSpecs." + single.key() + ".replicas: "
                            + roles.get(single) + " must be 1 (" + TF_WEBHOOK + ")");
                }
            }
            // jfairing: a TFJob with only PS (and Evaluator) replicas has nobody to train (TF_CONFIG has no worker
            // task)
            if (!roles.containsKey(Role.CHIEF) && !roles.containsKey(Role.MASTER) && !roles.containsKey(Role.WORKER)) {
                throw new InvalidJobSpecException(
                        "tfReplicaSpecs: a TFJob needs at least one Chief, Master or Worker replica, got "
                                + roles.keySet().stream().map(Role::key).toList()
                                + " (jfairing rule: parameter servers alone train nothing)");
            }
        }
        if (spec.slotsPerWorker() != null) {
            only(podKind, JobKind.MPI_JOB, "slotsPerWorker");
            // mpi-operator / training-operator v1 pkg/controller.v1/mpi: the hostfile lists "slots=N" per worker; the
            // CRD's int32 has no minimum, and 0 or less gives an unusable hostfile
            if (spec.slotsPerWorker() < 1) {
                throw new InvalidJobSpecException(
                        "spec.slotsPerWorker: " + spec.slotsPerWorker() + " must be 1 or more "
                                + "(training-operator v1 pkg/controller.v1/mpi/mpijob_controller.go hostfile slots)");
            }
        }
        if (spec.mainContainer() != null) {
            only(podKind, JobKind.MPI_JOB, "mainContainer");
            // kubernetes pkg/apis/core/validation/validation.go validateContainers: a container name is a DNS-1123
            // label
            KubernetesRules.dns1123Label("spec.mainContainer", spec.mainContainer());
        }
        if (spec.nprocPerNode() != null) {
            only(podKind, JobKind.PYTORCH_JOB, "nprocPerNode");
            // PyTorchJob CRD (kubeflow.org_pytorchjobs.yaml spec.nprocPerNode): "supported values: [auto, cpu, gpu,
            // int]",
            // passed to torchrun --nproc-per-node (pytorch torch/distributed/run.py)
            if (!NPROC.matcher(spec.nprocPerNode()).matches()) {
                throw new InvalidJobSpecException("spec.nprocPerNode: '" + spec.nprocPerNode()
                        + "' must be auto, cpu, gpu or a " + "count of 1 or more (" + PYTORCH_WEBHOOK
                        + "; torch/distributed/run.py --nproc-per-node)");
            }
        }
        if (spec.numProcPerNode() != null) {
            only(podKind, JobKind.TRAIN_JOB, "numProcPerNode");
            // trainer.kubeflow.org_trainjobs.yaml x-kubernetes-validations: "numProcPerNode must be greater than or
            // equal to 1"
            if (spec.numProcPerNode() < 1) {
                throw new InvalidJobSpecException("spec.trainer.numProcPerNode: " + spec.numProcPerNode()
                        + " must be 1 or more " + "(kubeflow/trainer TrainJob CRD CEL rule self >= 1)");
            }
        }
    }

    private static void only(JobKind podKind, JobKind kind, String option) {
        if (podKind != kind) {
            throw new InvalidJobSpecException(
                    option + ": is an option of a " + kind.kind() + ", not of a " + podKind.kind());
        }
    }
}
