package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jfairing.fairing.job.JobException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a job's state current through two fabric8 informers, one on the job object and one on its pods (by the
 * operator's label). An informer re-establishes a dropped watch from the last resourceVersion it saw and lists again
 * when the server answers 410 Gone; an informer that gave up, stays without a watch, or lags the server (see
 * {@link #restartStalled}) is replaced by a new one, which lists again. So the state held here always catches up with
 * the server: no change that lasts is lost. Every event (and a tick each second) recomputes the {@link JobSnapshot} on
 * one thread; listeners get each snapshot that differs from the one before, in order, until the job ended; the final
 * snapshot is read from the server itself.
 *
 * <p>A replica stuck on an image that cannot be pulled or a container that cannot be created (missing secret) for
 * longer than the grace period makes the job FAILED here, since its operator would wait for ever.
 */
final class JobInformer implements AutoCloseable {
    /** How long an informer may stay without a watch before it is replaced by a new one (which lists again). */
    private static final Duration RESTART_AFTER = Duration.ofSeconds(3);
    /** How often a watch that seems up is checked against the server. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private final KubernetesContext context;
    private final ClusterJobKind workload;
    private final String name;
    private final ScheduledExecutorService executor;
    private final List<Consumer<JobSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> stuckSince = new HashMap<>();
    private final CompletableFuture<JobSnapshot> end = new CompletableFuture<>();
    private SharedIndexInformer<GenericKubernetesResource> jobInformer;
    private SharedIndexInformer<Pod> podInformer;
    private volatile JobSnapshot last;
    private JobSnapshot declaredFailure;
    private boolean seenJob;
    private Instant notWatchingSince;
    private volatile boolean closed;
    private Instant jobDownSince;
    private Instant podsDownSince;
    private Instant lastCheck;
    private Instant staleSince;
    private Map<String, String> staleCache;

    JobInformer(KubernetesContext context, ClusterJobKind workload, String name) {
        this.context = context;
        this.workload = workload;
        this.name = name;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jfairing-watch-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Lists and starts watching; returns once the first list arrived. */
    void start() throws JobException {
        try {
            jobInformer = started(this::jobInformer);
        } catch (ExecutionException | InterruptedException | KubernetesClientException e) {
            close();
            throw failedToWatch(e, workload.resource(), workload.kind().kind(), name);
        }
        try {
            podInformer = started(this::podInformer);
        } catch (ExecutionException | InterruptedException | KubernetesClientException e) {
            close();
            throw failedToWatch(e, "pods", "pods of", name);
        }
        executor.scheduleWithFixedDelay(this::refresh, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * A started informer, once its first list arrived and its watch began. The version listed can be gone by the time
     * the watch starts (410 Gone): then a new informer lists again, a few times.
     */
    private static <T> SharedIndexInformer<T> started(java.util.function.Supplier<SharedIndexInformer<T>> make)
            throws ExecutionException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            SharedIndexInformer<T> informer = make.get();
            try {
                informer.start().toCompletableFuture().get();
                return informer;
            } catch (ExecutionException e) {
                informer.stop();
                if (attempt >= 3 || !(e.getCause() instanceof KubernetesClientException k) || k.getCode() != 410) {
                    throw e;
                }
            }
        }
    }

    private JobException failedToWatch(Exception e, String resource, String kind, String objectName) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new JobException("interrupted while starting to watch " + kind + " " + objectName, e);
        }
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (cause instanceof KubernetesClientException k) {
            return context.errors().map(k, "watch", resource, kind, context.namespace(), objectName);
        }
        return new JobException("cannot watch " + kind + " " + objectName + ": " + cause, cause);
    }

    private SharedIndexInformer<GenericKubernetesResource> jobInformer() {
        SharedIndexInformer<GenericKubernetesResource> informer = context.client()
                .genericKubernetesResources(workload.context())
                .inNamespace(context.namespace())
                .withName(name)
                .runnableInformer(0);
        informer.addEventHandler(cast(handler));
        return informer;
    }

    private SharedIndexInformer<Pod> podInformer() {
        SharedIndexInformer<Pod> informer = context.client()
                .pods()
                .inNamespace(context.namespace())
                .withLabel(workload.podLabel(), name)
                .runnableInformer(0);
        informer.addEventHandler(cast(handler));
        return informer;
    }

    /**
     * An informer may give up re-establishing its watch (after the server refused the connection at that moment) or
     * stay without one: replace it by a new one, which lists again, so that nothing that changed meanwhile is missed.
     */
    private void restartStopped() {
        if (closed) {
            return;
        }
        Instant now = context.clock().instant();
        boolean wasDown = jobDownSince != null || podsDownSince != null;
        if (jobInformer.isWatching()) {
            jobDownSince = null;
        } else if (jobDownSince == null) {
            jobDownSince = now;
        }
        if (podInformer.isWatching()) {
            podsDownSince = null;
        } else if (podsDownSince == null) {
            podsDownSince = now;
        }
        if (wasDown && jobDownSince == null && podsDownSince == null) {
            lastCheck = null; // a watch came back: check at once that it did not resume past changes
        }
        if (givenUp(jobInformer, jobDownSince, now)) {
            jobInformer.stop();
            jobInformer = jobInformer();
            jobInformer.start();
            jobDownSince = now;
        }
        if (givenUp(podInformer, podsDownSince, now)) {
            podInformer.stop();
            podInformer = podInformer();
            podInformer.start();
            podsDownSince = now;
        }
        if (jobDownSince == null && podsDownSince == null) {
            restartStalled(now);
        }
    }

    /**
     * A watch can also stall without closing (a connection silently dropped on the way) or resume after changes it
     * never delivers: every {@link #CHECK_EVERY}, and at once when a watch came back, the resourceVersions of the job and
     * its pods on the server are compared with the informers'; when they differ and a second later the informers'
     * caches have not moved at all, both informers are replaced (and list again).
     */
    private void restartStalled(Instant now) {
        if (lastCheck != null
                && Duration.between(lastCheck, now).compareTo(staleSince == null ? CHECK_EVERY : Duration.ofSeconds(1))
                        < 0) {
            return;
        }
        lastCheck = now;
        GenericKubernetesResource cached = jobInformer.getStore().getByKey(context.namespace() + "/" + name);
        GenericKubernetesResource onServer;
        List<Pod> podsOnServer;
        try {
            onServer = context.client()
                    .genericKubernetesResources(workload.context())
                    .inNamespace(context.namespace())
                    .withName(name)
                    .get();
            podsOnServer = context.client()
                    .pods()
                    .inNamespace(context.namespace())
                    .withLabel(workload.podLabel(), name)
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            return; // unreachable: the retry window deals with that
        }
        boolean jobCurrent = onServer == null
                || cached == null
                || Objects.equals(
                        onServer.getMetadata().getResourceVersion(),
                        cached.getMetadata().getResourceVersion());
        Map<String, String> cachedVersions = versions(podInformer.getStore().list());
        cachedVersions.put("", cached == null ? "" : cached.getMetadata().getResourceVersion());
        Map<String, String> podVersions = versions(podsOnServer);
        podVersions.remove("");
        if (jobCurrent && podVersions.equals(withoutJob(cachedVersions))) {
            staleSince = null;
            return;
        }
        if (staleSince == null || !cachedVersions.equals(staleCache)) {
            // behind, but events may be on their way (or arrived since the last look): look again in a second
            staleSince = now;
            staleCache = cachedVersions;
            return;
        }
        // a second later the caches have not moved while the server has: the watches deliver nothing
        staleSince = null;
        staleCache = null;
        jobInformer.stop();
        jobInformer = jobInformer();
        jobInformer.start();
        podInformer.stop();
        podInformer = podInformer();
        podInformer.start();
    }

    private static Map<String, String> withoutJob(Map<String, String> versions) {
        Map<String, String> out = new HashMap<>(versions);
        out.remove("");
        return out;
    }

    private static Map<String, String> versions(List<Pod> pods) {
        Map<String, String> out = new HashMap<>();
        pods.forEach(p -> out.put(p.getMetadata().getName(), p.getMetadata().getResourceVersion()));
        return out;
    }

    /** Stopped, or not watching for longer than its own reconnects should take. */
    private static boolean givenUp(SharedIndexInformer<?> informer, Instant downSince, Instant now) {
        return informer.stopped().toCompletableFuture().isDone()
                || downSince != null && Duration.between(downSince, now).compareTo(RESTART_AFTER) > 0;
    }

    private final ResourceEventHandler<Object> handler = new ResourceEventHandler<>() {
        @Override
        public void onAdd(Object obj) {
            schedule();
        }

        @Override
        public void onUpdate(Object oldObj, Object newObj) {
            schedule();
        }

        @Override
        public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
            schedule();
        }

        private void schedule() {
            if (!closed) {
                executor.execute(JobInformer.this::refresh);
            }
        }
    };

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> handler) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) handler;
    }

    /** Calls {@code listener} with the latest snapshot (when there is one) and then with each change. */
    Runnable subscribe(Consumer<JobSnapshot> listener) {
        executor.execute(() -> {
            if (last != null) {
                listener.accept(last);
            }
            listeners.add(listener);
        });
        return () -> listeners.remove(listener);
    }

    /** The latest snapshot, computed now. */
    JobSnapshot snapshot() throws JobException {
        try {
            executor.submit(this::refresh).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobException("interrupted while reading the status of " + name, e);
        } catch (ExecutionException e) {
            throw new JobException("cannot read the status of " + name + ": " + e.getCause(), e.getCause());
        }
        if (end.isCompletedExceptionally()) {
            try {
                end.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof JobException je
                        ? je
                        : new JobException("cannot follow " + name + ": " + e.getCause(), e.getCause());
            }
        }
        JobSnapshot s = last;
        if (s == null) {
            throw new JobException(
                    "no " + workload.kind().kind() + " named " + name + " in namespace " + context.namespace());
        }
        return s;
    }

    /** Completes with the first terminal snapshot, or exceptionally when the job was deleted or the server is gone. */
    CompletableFuture<JobSnapshot> end() {
        return end;
    }

    /** The pod as last seen, or null. */
    Pod pod(String podName) {
        return podInformer == null ? null : podInformer.getStore().getByKey(context.namespace() + "/" + podName);
    }

    private void refresh() {
        try {
            doRefresh();
        } catch (RuntimeException e) {
            end.completeExceptionally(
                    new JobException("cannot follow " + workload.kind().kind() + " " + name + ": " + e, e));
        }
    }

    private void doRefresh() {
        if (jobInformer == null || podInformer == null) {
            return;
        }
        restartStopped();
        if (!checkWatching()) {
            // one informer may have caught up and the other not yet: wait for both rather than mix old and new
            return;
        }
        GenericKubernetesResource job = jobInformer.getStore().getByKey(context.namespace() + "/" + name);
        if (job == null) {
            if (seenJob && !end.isDone()) {
                end.completeExceptionally(new JobException(workload.kind().kind() + " " + name
                        + " was deleted from namespace " + context.namespace() + " before it ended"));
            }
            return;
        }
        seenJob = true;
        if (end.isDone()) {
            return; // the final snapshot was delivered: the job ended
        }
        Instant now = context.clock().instant();
        JobSnapshot snapshot = JobSnapshot.of(
                workload, context.backendName(), job, podInformer.getStore().list(), now);
        snapshot = applyStuck(snapshot, now);
        if (snapshot.status().phase().isTerminal()) {
            // the two informers may not have caught up equally (after a broken watch, one replays before the other):
            // the final word comes from the server itself
            snapshot = applyStuck(fresh(now, snapshot), now);
        }
        JobSnapshot previous = last;
        last = snapshot;
        if (!snapshot.sameAs(previous)) {
            for (Consumer<JobSnapshot> listener : listeners) {
                try {
                    listener.accept(snapshot);
                } catch (RuntimeException e) {
                    // a listener's failure is its own: the others still hear of the change
                }
            }
        }
        if (snapshot.status().phase().isTerminal()) {
            end.complete(snapshot);
        }
    }

    private JobSnapshot fresh(Instant now, JobSnapshot fallback) {
        try {
            GenericKubernetesResource job = context.client()
                    .genericKubernetesResources(workload.context())
                    .inNamespace(context.namespace())
                    .withName(name)
                    .get();
            if (job == null) {
                return fallback;
            }
            List<Pod> pods = context.client()
                    .pods()
                    .inNamespace(context.namespace())
                    .withLabel(workload.podLabel(), name)
                    .list()
                    .getItems();
            return JobSnapshot.of(workload, context.backendName(), job, pods, now);
        } catch (KubernetesClientException e) {
            return fallback;
        }
    }

    private JobSnapshot applyStuck(JobSnapshot snapshot, Instant now) {
        if (snapshot.status().phase().isTerminal()) {
            return snapshot;
        }
        if (declaredFailure != null) {
            return declaredFailure;
        }
        Map<String, Instant> stillStuck = new HashMap<>();
        for (Replica r : snapshot.replicas()) {
            if (!r.stuck()) {
                continue;
            }
            // the kubelet alternates ErrImagePull and ImagePullBackOff: one clock for the pod's whole trouble
            String key = r.pod().getMetadata().getUid() + "/" + r.podName();
            Instant since = stuckSince.getOrDefault(key, now);
            stillStuck.put(key, since);
            Duration stuckFor = Duration.between(since, now);
            boolean hopeless = "InvalidImageName".equals(r.status().reason());
            if (hopeless || stuckFor.compareTo(context.stuckGracePeriod()) >= 0) {
                declaredFailure = snapshot.failedBy(
                        r,
                        r.problem() + "; stuck for " + seconds(stuckFor)
                                + ", so jfairing gives up (the operator would wait for ever); fix the image or the pod's "
                                + "configuration, or allow a longer stuckReplicaGracePeriod");
                return declaredFailure;
            }
        }
        stuckSince.clear();
        stuckSince.putAll(stillStuck);
        return snapshot;
    }

    /** Whether both watches are up; ends the wait when they have been down longer than the retry window. */
    private boolean checkWatching() {
        boolean watching = jobInformer.isWatching() && podInformer.isWatching();
        Instant now = context.clock().instant();
        if (watching) {
            notWatchingSince = null;
        } else if (notWatchingSince == null) {
            notWatchingSince = now;
        } else if (Duration.between(notWatchingSince, now).compareTo(context.apiRetryWindow()) > 0 && !end.isDone()) {
            end.completeExceptionally(new JobException("lost the watch on "
                    + workload.kind().kind() + " " + name
                    + " for more than " + seconds(context.apiRetryWindow())
                    + ": cannot reach the Kubernetes API server at "
                    + context.client().getMasterUrl() + "; the job may still be running: attach to it again later"));
        }
        return watching;
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    @Override
    public void close() {
        closed = true;
        if (jobInformer != null) {
            jobInformer.close();
        }
        if (podInformer != null) {
            podInformer.close();
        }
        executor.shutdownNow();
        end.completeExceptionally(new JobException("stopped watching "
                + workload.kind().kind() + " " + name + " (the handle was closed or the job deleted)"));
    }
}
