package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.job.CleanupPolicy;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.JobStatus;
import io.jfairing.fairing.job.LogLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A job on a cluster: a batch Job, a Training Operator v1 job, a TrainJob or a Katib Experiment, with its pods.
 * Status and logs come from one {@link JobInformer} started on first use; {@link #cancel()} suspends the job (its pods
 * are deleted by its controller, the object and its conditions stay); {@link #delete()} removes it in the background.
 */
public final class KubernetesJobHandle implements JobHandle {
    /** How long a cleanup waits for the log followers to read the last lines. */
    private static final Duration LOG_DRAIN = Duration.ofSeconds(10);

    private final KubernetesContext context;
    private final ClusterJobKind workload;
    private final String name;
    private final Long runId;
    private final JobRequest request;
    private final RunRecorder recorder;
    private JobInformer watch;
    private JobOutcome outcome;
    private final List<LogFollower> followers = new ArrayList<>();

    KubernetesJobHandle(
            KubernetesContext context,
            ClusterJobKind workload,
            String name,
            Long runId,
            JobRequest request,
            RunRecorder recorder) {
        this.context = context;
        this.workload = workload;
        this.name = name;
        this.runId = runId;
        this.request = request;
        this.recorder = recorder;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String backend() {
        return context.backendName();
    }

    /** The namespace the job runs in. */
    public String namespace() {
        return context.namespace();
    }

    /** What the job is on the cluster. */
    public JobKind kind() {
        return workload.kind();
    }

    @Override
    public Long runId() {
        return runId;
    }

    @Override
    public JobStatus status() throws JobException {
        return snapshotNow().status();
    }

    @Override
    public Subscription onStatus(Consumer<JobStatus> listener) throws JobException {
        Runnable unsubscribe = watch().subscribe(s -> listener.accept(s.status()));
        return unsubscribe::run;
    }

    @Override
    public Subscription followLogs(Consumer<LogLine> sink) throws JobException {
        LogFollower follower = new LogFollower(context, watch(), sink);
        synchronized (this) {
            followers.add(follower);
        }
        follower.start();
        return follower;
    }

    @Override
    public List<LogLine> logs() throws JobException {
        List<LogLine> out = new ArrayList<>();
        for (Replica r : snapshotNow().replicas()) {
            if (!r.started()) {
                continue;
            }
            String text;
            try {
                text = context.client()
                        .pods()
                        .inNamespace(context.namespace())
                        .withName(r.podName())
                        .inContainer(r.container())
                        .usingTimestamps()
                        .getLog();
            } catch (KubernetesClientException e) {
                throw context.errors().map(e, "get", "pods/log", "pod", context.namespace(), r.podName());
            }
            Instant now = context.clock().instant();
            text.lines()
                    .map(l -> LogCursor.parse(l, now))
                    .forEach(e -> out.add(new LogLine(r.name(), e.text(), e.time())));
        }
        return out;
    }

    @Override
    public JobOutcome waitForCompletion(Duration timeout) throws JobException, InterruptedException {
        synchronized (this) {
            if (outcome != null) {
                return outcome;
            }
        }
        JobSnapshot end;
        try {
            end = watch().end().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JobException(workload.kind().kind() + " " + name + " did not end within " + timeout.toSeconds()
                    + " s; it keeps running (status: " + status().summary() + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof JobException je
                    ? je
                    : new JobException("cannot wait for " + name + ": " + cause, cause);
        }
        JobOutcome result = outcomeOf(end);
        synchronized (this) {
            if (outcome != null) {
                return outcome;
            }
            outcome = result;
        }
        recorder.end(request, runId, result);
        CleanupPolicy cleanup = request == null ? CleanupPolicy.KEEP : request.cleanup();
        if (cleanup == CleanupPolicy.DELETE_ALWAYS
                || cleanup == CleanupPolicy.DELETE_ON_SUCCESS && result.succeeded()) {
            // let the log followers read the last lines before the pods go
            List<LogFollower> following;
            synchronized (this) {
                following = List.copyOf(followers);
            }
            for (LogFollower f : following) {
                f.awaitStreams(LOG_DRAIN);
            }
            delete();
        }
        return result;
    }

    private JobOutcome outcomeOf(JobSnapshot end) throws JobException {
        JobStatus s = end.status();
        Duration took = end.created() == null
                ? Duration.ZERO
                : Duration.between(
                        end.created(),
                        end.ended() != null ? end.ended() : context.clock().instant());
        if (took.isNegative()) {
            took = Duration.ZERO;
        }
        if (s.phase() == JobPhase.SUCCEEDED) {
            return new JobOutcome(name, JobPhase.SUCCEEDED, null, null, null, List.of(), took, runId);
        }
        if (s.phase() == JobPhase.CANCELLED) {
            return new JobOutcome(name, JobPhase.CANCELLED, null, null, "cancelled", List.of(), took, runId);
        }
        Replica failed = end.replicas().stream()
                .filter(r -> r.status().phase() == JobPhase.FAILED || r.stuck())
                .min(Comparator.comparing((Replica r) -> r.finishedAt() == null ? Instant.MAX : r.finishedAt())
                        .thenComparing(Replica::name, JobSnapshot::compareNames))
                .orElse(null);
        if (failed == null) {
            String reason = end.failureReason() != null
                    ? end.failureReason()
                    : s.message().isEmpty() ? null : s.message();
            return new JobOutcome(name, JobPhase.FAILED, null, null, reason, List.of(), took, runId);
        }
        String reason = failed.status().reason() != null ? failed.status().reason() : end.failureReason();
        if (failed.stuck() && !failed.detail().isEmpty()) {
            reason = failed.status().reason() + ": " + failed.detail();
        }
        return new JobOutcome(
                name,
                JobPhase.FAILED,
                failed.name(),
                failed.status().exitCode(),
                reason,
                failed.started() ? lastLines(failed) : List.of(),
                took,
                runId);
    }

    private List<String> lastLines(Replica replica) {
        try {
            String text = context.client()
                    .pods()
                    .inNamespace(context.namespace())
                    .withName(replica.podName())
                    .inContainer(replica.container())
                    .tailingLines(JobOutcome.LAST_LINES)
                    .getLog();
            return text == null ? List.of() : text.lines().toList();
        } catch (KubernetesClientException e) {
            return List.of("(its log could not be read: "
                    + context.errors()
                            .map(e, "get", "pods/log", "pod", context.namespace(), replica.podName())
                            .getMessage()
                    + ")");
        }
    }

    /**
     * Suspends the job ({@code spec.runPolicy.suspend} of the Training Operator kinds, {@code spec.suspend} of batch Jobs
     * and TrainJobs): its controller deletes the pods and keeps the object with its conditions, and jfairing marks it
     * cancelled. A Katib Experiment cannot be suspended: it is deleted. Nothing happens once the job ended.
     */
    @Override
    public void cancel() throws JobException {
        JobSnapshot now = snapshotNow();
        if (now.status().phase().isTerminal()) {
            return;
        }
        if (workload.suspendPath() == null) {
            delete();
            return;
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put(
                "metadata",
                Map.of(
                        "annotations",
                        Map.of(
                                JobSnapshot.CANCELLED_ANNOTATION,
                                context.clock().instant().toString())));
        Map<String, Object> at = patch;
        List<String> path = workload.suspendPath();
        for (int i = 0; i < path.size() - 1; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            at.put(path.get(i), next);
            at = next;
        }
        at.put(path.get(path.size() - 1), true);
        GenericKubernetesResource patched;
        try {
            patched = resource().patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
        } catch (KubernetesClientException e) {
            throw context.errors()
                    .map(e, "patch", workload.resource(), workload.kind().kind(), context.namespace(), name);
        }
        if (!Boolean.TRUE.equals(patched.get(path.toArray()))) {
            // an operator older than suspend support pruned the field: stop the job the only other way there is
            delete();
        }
    }

    @Override
    public void delete() throws JobException {
        delete(DeletionPropagation.BACKGROUND);
    }

    /**
     * Deletes the job and, through the garbage collector, its pods: {@code FOREGROUND} keeps the job object until its
     * pods are gone, {@code BACKGROUND} removes it at once. The metadata run stays.
     */
    public void delete(DeletionPropagation propagation) throws JobException {
        closeWatch();
        try {
            resource().withPropagationPolicy(propagation).delete();
        } catch (KubernetesClientException e) {
            throw context.errors()
                    .map(e, "delete", workload.resource(), workload.kind().kind(), context.namespace(), name);
        }
        try {
            // the token secret jfairing made for the job, if any (its owner reference removes it on a real cluster too)
            context.client()
                    .secrets()
                    .inNamespace(context.namespace())
                    .withName(KubernetesJobBackend.tokenSecretName(name))
                    .withPropagationPolicy(propagation)
                    .delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403 && e.getCode() != 404) {
                throw context.errors()
                        .map(
                                e,
                                "delete",
                                "secrets",
                                "secret",
                                context.namespace(),
                                KubernetesJobBackend.tokenSecretName(name));
            }
        }
    }

    private io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> resource() {
        return context.client()
                .genericKubernetesResources(workload.context())
                .inNamespace(context.namespace())
                .withName(name);
    }

    private JobSnapshot snapshotNow() throws JobException {
        synchronized (this) {
            if (watch != null) {
                return watch.snapshot();
            }
        }
        GenericKubernetesResource job;
        List<Pod> pods;
        try {
            job = resource().get();
        } catch (KubernetesClientException e) {
            throw context.errors()
                    .map(e, "get", workload.resource(), workload.kind().kind(), context.namespace(), name);
        }
        if (job == null) {
            throw new JobException(
                    "no " + workload.kind().kind() + " named " + name + " in namespace " + context.namespace());
        }
        try {
            pods = context.client()
                    .pods()
                    .inNamespace(context.namespace())
                    .withLabel(workload.podLabel(), name)
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            throw context.errors().map(e, "list", "pods", "pods", context.namespace(), null);
        }
        return JobSnapshot.of(
                workload, context.backendName(), job, pods, context.clock().instant());
    }

    private synchronized JobInformer watch() throws JobException {
        if (watch == null) {
            JobInformer w = new JobInformer(context, workload, name);
            w.start();
            watch = w;
        }
        return watch;
    }

    /** Stops watching and following logs (the job itself is not touched). */
    synchronized void closeWatch() {
        followers.forEach(LogFollower::close);
        followers.clear();
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }
}
