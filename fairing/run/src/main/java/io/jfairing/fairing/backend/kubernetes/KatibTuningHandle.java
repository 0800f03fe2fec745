package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.JobStatus;
import io.jfairing.fairing.job.Trial;
import io.jfairing.fairing.job.TuningHandle;
import io.jfairing.fairing.job.TuningOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A Katib Experiment: its Trials as they finish (watched through an informer on the experiment's trials), the best
 * trial from {@code status.currentOptimalTrial}, and the sweep's end from the Experiment's conditions.
 */
public final class KatibTuningHandle implements TuningHandle {
    private final KubernetesContext context;
    private final String name;
    private final Long runId;
    private final JobRequest request;
    private final RunRecorder recorder;
    private JobInformer watch;
    private TuningOutcome outcome;
    private final List<Runnable> informers = new java.util.concurrent.CopyOnWriteArrayList<>();

    KatibTuningHandle(KubernetesContext context, String name, Long runId, JobRequest request, RunRecorder recorder) {
        this.context = context;
        this.name = name;
        this.runId = runId;
        this.request = request;
        this.recorder = recorder;
    }

    @Override
    public String name() {
        return name;
    }

    /** The metadata store's run recording the sweep, or null. */
    public Long runId() {
        return runId;
    }

    /** The Experiment's status: phase from its conditions, the trials' pods as replicas. */
    public JobStatus status() throws JobException {
        return watch().snapshot().status();
    }

    @Override
    public List<Trial> trials() throws JobException {
        try {
            return trialsResource().withLabel(KatibTrials.EXPERIMENT_LABEL, name).list().getItems().stream()
                    .sorted(Comparator.comparing((GenericKubernetesResource t) ->
                                    Objects.toString(t.getMetadata().getCreationTimestamp(), ""))
                            .thenComparing(t -> t.getMetadata().getName()))
                    .map(KatibTrials::trial)
                    .toList();
        } catch (KubernetesClientException e) {
            throw context.errors().map(e, "list", "trials.kubeflow.org", "Trial", context.namespace(), null);
        }
    }

    /**
     * Calls {@code listener} once for each trial that ended (succeeded, failed, early-stopped or killed): first those
     * that already had, then each as it ends. Calls come one at a time.
     */
    @Override
    public JobHandle.Subscription onTrial(Consumer<Trial> listener) throws JobException {
        Set<String> reported = ConcurrentHashMap.newKeySet();
        ExecutorService calls = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jfairing-trials-" + name);
            t.setDaemon(true);
            return t;
        });
        Consumer<GenericKubernetesResource> seen = t -> calls.execute(() -> {
            Trial trial = KatibTrials.trial(t);
            if (trial.phase().isTerminal() && reported.add(trial.name())) {
                listener.accept(trial);
            }
        });
        SharedIndexInformer<GenericKubernetesResource> informer;
        try {
            informer = trialsResource()
                    .withLabel(KatibTrials.EXPERIMENT_LABEL, name)
                    .inform(
                            new ResourceEventHandler<>() {
                                @Override
                                public void onAdd(GenericKubernetesResource obj) {
                                    seen.accept(obj);
                                }

                                @Override
                                public void onUpdate(
                                        GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                                    seen.accept(newObj);
                                }

                                @Override
                                public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {}
                            },
                            0);
        } catch (KubernetesClientException e) {
            calls.shutdownNow();
            throw context.errors().map(e, "watch", "trials.kubeflow.org", "Trial", context.namespace(), null);
        }
        Runnable stop = () -> {
            informer.close();
            calls.shutdownNow();
        };
        informers.add(stop);
        return () -> {
            informers.remove(stop);
            stop.run();
        };
    }

    @Override
    public TuningOutcome waitForCompletion(Duration timeout) throws JobException, InterruptedException {
        synchronized (this) {
            if (outcome != null) {
                return outcome;
            }
        }
        JobSnapshot end;
        try {
            end = watch().end().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JobException("Experiment " + name + " did not end within " + timeout.toSeconds()
                    + " s; it keeps running ("
                    + trials().stream().filter(t -> t.phase().isTerminal()).count() + " trials finished)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof JobException je
                    ? je
                    : new JobException("cannot wait for " + name + ": " + cause, cause);
        }
        GenericKubernetesResource experiment = experiment();
        List<Trial> trials = trials();
        Trial best = KatibTrials.best(experiment);
        if (best != null) {
            String bestName = best.name();
            best = trials.stream()
                    .filter(t -> t.name().equals(bestName) && t.objective() != null)
                    .findFirst()
                    .orElse(best);
        }
        Duration took = end.created() == null
                ? Duration.ZERO
                : Duration.between(end.created(), end.ended() != null ? end.ended() : Instant.now());
        TuningOutcome result =
                new TuningOutcome(name, end.status().phase(), trials, best, took.isNegative() ? Duration.ZERO : took);
        synchronized (this) {
            if (outcome != null) {
                return outcome;
            }
            outcome = result;
        }
        recorder.end(
                request,
                runId,
                new JobOutcome(
                        name,
                        end.status().phase(),
                        null,
                        null,
                        end.status().phase() == JobPhase.SUCCEEDED
                                ? null
                                : end.status().message(),
                        List.of(),
                        result.duration(),
                        runId));
        return result;
    }

    /**
     * Starts no more trials ({@code spec.maxTrialCount} lowered to the trials that ended) and deletes the running ones;
     * the Experiment then ends with what it found so far.
     */
    @Override
    public void cancel() throws JobException {
        List<Trial> trials = trials();
        long ended = trials.stream().filter(t -> t.phase().isTerminal()).count();
        Map<String, Object> patch = Map.of(
                "metadata",
                        Map.of(
                                "annotations",
                                Map.of(
                                        JobSnapshot.CANCELLED_ANNOTATION,
                                        context.clock().instant().toString())),
                "spec", Map.of("maxTrialCount", Math.max(ended, 1)));
        try {
            experimentResource().patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
        } catch (KubernetesClientException e) {
            throw context.errors().map(e, "patch", "experiments.kubeflow.org", "Experiment", context.namespace(), name);
        }
        for (Trial t : trials) {
            if (!t.phase().isTerminal()) {
                try {
                    trialsResource()
                            .withName(t.name())
                            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                            .delete();
                } catch (KubernetesClientException e) {
                    throw context.errors()
                            .map(e, "delete", "trials.kubeflow.org", "Trial", context.namespace(), t.name());
                }
            }
        }
    }

    /** Deletes the Experiment; its trials and their jobs go with it. */
    @Override
    public void delete() throws JobException {
        closeWatch();
        try {
            experimentResource()
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        } catch (KubernetesClientException e) {
            throw context.errors()
                    .map(e, "delete", "experiments.kubeflow.org", "Experiment", context.namespace(), name);
        }
    }

    /** Stops watching the Experiment and its trials (the sweep itself is not touched). */
    synchronized void closeWatch() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
        informers.forEach(Runnable::run);
        informers.clear();
    }

    GenericKubernetesResource experiment() throws JobException {
        GenericKubernetesResource e;
        try {
            e = experimentResource().get();
        } catch (KubernetesClientException ex) {
            throw context.errors().map(ex, "get", "experiments.kubeflow.org", "Experiment", context.namespace(), name);
        }
        if (e == null) {
            throw new JobException("no Experiment named " + name + " in namespace " + context.namespace());
        }
        return e;
    }

    private Resource<GenericKubernetesResource> experimentResource() {
        return context.client()
                .genericKubernetesResources(ClusterJobKind.EXPERIMENT.context())
                .inNamespace(context.namespace())
                .withName(name);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>>
            trialsResource() {
        return context.client().genericKubernetesResources(KatibTrials.TRIALS).inNamespace(context.namespace());
    }

    private synchronized JobInformer watch() throws JobException {
        if (watch == null) {
            JobInformer w = new JobInformer(context, ClusterJobKind.EXPERIMENT, name);
            w.start();
            watch = w;
        }
        return watch;
    }
}
