package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs jobs on a Kubernetes cluster through fabric8: batch Jobs, Training Operator v1 PyTorchJob/TFJob/MPIJob/XGBoostJob,
 * Trainer v2 TrainJobs, and (through {@link #tuner()}) Katib Experiments. Before creating anything it asks the API
 * server which of those it serves, and names the operator to install when one is missing.
 *
 * <pre>{@code
 * try (KubernetesJobBackend backend = KubernetesJobBackend.builder().context("kind-ml").namespace("team-a").build()) {
 *     JobHandle job = backend.submit(JobRequest.of(spec));
 *     job.followLogs(System.out::println);
 *     JobOutcome outcome = job.waitForCompletion(Duration.ofHours(1));
 * }
 * }</pre>
 *
 * The RBAC a user needs in the namespace: {@code create, get, list, watch, patch, delete} on the job kinds used
 * ({@code jobs.batch}, {@code pytorchjobs.kubeflow.org}, ...), {@code get, list, watch} on {@code pods},
 * {@code get} on {@code pods/log}, and {@code create, patch, delete} on {@code secrets} when a metadata token is given.
 */
public final class KubernetesJobBackend implements Backend {
    /** {@link #name()}. */
    public static final String NAME = "kubernetes";

    static final String TOKEN_KEY = "token";

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final KubernetesContext context;
    private final ApiDiscovery discovery;
    private final RunRecorder recorder;
    private final String metadataToken;
    private final JobManifests.SecretKey tokenSecret;
    /** Handles whose watches and log streams stop when the backend closes. */
    private final java.util.Queue<Runnable> watches = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private KubernetesJobBackend(Builder b, KubernetesClient client, boolean ownsClient, String namespace) {
        this.client = client;
        this.ownsClient = ownsClient;
        ApiErrors errors = new ApiErrors(client.getMasterUrl());
        AtomicInteger threads = new AtomicInteger();
        ExecutorService streams = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jfairing-logs-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.context = new KubernetesContext(
                client,
                namespace,
                errors,
                NAME,
                b.clock,
                b.stuckGracePeriod,
                b.apiRetryWindow,
                b.logRetryDelay,
                streams);
        this.discovery = new ApiDiscovery(client, errors);
        this.recorder = b.recorder;
        this.metadataToken = b.metadataToken;
        this.tokenSecret = b.tokenSecret;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The namespace jobs go to unless their {@link JobSpec#namespace()} names one. */
    public String namespace() {
        return context.namespace();
    }

    /** The fabric8 client this backend talks through. */
    public KubernetesClient client() {
        return client;
    }

    /** Runs Katib Experiments with this backend's client and namespace. */
    public KatibTuner tuner() {
        return new KatibTuner(this);
    }

    /**
     * Checks that the cluster serves the job's kind (and a TrainJob's runtime), records the run, creates the token secret
     * when a token was given, then the job.
     */
    @Override
    public KubernetesJobHandle submit(JobRequest request) throws JobException {
        Objects.requireNonNull(request, "request");
        JobSpec spec = request.spec();
        if (spec.kind() == JobKind.EXPERIMENT) {
            throw new JobException("a Katib Experiment is a tuning sweep: run it with backend.tuner().tune(request)");
        }
        if (!request.hostFolders().isEmpty()) {
            throw new JobException(
                    "a pod cannot see " + request.hostFolders().get(0).source()
                            + " of this machine: put the data in a volume (JobSpec mounts) or in the image");
        }
        KubernetesContext ctx = contextFor(spec);
        discovery.require(spec, ctx.namespace());
        ClusterJobKind workload = ClusterJobKind.of(spec.kind());
        Long runId = recorder.start(request, NAME);
        try {
            GenericKubernetesResource created = create(ctx, workload, request, runId);
            recorder.manifest(request, runId, created);
            return track(new KubernetesJobHandle(ctx, workload, spec.name(), runId, request, recorder));
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
    }

    /** Creates the manifest (and its token secret): shared with {@link KatibTuner}. */
    GenericKubernetesResource create(KubernetesContext ctx, ClusterJobKind workload, JobRequest request, Long runId)
            throws JobException {
        String name = request.spec().name();
        String ns = ctx.namespace();
        JobManifests.SecretKey token = tokenSecret;
        if (token == null && metadataToken != null) {
            token = new JobManifests.SecretKey(tokenSecretName(name), TOKEN_KEY);
        }
        GenericKubernetesResource manifest = JobManifests.manifest(request, ns, runId, token);
        Secret secret = null;
        if (tokenSecret == null && metadataToken != null) {
            secret = new SecretBuilder()
                    .withNewMetadata()
                    .withName(token.secret())
                    .withNamespace(ns)
                    .addToLabels(JobEnvironment.LABEL_MANAGED_BY, JobEnvironment.MANAGED_BY)
                    .addToLabels(JobEnvironment.LABEL_JOB_NAME, name)
                    .endMetadata()
                    .withType("Opaque")
                    .addToStringData(TOKEN_KEY, metadataToken)
                    .build();
            try {
                client.secrets().inNamespace(ns).resource(secret).create();
            } catch (KubernetesClientException e) {
                throw ctx.errors().map(e, "create", "secrets", "Secret", ns, token.secret());
            }
        }
        GenericKubernetesResource created;
        try {
            created = client.genericKubernetesResources(workload.context())
                    .inNamespace(ns)
                    .resource(manifest)
                    .create();
        } catch (KubernetesClientException e) {
            if (secret != null) {
                deleteQuietly(ns, secret.getMetadata().getName());
            }
            throw ctx.errors()
                    .map(e, "create", workload.resource(), workload.kind().kind(), ns, name);
        }
        if (secret != null) {
            ownSecret(ctx, created, secret.getMetadata().getName());
        }
        return created;
    }

    private void ownSecret(KubernetesContext ctx, GenericKubernetesResource owner, String secretName)
            throws JobException {
        var ref = new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .build();
        try {
            client.secrets()
                    .inNamespace(ctx.namespace())
                    .withName(secretName)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            Serialization.asJson(Map.of("metadata", Map.of("ownerReferences", List.of(ref)))));
        } catch (KubernetesClientException e) {
            throw ctx.errors().map(e, "patch", "secrets", "Secret", ctx.namespace(), secretName);
        }
    }

    private void deleteQuietly(String namespace, String secretName) {
        try {
            client.secrets().inNamespace(namespace).withName(secretName).delete();
        } catch (KubernetesClientException e) {
            // best effort: the job was not created; the error about that matters more
        }
    }

    /** The secret jfairing creates for a job's metadata token when given one with {@link Builder#metadataToken(String)}. */
    static String tokenSecretName(String jobName) {
        return jobName + "-jfairing-metadata";
    }

    /**
     * Re-attaches to a job by name, whichever kind it is (batch Job, Training Operator job, TrainJob).
     *
     * @throws JobException when no job has that name, or jobs of several kinds do (then use {@link #attach(JobKind, String)})
     */
    @Override
    public KubernetesJobHandle attach(String jobName) throws JobException {
        List<GenericKubernetesResource> found = new ArrayList<>();
        List<ClusterJobKind> kinds = new ArrayList<>();
        for (ClusterJobKind w : discovery.served()) {
            if (w == ClusterJobKind.EXPERIMENT) {
                continue;
            }
            GenericKubernetesResource r = get(w, jobName);
            if (r != null) {
                found.add(r);
                kinds.add(w);
            }
        }
        if (found.isEmpty()) {
            throw new JobException("no job named " + jobName + " in namespace " + namespace() + " (looked at "
                    + String.join(
                            ", ",
                            discovery.served().stream()
                                    .filter(w -> w != ClusterJobKind.EXPERIMENT)
                                    .map(ClusterJobKind::resource)
                                    .toList())
                    + "); list() shows the jobs jfairing made");
        }
        if (found.size() > 1) {
            throw new JobException("several jobs are named " + jobName + " in namespace " + namespace() + ": "
                    + String.join(", ", kinds.stream().map(w -> w.kind().kind()).toList())
                    + "; attach(kind, name) picks one");
        }
        return handle(kinds.get(0), found.get(0));
    }

    /** Re-attaches to a job of a known kind by name. */
    public KubernetesJobHandle attach(JobKind kind, String jobName) throws JobException {
        ClusterJobKind w = ClusterJobKind.of(kind);
        if (!discovery.serves(w)) {
            throw new JobException(
                    "the cluster does not serve " + kind.kind() + ": " + w.operator() + " is not installed");
        }
        GenericKubernetesResource r = get(w, jobName);
        if (r == null) {
            throw new JobException("no " + kind.kind() + " named " + jobName + " in namespace " + namespace());
        }
        return handle(w, r);
    }

    private KubernetesJobHandle handle(ClusterJobKind w, GenericKubernetesResource job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        Long runId = null;
        if (annotations != null && annotations.get(JobSnapshot.RUN_ID_ANNOTATION) != null) {
            try {
                runId = Long.parseLong(annotations.get(JobSnapshot.RUN_ID_ANNOTATION));
            } catch (NumberFormatException e) {
                // not ours to interpret
            }
        }
        return track(new KubernetesJobHandle(context, w, job.getMetadata().getName(), runId, null, recorder));
    }

    private GenericKubernetesResource get(ClusterJobKind w, String jobName) throws JobException {
        try {
            return client.genericKubernetesResources(w.context())
                    .inNamespace(namespace())
                    .withName(jobName)
                    .get();
        } catch (KubernetesClientException e) {
            throw context.errors().map(e, "get", w.resource(), w.kind().kind(), namespace(), jobName);
        }
    }

    /** Every job jfairing made in the namespace (by its {@link JobEnvironment#LABEL_MANAGED_BY} label), newest first. */
    @Override
    public List<JobStatus> list() throws JobException {
        List<JobSnapshot> all = new ArrayList<>();
        for (ClusterJobKind w : discovery.served()) {
            List<GenericKubernetesResource> jobs;
            List<Pod> pods;
            try {
                jobs = client.genericKubernetesResources(w.context())
                        .inNamespace(namespace())
                        .withLabel(JobEnvironment.LABEL_MANAGED_BY, JobEnvironment.MANAGED_BY)
                        .list()
                        .getItems();
            } catch (KubernetesClientException e) {
                throw context.errors().map(e, "list", w.resource(), w.kind().kind(), namespace(), null);
            }
            if (jobs.isEmpty()) {
                continue;
            }
            try {
                pods = client.pods()
                        .inNamespace(namespace())
                        .withLabel(w.podLabel())
                        .list()
                        .getItems();
            } catch (KubernetesClientException e) {
                throw context.errors().map(e, "list", "pods", "pods", namespace(), null);
            }
            for (GenericKubernetesResource job : jobs) {
                String jobName = job.getMetadata().getName();
                List<Pod> own = pods.stream()
                        .filter(p -> p.getMetadata().getLabels() != null
                                && jobName.equals(p.getMetadata().getLabels().get(w.podLabel())))
                        .toList();
                all.add(JobSnapshot.of(w, NAME, job, own, context.clock().instant()));
            }
        }
        all.sort(Comparator.comparing((JobSnapshot s) -> s.created() == null ? java.time.Instant.MIN : s.created())
                .reversed()
                .thenComparing(s -> s.status().name()));
        return all.stream().map(JobSnapshot::status).toList();
    }

    private KubernetesJobHandle track(KubernetesJobHandle handle) {
        watches.add(handle::closeWatch);
        return handle;
    }

    KatibTuningHandle track(KatibTuningHandle handle) {
        watches.add(handle::closeWatch);
        return handle;
    }

    KubernetesContext contextFor(JobSpec spec) {
        if (spec.namespace() == null || spec.namespace().equals(context.namespace())) {
            return context;
        }
        return new KubernetesContext(
                client,
                spec.namespace(),
                context.errors(),
                NAME,
                context.clock(),
                context.stuckGracePeriod(),
                context.apiRetryWindow(),
                context.logRetryDelay(),
                context.streams());
    }

    KubernetesContext context() {
        return context;
    }

    ApiDiscovery discovery() {
        return discovery;
    }

    RunRecorder recorder() {
        return recorder;
    }

    /** Stops watching and following logs and, when the backend made the client, closes it. Jobs keep running. */
    @Override
    public void close() {
        for (Runnable stop = watches.poll(); stop != null; stop = watches.poll()) {
            stop.run();
        }
        context.streams().shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }

    /** Builds a {@link KubernetesJobBackend}. */
    public static final class Builder {
        private KubernetesClient client;
        private String kubeContext;
        private String namespace;
        private String metadataToken;
        private JobManifests.SecretKey tokenSecret;
        private Duration stuckGracePeriod = Duration.ofMinutes(2);
        private Duration apiRetryWindow = Duration.ofMinutes(2);
        private Duration logRetryDelay = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();
        private RunRecorder recorder = new MetadataRunRecorder();

        private Builder() {}

        /** Uses this client (the caller closes it); otherwise one is made from kubeconfig or the in-cluster config. */
        public Builder client(KubernetesClient value) {
            this.client = value;
            return this;
        }

        /** The kubeconfig context to use (default: the current one). Ignored when a client is given. */
        public Builder context(String kubeconfigContext) {
            this.kubeContext = kubeconfigContext;
            return this;
        }

        /** The namespace (default: the context's, or the pod's own namespace in a cluster, or {@code default}). */
        public Builder namespace(String value) {
            this.namespace = value;
            return this;
        }

        /**
         * The metadata server's token for the replicas: stored in a secret the backend creates for each job (owned by the
         * job, so deleted with it) and given to the pods as {@link JobEnvironment#METADATA_TOKEN} from that secret, never as a
         * value in a manifest.
         */
        public Builder metadataToken(String token) {
            this.metadataToken = token;
            return this;
        }

        /** The metadata token is in an existing secret: pods get {@link JobEnvironment#METADATA_TOKEN} from {@code secret[key]}. */
        public Builder metadataTokenSecret(String secret, String key) {
            this.tokenSecret = new JobManifests.SecretKey(
                    Objects.requireNonNull(secret, "secret"), Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * How long a replica may wait on an image that cannot be pulled ({@code ImagePullBackOff}, {@code ErrImagePull}) or a
         * container that cannot be created ({@code CreateContainerConfigError}) before the job counts as failed (default 2
         * minutes); the operator itself would wait for ever.
         */
        public Builder stuckReplicaGracePeriod(Duration value) {
            this.stuckGracePeriod = requirePositive(value, "stuckReplicaGracePeriod");
            return this;
        }

        /** How long a broken watch may stay broken before {@code waitForCompletion} gives up (default 2 minutes). */
        public Builder apiRetryWindow(Duration value) {
            this.apiRetryWindow = requirePositive(value, "apiRetryWindow");
            return this;
        }

        /** The pause before a broken log stream is opened again (default 1 s). */
        public Builder logRetryDelay(Duration value) {
            this.logRetryDelay = requirePositive(value, "logRetryDelay");
            return this;
        }

        Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        Builder recorder(RunRecorder value) {
            this.recorder = value;
            return this;
        }

        public KubernetesJobBackend build() throws JobException {
            if (metadataToken != null && tokenSecret != null) {
                throw new IllegalArgumentException(
                        "give the metadata token either as a value or as a secret, not both");
            }
            if (client != null) {
                String ns = namespace != null
                        ? namespace
                        : client.getNamespace() != null ? client.getNamespace() : "default";
                return new KubernetesJobBackend(this, client, false, ns);
            }
            Config config;
            try {
                config = Config.autoConfigure(kubeContext);
            } catch (KubernetesClientException | IllegalArgumentException e) {
                throw new JobException(
                        "cannot read the Kubernetes configuration"
                                + (kubeContext == null ? "" : " for context " + kubeContext)
                                + " (kubeconfig at $KUBECONFIG or ~/.kube/config, or the in-cluster service account): "
                                + e.getMessage(),
                        e);
            }
            if (kubeContext != null
                    && (config.getCurrentContext() == null
                            || !kubeContext.equals(config.getCurrentContext().getName()))) {
                throw new JobException("no kubeconfig context named " + kubeContext + "; known contexts: "
                        + String.join(
                                ", ",
                                config.getContexts().stream()
                                        .map(c -> c.getName())
                                        .toList()));
            }
            String ns =
                    namespace != null ? namespace : config.getNamespace() != null ? config.getNamespace() : "default";
            KubernetesClient made =
                    new KubernetesClientBuilder().withConfig(config).build();
            return new KubernetesJobBackend(this, made, true, ns);
        }

        private static Duration requirePositive(Duration value, String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
