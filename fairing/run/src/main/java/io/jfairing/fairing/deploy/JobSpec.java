package io.jfairing.fairing.deploy;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One workload description that every {@link JobKind} is generated from. Immutable; made with {@link #builder(String)},
 * checked by {@link Builder#build()} so that a bad description fails before anything is created.
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.builder("127.0.0.1:5000/train@sha256:...")
 *         .name("My Training!").kind(JobKind.PYTORCH_JOB).replicas(Role.WORKER, 3)
 *         .resources(Resources.none().cpu("2", "4").memory("4Gi", "8Gi").gpus(1))
 *         .env("EPOCHS", "20").secretEnv("s3-credentials").mount(Mount.pvc("data", "/data"))
 *         .runPolicy(RunPolicy.none().ttlSecondsAfterFinished(600).backoffLimit(2))
 *         .build();
 * GenericKubernetesResource manifest = (GenericKubernetesResource) ManifestGenerator.forKind(spec.kind()).generate(spec);
 * }</pre>
 *
 * <p>Replicas: {@link Builder#replicas(int)} is the number of workers (batch Job: parallelism and completions;
 * TrainJob: {@code numNodes}); the PyTorchJob and XGBoostJob {@code Master} and the MPIJob {@code Launcher} are
 * always exactly one. GPUs: the spec-wide {@link Builder#resources(Resources)} go to every role but the MPI
 * {@code Launcher} (which only runs {@code mpirun}); a GPU asked for on the Launcher is an error.
 * TrainJob takes only image, command, args, env, resources and {@code numNodes}; pod-level options (volumes, node
 * selector, tolerations, service account, pull secrets, env from secrets/config maps, mutators) belong to its runtime
 * and are rejected.
 */
public final class JobSpec {
    private final String name;
    private final String namespace;
    private final String image;
    private final List<String> command;
    private final List<String> args;
    private final JobKind kind;
    private final Integer replicas;
    private final Map<Role, Integer> roleReplicas;
    private final Resources resources;
    private final Map<Role, Resources> roleResources;
    private final Map<String, String> env;
    private final List<String> secretEnv;
    private final List<String> configMapEnv;
    private final List<Mount> mounts;
    private final Map<String, String> nodeSelector;
    private final List<Toleration> tolerations;
    private final String serviceAccount;
    private final List<String> imagePullSecrets;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final RunPolicy runPolicy;
    private final List<PodSpecMutator> mutators;
    private final String runtimeRef;
    private final Tuning tuning;
    private final Integer slotsPerWorker;
    private final String mainContainer;
    private final String nprocPerNode;
    private final Integer numProcPerNode;

    private JobSpec(Builder b) {
        this.slotsPerWorker = b.slotsPerWorker;
        this.mainContainer = b.mainContainer;
        this.nprocPerNode = b.nprocPerNode;
        this.numProcPerNode = b.numProcPerNode;
        this.name = ResourceNames.valid(b.name);
        this.namespace = b.namespace;
        this.image = b.image;
        this.command = List.copyOf(b.command);
        this.args = List.copyOf(b.args);
        this.kind = b.kind;
        this.replicas = b.replicas;
        this.roleReplicas =
                Collections.unmodifiableMap(b.roleReplicas.isEmpty() ? Map.of() : new EnumMap<>(b.roleReplicas));
        this.resources = b.resources;
        this.roleResources =
                Collections.unmodifiableMap(b.roleResources.isEmpty() ? Map.of() : new EnumMap<>(b.roleResources));
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.secretEnv = List.copyOf(b.secretEnv);
        this.configMapEnv = List.copyOf(b.configMapEnv);
        this.mounts = List.copyOf(b.mounts);
        this.nodeSelector = Collections.unmodifiableMap(new LinkedHashMap<>(b.nodeSelector));
        this.tolerations = b.tolerations.stream()
                .map(t -> new TolerationBuilder(t).build())
                .toList();
        this.serviceAccount = b.serviceAccount;
        this.imagePullSecrets = List.copyOf(b.imagePullSecrets);
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(b.annotations));
        this.runPolicy = b.runPolicy;
        this.mutators = List.copyOf(b.mutators);
        this.runtimeRef = b.runtimeRef;
        this.tuning = b.tuning;
    }

    public static Builder builder(String image) {
        return new Builder(image);
    }

    /** A builder holding everything this spec holds, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(image).name(name).kind(kind);
        b.namespace = namespace;
        b.command.addAll(command);
        b.args.addAll(args);
        b.replicas = replicas;
        b.roleReplicas.putAll(roleReplicas);
        b.resources = resources;
        b.roleResources.putAll(roleResources);
        b.env.putAll(env);
        b.secretEnv.addAll(secretEnv);
        b.configMapEnv.addAll(configMapEnv);
        b.mounts.addAll(mounts);
        b.nodeSelector.putAll(nodeSelector);
        b.tolerations.addAll(tolerations);
        b.serviceAccount = serviceAccount;
        b.imagePullSecrets.addAll(imagePullSecrets);
        b.labels.putAll(labels);
        b.annotations.putAll(annotations);
        b.runPolicy = runPolicy;
        b.mutators.addAll(mutators);
        b.runtimeRef = runtimeRef;
        b.tuning = tuning;
        b.slotsPerWorker = slotsPerWorker;
        b.mainContainer = mainContainer;
        b.nprocPerNode = nprocPerNode;
        b.numProcPerNode = numProcPerNode;
        return b;
    }

    /**
     * One trial of this Katib Experiment run as a job on its own (the local tuner): the spec as a
     * {@link Tuning#trialKind()} job named {@code trialName}, without the tuning, with {@code env} added.
     */
    public JobSpec trialSpec(String trialName, Map<String, String> extraEnv) {
        if (kind != JobKind.EXPERIMENT || tuning == null) {
            throw new InvalidJobSpecException("only a Katib Experiment has trials, not a " + kind.kind());
        }
        Builder b = toBuilder().name(trialName).env(extraEnv);
        b.kind = tuning.trialKind();
        b.tuning = null;
        return b.build();
    }

    /** The RFC 1035 name of the generated object (made valid from what was given). */
    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public String image() {
        return image;
    }

    public List<String> command() {
        return command;
    }

    public List<String> args() {
        return args;
    }

    public JobKind kind() {
        return kind;
    }

    public Map<String, String> env() {
        return env;
    }

    public List<String> secretEnv() {
        return secretEnv;
    }

    public List<String> configMapEnv() {
        return configMapEnv;
    }

    public List<Mount> mounts() {
        return mounts;
    }

    public Map<String, String> nodeSelector() {
        return nodeSelector;
    }
    /** Copies; the fabric8 model objects are mutable. */
    public List<Toleration> tolerations() {
        return tolerations.stream().map(t -> new TolerationBuilder(t).build()).toList();
    }

    public String serviceAccount() {
        return serviceAccount;
    }

    public List<String> imagePullSecrets() {
        return imagePullSecrets;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    public RunPolicy runPolicy() {
        return runPolicy;
    }

    public List<PodSpecMutator> mutators() {
        return mutators;
    }
    /** The TrainJob's {@code spec.runtimeRef.name}; null for other kinds. */
    public String runtimeRef() {
        return runtimeRef;
    }
    /** The Katib search; null unless the kind is {@link JobKind#EXPERIMENT}. */
    public Tuning tuning() {
        return tuning;
    }
    /** MPIJob {@code spec.slotsPerWorker} (processes per Worker in the hostfile); null: the operator's default 1. */
    public Integer slotsPerWorker() {
        return slotsPerWorker;
    }
    /** MPIJob {@code spec.mainContainer}: the name of the training container; null: {@code mpi}. */
    public String mainContainer() {
        return mainContainer;
    }
    /** PyTorchJob {@code spec.nprocPerNode}: {@code auto}, {@code cpu}, {@code gpu} or a count; null: the operator's default. */
    public String nprocPerNode() {
        return nprocPerNode;
    }
    /** TrainJob {@code spec.trainer.numProcPerNode}; null: the runtime's. */
    public Integer numProcPerNode() {
        return numProcPerNode;
    }

    /** The name of the training container of {@code k}: the MPIJob's {@link #mainContainer()} if given, else the kind's. */
    public String containerName(JobKind k) {
        return k == JobKind.MPI_JOB && mainContainer != null ? mainContainer : k.containerName();
    }

    /** The number of workers as given ({@link Builder#replicas(int)}), or the kind's default. */
    public int workers() {
        Integer w = roleReplicas.get(Role.WORKER);
        if (w != null) {
            return w;
        }
        if (replicas != null) {
            return replicas;
        }
        return switch (kind) {
            case PYTORCH_JOB, XGBOOST_JOB -> 0;
            default -> 1;
        };
    }

    /** Replicas per role of a Training Operator kind, in the kind's role order; roles with 0 replicas left out. */
    public Map<Role, Integer> replicasByRole() {
        return replicasByRole(kind);
    }

    Map<Role, Integer> replicasByRole(JobKind k) {
        Map<Role, Integer> out = new LinkedHashMap<>();
        for (Role role : k.roles()) {
            int n;
            if (role == Role.WORKER) {
                n = workers();
            } else if ((role == Role.MASTER && (k == JobKind.PYTORCH_JOB || k == JobKind.XGBOOST_JOB))
                    || role == Role.LAUNCHER) {
                n = 1;
            } else {
                n = roleReplicas.getOrDefault(role, 0);
            }
            if (n > 0) {
                out.put(role, n);
            }
        }
        return out;
    }

    /** The resources of one role (null for single-template kinds): its own, or the spec-wide ones. */
    public Resources resources(Role role) {
        if (role != null && roleResources.containsKey(role)) {
            return roleResources.get(role);
        }
        if (role == Role.LAUNCHER) {
            return resources.gpus(0);
        }
        return resources;
    }

    public static final class Builder {
        private String name = "fairing-job";
        private String namespace;
        private final String image;
        private final List<String> command = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private JobKind kind = JobKind.JOB;
        private Integer replicas;
        private final Map<Role, Integer> roleReplicas = new EnumMap<>(Role.class);
        private Resources resources = Resources.none();
        private final Map<Role, Resources> roleResources = new EnumMap<>(Role.class);
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> secretEnv = new ArrayList<>();
        private final List<String> configMapEnv = new ArrayList<>();
        private final List<Mount> mounts = new ArrayList<>();
        private final Map<String, String> nodeSelector = new LinkedHashMap<>();
        private final List<Toleration> tolerations = new ArrayList<>();
        private String serviceAccount;
        private final List<String> imagePullSecrets = new ArrayList<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private RunPolicy runPolicy = RunPolicy.none();
        private final List<PodSpecMutator> mutators = new ArrayList<>();
        private String runtimeRef;
        private Tuning tuning;
        private Integer slotsPerWorker;
        private String mainContainer;
        private String nprocPerNode;
        private Integer numProcPerNode;

        private Builder(String image) {
            this.image = image;
        }

        /** Any text; made a valid RFC 1035 name (see {@link ResourceNames#valid(String)}). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder command(String... command) {
            this.command.clear();
            this.command.addAll(List.of(command));
            return this;
        }

        public Builder command(List<String> command) {
            this.command.clear();
            this.command.addAll(command);
            return this;
        }

        public Builder args(String... args) {
            this.args.clear();
            this.args.addAll(List.of(args));
            return this;
        }

        public Builder args(List<String> args) {
            this.args.clear();
            this.args.addAll(args);
            return this;
        }

        public Builder kind(JobKind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }
        /** See {@link JobKind#parse(String)}; an unknown kind is an {@link InvalidJobSpecException}. */
        public Builder kind(String kind) {
            return kind(JobKind.parse(kind));
        }
        /** The number of workers (Job: parallel pods; TrainJob: nodes). */
        public Builder replicas(int workers) {
            this.replicas = workers;
            return this;
        }

        public Builder replicas(Role role, int count) {
            roleReplicas.put(Objects.requireNonNull(role, "role"), count);
            return this;
        }
        /** For every role (the MPI Launcher gets them without GPUs) unless a role has its own. */
        public Builder resources(Resources resources) {
            this.resources = Objects.requireNonNull(resources, "resources");
            return this;
        }

        public Builder resources(Role role, Resources resources) {
            roleResources.put(Objects.requireNonNull(role, "role"), Objects.requireNonNull(resources, "resources"));
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }
        /** Every key of the secret as an env variable ({@code envFrom}). */
        public Builder secretEnv(String secretName) {
            secretEnv.add(secretName);
            return this;
        }

        public Builder configMapEnv(String configMapName) {
            configMapEnv.add(configMapName);
            return this;
        }
        /** A secret as files under {@code mountPath}. */
        public Builder secretFiles(String secretName, String mountPath) {
            return mount(Mount.secret(secretName, mountPath));
        }

        public Builder configMapFiles(String configMapName, String mountPath) {
            return mount(Mount.configMap(configMapName, mountPath));
        }

        public Builder pvc(String claimName, String mountPath) {
            return mount(Mount.pvc(claimName, mountPath));
        }

        public Builder mount(Mount mount) {
            mounts.add(Objects.requireNonNull(mount, "mount"));
            return this;
        }

        public Builder nodeSelector(String key, String value) {
            nodeSelector.put(key, value);
            return this;
        }

        public Builder toleration(Toleration toleration) {
            tolerations.add(new TolerationBuilder(toleration).build());
            return this;
        }
        /** {@code operator} Equal (with a value) or Exists (value null); {@code effect} NoSchedule, PreferNoSchedule, NoExecute or null. */
        public Builder toleration(String key, String value, String effect) {
            return toleration(new TolerationBuilder()
                    .withKey(key)
                    .withOperator(value == null ? "Exists" : "Equal")
                    .withValue(value)
                    .withEffect(effect)
                    .build());
        }

        public Builder serviceAccount(String name) {
            this.serviceAccount = name;
            return this;
        }

        public Builder imagePullSecret(String secretName) {
            imagePullSecrets.add(secretName);
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder annotation(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        public Builder runPolicy(RunPolicy policy) {
            this.runPolicy = Objects.requireNonNull(policy, "runPolicy");
            return this;
        }

        public Builder mutator(PodSpecMutator mutator) {
            mutators.add(Objects.requireNonNull(mutator, "mutator"));
            return this;
        }
        /** TrainJob: the (Cluster)TrainingRuntime to run on, e.g. {@code torch-distributed}. */
        public Builder runtime(String runtimeName) {
            this.runtimeRef = runtimeName;
            return this;
        }
        /** MPIJob: {@code spec.slotsPerWorker}, the processes each Worker runs (1 or more; the operator's default 1). */
        public Builder slotsPerWorker(int slots) {
            this.slotsPerWorker = slots;
            return this;
        }
        /** MPIJob: {@code spec.mainContainer}, the name of the training container (a DNS-1123 label; default {@code mpi}). */
        public Builder mainContainer(String containerName) {
            this.mainContainer = containerName;
            return this;
        }
        /** PyTorchJob: {@code spec.nprocPerNode}, processes per pod: {@code auto}, {@code cpu}, {@code gpu} or a count of 1 or more. */
        public Builder nprocPerNode(String value) {
            this.nprocPerNode = value;
            return this;
        }

        public Builder nprocPerNode(int count) {
            return nprocPerNode(Integer.toString(count));
        }
        /** TrainJob: {@code spec.trainer.numProcPerNode}, processes per node (1 or more). */
        public Builder numProcPerNode(int count) {
            this.numProcPerNode = count;
            return this;
        }
        /** Katib: sets the kind to {@link JobKind#EXPERIMENT}. */
        public Builder tuning(Tuning tuning) {
            this.tuning = Objects.requireNonNull(tuning, "tuning");
            this.kind = JobKind.EXPERIMENT;
            return this;
        }

        public JobSpec build() {
            validate();
            JobSpec spec = new JobSpec(this);
            JobKind podKind = spec.kind == JobKind.EXPERIMENT ? spec.tuning.trialKind() : spec.kind;
            boolean needsWorker = podKind == JobKind.JOB || podKind == JobKind.TRAIN_JOB || podKind == JobKind.MPI_JOB;
            if (needsWorker && spec.workers() < 1) {
                throw new InvalidJobSpecException("a " + podKind.kind() + " needs at least 1 "
                        + (podKind == JobKind.TRAIN_JOB ? "node" : podKind == JobKind.JOB ? "replica" : "Worker")
                        + ", got " + spec.workers());
            }
            TrainingOperatorRules.check(spec, podKind);
            return spec;
        }

        /** Kubernetes' own field rules (see {@link KubernetesRules}): what the API server checks on the pods. */
        private void kubernetesRules() {
            if (namespace != null) {
                // kubernetes pkg/apis/core/validation/validation.go ValidateNamespaceName: a DNS-1123 label
                KubernetesRules.dns1123Label("namespace", namespace);
            }
            KubernetesRules.labels("labels", labels);
            KubernetesRules.annotations("annotations", annotations);
            nodeSelector.forEach((k, v) -> {
                // core validation.go ValidatePodSpec: nodeSelector is validated as labels (ValidateLabels)
                KubernetesRules.qualifiedName("nodeSelector[" + k + "]", k);
                KubernetesRules.labelValue("nodeSelector[" + k + "]", v);
            });
            KubernetesRules.tolerations("tolerations", tolerations);
            if (serviceAccount != null) {
                // core validation.go ValidateServiceAccountName (via ValidatePodSpec serviceAccountName)
                KubernetesRules.serviceAccount("serviceAccount", serviceAccount);
            }
            // core validation.go: LocalObjectReference, SecretEnvSource, ConfigMapEnvSource names are DNS-1123
            // subdomains
            imagePullSecrets.forEach(s -> KubernetesRules.dns1123Subdomain("imagePullSecrets", s));
            secretEnv.forEach(s -> KubernetesRules.dns1123Subdomain("secretEnv", s));
            configMapEnv.forEach(s -> KubernetesRules.dns1123Subdomain("configMapEnv", s));
            for (Mount m : mounts) {
                KubernetesRules.dns1123Subdomain(
                        "mounts[" + m.mountPath() + "]."
                                + switch (m.source()) {
                                    case PERSISTENT_VOLUME_CLAIM -> "claimName";
                                    case SECRET -> "secretName";
                                    case CONFIG_MAP -> "configMap.name";
                                },
                        m.name());
            }
        }

        private void validate() {
            if (image == null || image.isBlank()) {
                throw new InvalidJobSpecException("a job needs an image");
            }
            if (replicas != null && replicas < 0) {
                throw new InvalidJobSpecException("replicas must be 0 or more, got " + replicas);
            }
            JobKind podKind = kind == JobKind.EXPERIMENT && tuning != null ? tuning.trialKind() : kind;
            for (Map.Entry<Role, Integer> e : roleReplicas.entrySet()) {
                Role role = e.getKey();
                int n = e.getValue();
                if (n < 0) {
                    throw new InvalidJobSpecException("replicas of " + role.key() + " must be 0 or more, got " + n);
                }
                if (!podKind.roles().contains(role)) {
                    throw new InvalidJobSpecException(podKind.kind() + " has no role " + role.key()
                            + (podKind.roles().isEmpty()
                                    ? "; use replicas(n)"
                                    : "; its roles: "
                                            + String.join(
                                                    ", ",
                                                    podKind.roles().stream()
                                                            .map(Role::key)
                                                            .toList())));
                }
                // training-operator v1.9 pkg/webhooks/pytorch/pytorchjob_webhook.go and xgboost/xgboostjob_webhook.go:
                // Master replicas must be 1; MPI: one Launcher (the v1 MPI controller); TF Chief: see
                // TrainingOperatorRules
                boolean single = role == Role.LAUNCHER
                        || (role == Role.MASTER && (podKind == JobKind.PYTORCH_JOB || podKind == JobKind.XGBOOST_JOB))
                        || role == Role.CHIEF;
                if (single && n > 1) {
                    throw new InvalidJobSpecException(
                            podKind.kind() + " takes exactly one " + role.key() + ", got " + n);
                }
            }
            for (Map.Entry<Role, Resources> e : roleResources.entrySet()) {
                if (!podKind.roles().contains(e.getKey())) {
                    throw new InvalidJobSpecException(
                            podKind.kind() + " has no role " + e.getKey().key() + " to give resources to");
                }
                e.getValue().validated("resources of " + e.getKey().key());
                if (e.getKey() == Role.LAUNCHER && e.getValue().gpus() > 0) {
                    throw new InvalidJobSpecException("the MPIJob Launcher only runs mpirun and cannot take GPUs ("
                            + e.getValue().gpus() + " asked); give GPUs to the Worker role");
                }
            }
            resources.validated("resources");
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getKey() == null || !e.getKey().matches("[-._a-zA-Z][-._a-zA-Z0-9]*")) {
                    throw new InvalidJobSpecException("invalid env variable name '" + e.getKey() + "'");
                }
                if (e.getValue() == null) {
                    throw new InvalidJobSpecException("env variable " + e.getKey() + " has no value");
                }
            }
            kubernetesRules();
            List<String> paths = new ArrayList<>();
            for (Mount m : mounts) {
                if (paths.contains(m.mountPath())) {
                    throw new InvalidJobSpecException("two volumes mounted at " + m.mountPath());
                }
                paths.add(m.mountPath());
            }
            if (kind == JobKind.TRAIN_JOB) {
                if (runtimeRef == null || runtimeRef.isBlank()) {
                    throw new InvalidJobSpecException(
                            "a TrainJob needs a runtime: runtime(\"torch-distributed\") or another (Cluster)TrainingRuntime");
                }
                List<String> unsupported = new ArrayList<>();
                if (!mounts.isEmpty()) unsupported.add("volumes");
                if (!secretEnv.isEmpty() || !configMapEnv.isEmpty()) unsupported.add("env from secrets/config maps");
                if (!nodeSelector.isEmpty()) unsupported.add("node selector");
                if (!tolerations.isEmpty()) unsupported.add("tolerations");
                if (serviceAccount != null) unsupported.add("service account");
                if (!imagePullSecrets.isEmpty()) unsupported.add("image pull secrets");
                if (!mutators.isEmpty()) unsupported.add("pod spec mutators");
                if (runPolicy.ttlSecondsAfterFinished() != null
                        || runPolicy.backoffLimit() != null
                        || runPolicy.cleanPodPolicy() != null) {
                    unsupported.add("run policy other than activeDeadlineSeconds");
                }
                if (!unsupported.isEmpty()) {
                    throw new InvalidJobSpecException("a TrainJob cannot take " + String.join(", ", unsupported)
                            + ": they belong to its runtime '" + runtimeRef + "'");
                }
            } else if (runtimeRef != null) {
                throw new InvalidJobSpecException(
                        "runtime('" + runtimeRef + "') is for a TrainJob, not a " + kind.kind());
            }
            if (kind == JobKind.EXPERIMENT && tuning == null) {
                throw new InvalidJobSpecException("a Katib Experiment needs tuning(Tuning...)");
            }
            if (kind != JobKind.EXPERIMENT && tuning != null) {
                throw new InvalidJobSpecException("tuning is for a Katib Experiment, not a " + kind.kind());
            }
            if (podKind == JobKind.JOB && runPolicy.cleanPodPolicy() != null) {
                throw new InvalidJobSpecException("a batch Job has no cleanPodPolicy; use ttlSecondsAfterFinished");
            }
        }
    }
}
