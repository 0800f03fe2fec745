package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A job as the API server shows it at one moment: the job object's conditions (Training Operator
 * {@code Created/Running/Restarting/Succeeded/Failed}, batch Job {@code Complete/Failed} with reasons such as
 * {@code BackoffLimitExceeded} and {@code DeadlineExceeded}, TrainJob {@code Complete/Failed}, Katib
 * {@code Succeeded/Failed}) combined with its pods as {@link Replica}s.
 *
 * @param failureReason the failure condition's reason ({@code BackoffLimitExceeded}); null unless failed
 * @param ended         when the job ended by its conditions; null while it runs
 */
record JobSnapshot(JobStatus status, List<Replica> replicas, String failureReason, Instant created, Instant ended) {
    /** Set by {@link KubernetesJobHandle#cancel()}: the job was suspended or stopped on purpose. */
    static final String CANCELLED_ANNOTATION = "jfairing.io/cancelled";
    /** The metadata store's run of the job, so that a re-attached handle knows it. */
    static final String RUN_ID_ANNOTATION = "jfairing.io/run-id";

    static JobSnapshot of(
            ClusterJobKind workload, String backend, GenericKubernetesResource job, List<Pod> pods, Instant now) {
        Objects.requireNonNull(job, "job");
        List<Replica> replicas = replicas(workload, pods);
        List<Map<String, Object>> conditions = conditions(job);
        Map<String, Object> success = trueCondition(conditions, workload.successConditions());
        Map<String, Object> failure = trueCondition(conditions, workload.failureConditions());
        Map<String, String> annotations = job.getMetadata().getAnnotations() == null
                ? Map.of()
                : job.getMetadata().getAnnotations();
        boolean cancelled = annotations.containsKey(CANCELLED_ANNOTATION);

        JobPhase phase;
        String message;
        String failureReason = null;
        Instant ended = null;
        if (failure != null) {
            phase = JobPhase.FAILED;
            failureReason = text(failure.get("reason"));
            message = conditionMessage(failure);
            ended = endTime(job, failure);
        } else if (success != null) {
            phase = JobPhase.SUCCEEDED;
            message = conditionMessage(success);
            ended = endTime(job, success);
        } else if (cancelled) {
            phase = JobPhase.CANCELLED;
            message = "cancelled at " + annotations.get(CANCELLED_ANNOTATION);
            ended = Replica.parse(annotations.get(CANCELLED_ANNOTATION));
        } else {
            boolean running = replicas.stream().anyMatch(r -> r.status().phase() == JobPhase.RUNNING)
                    || trueCondition(conditions, List.of("Running", "Restarting")) != null && replicas.isEmpty();
            phase = running ? JobPhase.RUNNING : JobPhase.PENDING;
            String problems = replicas.stream()
                    .map(Replica::problem)
                    .filter(p -> !p.isEmpty())
                    .collect(Collectors.joining("; "));
            message = !problems.isEmpty() ? problems : latestMessage(conditions);
        }
        if (phase == JobPhase.FAILED) {
            String problems = replicas.stream()
                    .filter(r -> r.status().phase() == JobPhase.FAILED)
                    .map(Replica::problem)
                    .filter(p -> !p.isEmpty())
                    .collect(Collectors.joining("; "));
            if (!problems.isEmpty() && !message.contains(problems)) {
                message = message.isEmpty() ? problems : message + " (" + problems + ")";
            }
        }
        if (replicas.isEmpty()) {
            // pods already gone (cleanPodPolicy) or not made yet: the operator's counts are all there is
            String counts = replicaCounts(job);
            if (!counts.isEmpty()) {
                message = message.isEmpty() ? counts : message + " (" + counts + ")";
            }
        }
        JobStatus status = new JobStatus(
                job.getMetadata().getName(),
                backend,
                phase,
                replicas.stream().map(Replica::status).toList(),
                message,
                now);
        return new JobSnapshot(
                status, replicas, failureReason, Replica.parse(job.getMetadata().getCreationTimestamp()), ended);
    }

    /** This snapshot with the job declared failed by the backend (a replica stuck on an image that cannot be pulled). */
    JobSnapshot failedBy(Replica stuck, String why) {
        JobStatus s =
                new JobStatus(status.name(), status.backend(), JobPhase.FAILED, status.replicas(), why, status.time());
        return new JobSnapshot(s, replicas, stuck.status().reason(), created, status.time());
    }

    /** The same status, ignoring when it was read: to tell a change from a repeat. */
    boolean sameAs(JobSnapshot other) {
        return other != null
                && status.phase() == other.status.phase()
                && status.replicas().equals(other.status.replicas())
                && status.message().equals(other.status.message());
    }

    /** Pods as replicas, one per replica name (the newest pod when a replica was recreated), ordered by name. */
    static List<Replica> replicas(ClusterJobKind workload, List<Pod> pods) {
        List<Pod> ordered = new ArrayList<>(pods);
        ordered.sort(
                Comparator.comparing((Pod p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(p -> p.getMetadata().getName()));
        Map<String, Replica> byName = new LinkedHashMap<>();
        int ordinal = 0;
        for (Pod pod : ordered) {
            String name = workload.replicaName(pod, ordinal++);
            byName.put(name, Replica.of(name, pod, workload.primaryContainer()));
        }
        List<Replica> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparing(Replica::name, JobSnapshot::compareNames));
        return out;
    }

    /** {@code worker-2} before {@code worker-10}. */
    static int compareNames(String a, String b) {
        int da = a.lastIndexOf('-');
        int db = b.lastIndexOf('-');
        if (da > 0 && db > 0 && a.substring(0, da).equals(b.substring(0, db))) {
            try {
                return Integer.compare(Integer.parseInt(a.substring(da + 1)), Integer.parseInt(b.substring(db + 1)));
            } catch (NumberFormatException e) {
                // not numbered: by name
            }
        }
        return a.compareTo(b);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> conditions(GenericKubernetesResource job) {
        Object status = job.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> list)) {
            return List.of();
        }
        return list.stream()
                .filter(Map.class::isInstance)
                .map(c -> (Map<String, Object>) c)
                .toList();
    }

    /** Training Operator {@code status.replicaStatuses}: {@code Master: 1 succeeded; Worker: 1 active, 1 failed}. */
    static String replicaCounts(GenericKubernetesResource job) {
        Object status = job.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> map) || !(map.get("replicaStatuses") instanceof Map<?, ?> byRole)) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<?, ?> e : byRole.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> counts)) {
                continue;
            }
            List<String> role = new ArrayList<>();
            for (String key : List.of("active", "succeeded", "failed")) {
                if (counts.get(key) instanceof Number n && n.intValue() > 0) {
                    role.add(n.intValue() + " " + key);
                }
            }
            if (!role.isEmpty()) {
                parts.add(e.getKey() + ": " + String.join(", ", role));
            }
        }
        return String.join("; ", parts);
    }

    private static Map<String, Object> trueCondition(List<Map<String, Object>> conditions, List<String> types) {
        Map<String, Object> found = null;
        for (Map<String, Object> c : conditions) {
            if (types.contains(text(c.get("type"))) && "True".equals(text(c.get("status")))) {
                found = c;
            }
        }
        return found;
    }

    private static String latestMessage(List<Map<String, Object>> conditions) {
        for (int i = conditions.size() - 1; i >= 0; i--) {
            Map<String, Object> c = conditions.get(i);
            if ("True".equals(text(c.get("status")))) {
                return conditionMessage(c);
            }
        }
        return "";
    }

    private static String conditionMessage(Map<String, Object> condition) {
        String message = text(condition.get("message"));
        String reason = text(condition.get("reason"));
        if (message == null || message.isBlank()) {
            return reason == null ? "" : reason;
        }
        return reason == null || message.contains(reason) ? message : reason + ": " + message;
    }

    private static Instant endTime(GenericKubernetesResource job, Map<String, Object> condition) {
        Object status = job.getAdditionalProperties().get("status");
        if (status instanceof Map<?, ?> map && map.get("completionTime") != null) {
            Instant t = Replica.parse(text(map.get("completionTime")));
            if (t != null) {
                return t;
            }
        }
        return Replica.parse(text(condition.get("lastTransitionTime")));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
