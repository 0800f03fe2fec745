package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.ReplicaStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One pod of a job as a replica: its phase from the pod, exit code and reason from its primary container (waiting
 * reasons such as {@code ImagePullBackOff} and {@code CrashLoopBackOff}, terminated ones such as {@code OOMKilled}), or
 * {@code Unschedulable} from the pod's conditions.
 *
 * @param detail     the runtime's message with the reason ({@code Back-off pulling image "x"}); empty when none
 * @param container  the container whose state and logs are the replica's
 * @param finishedAt when the container terminated; null while it has not
 */
record Replica(String name, Pod pod, String container, ReplicaStatus status, String detail, Instant finishedAt) {
    /** Waiting reasons that do not clear up by waiting: the image or the pod's configuration is wrong. */
    static final Set<String> STUCK_REASONS = Set.of(
            "ImagePullBackOff",
            "ErrImagePull",
            "InvalidImageName",
            "ErrImageNeverPull",
            "CreateContainerConfigError",
            "CreateContainerError");

    private static final Set<String> ROUTINE_REASONS = Set.of("ContainerCreating", "PodInitializing");

    static Replica of(String name, Pod pod, String primaryContainer) {
        ContainerStatus cs = containerStatus(pod, primaryContainer);
        String container = cs != null
                ? cs.getName()
                : pod.getSpec() != null && !pod.getSpec().getContainers().isEmpty()
                        ? containerName(pod, primaryContainer)
                        : primaryContainer;
        String podPhase = pod.getStatus() == null || pod.getStatus().getPhase() == null
                ? "Pending"
                : pod.getStatus().getPhase();
        JobPhase phase = switch (podPhase) {
            case "Running" -> JobPhase.RUNNING;
            case "Succeeded" -> JobPhase.SUCCEEDED;
            case "Failed" -> JobPhase.FAILED;
            default -> JobPhase.PENDING;
        };
        Integer exitCode = null;
        String reason = null;
        String detail = "";
        Instant finishedAt = null;
        if (cs != null && cs.getState() != null) {
            ContainerStateWaiting waiting = cs.getState().getWaiting();
            ContainerStateTerminated terminated = cs.getState().getTerminated();
            if (terminated != null) {
                exitCode = terminated.getExitCode();
                finishedAt = parse(terminated.getFinishedAt());
                if (exitCode != null && exitCode != 0) {
                    reason = terminated.getReason() == null ? "Error" : terminated.getReason();
                    detail = terminated.getMessage() == null ? "" : terminated.getMessage();
                    if (phase != JobPhase.FAILED
                            && (pod.getSpec() == null
                                    || "Never".equals(pod.getSpec().getRestartPolicy()))) {
                        phase = JobPhase.FAILED;
                    }
                }
            } else if (waiting != null
                    && waiting.getReason() != null
                    && !ROUTINE_REASONS.contains(waiting.getReason())) {
                reason = waiting.getReason();
                detail = waiting.getMessage() == null ? "" : waiting.getMessage();
                ContainerStateTerminated last =
                        cs.getLastState() == null ? null : cs.getLastState().getTerminated();
                if (last != null) {
                    exitCode = last.getExitCode();
                    if (last.getReason() != null && !"Error".equals(last.getReason())) {
                        detail = (detail.isEmpty() ? "" : detail + "; ") + "last exit: " + last.getReason();
                    }
                }
            }
        }
        if (reason == null && phase == JobPhase.PENDING) {
            PodCondition scheduled = condition(pod, "PodScheduled");
            if (scheduled != null
                    && "False".equals(scheduled.getStatus())
                    && "Unschedulable".equals(scheduled.getReason())) {
                reason = "Unschedulable";
                detail = scheduled.getMessage() == null ? "" : scheduled.getMessage();
            }
        }
        if (reason == null
                && phase == JobPhase.FAILED
                && pod.getStatus() != null
                && pod.getStatus().getReason() != null) {
            reason = pod.getStatus().getReason();
            detail = pod.getStatus().getMessage() == null ? "" : pod.getStatus().getMessage();
        }
        return new Replica(name, pod, container, new ReplicaStatus(name, phase, exitCode, reason), detail, finishedAt);
    }

    /** The container has run (logs can be read): running now or terminated. */
    boolean started() {
        ContainerStatus cs = containerStatus(pod, container);
        return cs != null
                && cs.getState() != null
                && (cs.getState().getRunning() != null || cs.getState().getTerminated() != null);
    }

    /** The container ended and will not be restarted in this pod. */
    boolean ended() {
        return status.phase().isTerminal();
    }

    /** Stuck on something that waiting will not fix (see {@link #STUCK_REASONS}). */
    boolean stuck() {
        return status.phase() == JobPhase.PENDING && status.reason() != null && STUCK_REASONS.contains(status.reason());
    }

    /** {@code worker-1: ImagePullBackOff (Back-off pulling image "x")}, or {@code worker-1 exited with 137 (OOMKilled)}. */
    String problem() {
        ReplicaStatus s = status;
        if (s.reason() == null) {
            return s.exitCode() != null && s.exitCode() != 0 ? name + " exited with " + s.exitCode() : "";
        }
        if (s.phase() == JobPhase.FAILED && s.exitCode() != null) {
            return name + " exited with " + s.exitCode() + " (" + s.reason() + ")"
                    + (detail.isEmpty() ? "" : ": " + detail);
        }
        return name + ": " + s.reason() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    String podName() {
        return pod.getMetadata().getName();
    }

    static ContainerStatus containerStatus(Pod pod, String container) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        List<ContainerStatus> all = pod.getStatus().getContainerStatuses();
        return all.stream()
                .filter(c -> container.equals(c.getName()))
                .findFirst()
                .orElse(all.isEmpty() ? null : all.get(0));
    }

    private static String containerName(Pod pod, String primary) {
        return pod.getSpec().getContainers().stream()
                .map(c -> c.getName())
                .filter(primary::equals)
                .findFirst()
                .orElse(pod.getSpec().getContainers().get(0).getName());
    }

    private static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }

    static Instant parse(String time) {
        if (time == null || time.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
