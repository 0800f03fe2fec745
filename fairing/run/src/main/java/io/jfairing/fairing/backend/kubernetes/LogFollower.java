package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.LogLine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Follows every replica of a job: a {@link PodLogStream} per pod, started when the pod's container started (so that
 * replicas that start later are followed too). Lines reach the sink one at a time (it need not be thread-safe), in
 * order within each replica.
 */
final class LogFollower implements JobHandle.Subscription {
    private final KubernetesContext context;
    private final JobInformer watch;
    private final Consumer<LogLine> sink;
    private final Map<String, PodLogStream> streams = new ConcurrentHashMap<>();
    private final List<Future<?>> running = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private Runnable unsubscribe;

    LogFollower(KubernetesContext context, JobInformer watch, Consumer<LogLine> sink) {
        this.context = context;
        this.watch = watch;
        this.sink = sink;
    }

    void start() {
        unsubscribe = watch.subscribe(this::onSnapshot);
    }

    private void onSnapshot(JobSnapshot snapshot) {
        if (closed) {
            return;
        }
        for (Replica r : snapshot.replicas()) {
            String uid = r.pod().getMetadata().getUid() != null
                    ? r.pod().getMetadata().getUid()
                    : r.podName();
            if (r.started() && !streams.containsKey(uid)) {
                String podName = r.podName();
                PodLogStream stream = new PodLogStream(
                        context.client(),
                        context.namespace(),
                        podName,
                        r.container(),
                        r.name(),
                        this::deliver,
                        () -> ended(podName, r.container()),
                        context.logRetryDelay());
                streams.put(uid, stream);
                running.add(context.streams().submit(stream));
            }
        }
    }

    private boolean ended(String podName, String container) {
        Pod pod = watch.pod(podName);
        if (pod == null) {
            return true;
        }
        var cs = Replica.containerStatus(pod, container);
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase)
                || "Failed".equals(phase)
                || cs != null && cs.getState() != null && cs.getState().getTerminated() != null;
    }

    private synchronized void deliver(LogLine line) {
        if (!closed) {
            sink.accept(line);
        }
    }

    /** Waits, at most {@code timeout}, until every replica's stream read its last line (the job ended). */
    void awaitStreams(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<?> f : running) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
                return;
            }
        }
    }

    /** How many times the replicas' streams were opened again after breaking (for tests and diagnostics). */
    int reconnects() {
        return streams.values().stream().mapToInt(PodLogStream::reconnects).sum();
    }

    @Override
    public void close() {
        closed = true;
        if (unsubscribe != null) {
            unsubscribe.run();
        }
        streams.values().forEach(PodLogStream::close);
    }
}
