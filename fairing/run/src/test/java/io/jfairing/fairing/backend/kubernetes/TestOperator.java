package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jfairing.fairing.deploy.CrdManifests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plays the parts of a cluster that the mock API server lacks: installs CRDs from {@code ../shared/crds}, and acts as
 * the job's operator and the kubelet: creates pods with the operator's labels, moves them
 * Pending -> Running -> Succeeded/Failed with container states, and sets the job's conditions.
 */
final class TestOperator {
    private final KubernetesClient client;
    private final String namespace;
    private Instant clock = Instant.parse("2026-01-01T10:00:00Z");

    TestOperator(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Registers CRDs from {@code ../shared/crds} (file names such as {@code kubeflow.org_pytorchjobs.yaml}). */
    void installCrds(String... files) throws IOException {
        for (String file : files) {
            try (InputStream in = Files.newInputStream(CrdManifests.folder().resolve(file))) {
                CustomResourceDefinition crd =
                        client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(crd)
                        .create();
            }
        }
    }

    /** Creates a pod as the Training Operator does: {@code <job>-<role>-<index>} with its labels, Pending. */
    Pod trainingPod(String job, String role, int index, String container) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ClusterJobKind.TRAINING_JOB_NAME, job);
        labels.put(ClusterJobKind.TRAINING_REPLICA_TYPE, role.toLowerCase(Locale.ROOT));
        labels.put(ClusterJobKind.TRAINING_REPLICA_INDEX, Integer.toString(index));
        labels.put("training.kubeflow.org/operator-name", "pytorchjob-controller");
        if (role.equalsIgnoreCase("master")) {
            labels.put("training.kubeflow.org/job-role", "master");
        }
        labels.put("app.kubernetes.io/managed-by", "jfairing");
        return pod(job + "-" + role.toLowerCase(Locale.ROOT) + "-" + index, labels, container);
    }

    /** Creates a pod as the Job controller does: a random suffix, {@code job-name} labels, Pending. */
    Pod batchPod(String job, String suffix) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("job-name", job);
        labels.put(ClusterJobKind.BATCH_JOB_NAME, job);
        labels.put("app.kubernetes.io/managed-by", "jfairing");
        return pod(job + "-" + suffix, labels, "main");
    }

    Pod pod(String name, Map<String, String> labels, String container) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withCreationTimestamp(tick().toString())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(container)
                .withImage("127.0.0.1:5000/train:1")
                .endContainer()
                .withRestartPolicy("Never")
                .endSpec()
                .withNewStatus()
                .withPhase("Pending")
                .withContainerStatuses(waitingStatus(container, "ContainerCreating", null))
                .endStatus()
                .build();
        return client.pods().inNamespace(namespace).resource(pod).create();
    }

    void running(String pod) {
        edit(pod, p -> {
            String c = p.getSpec().getContainers().get(0).getName();
            p.getStatus().setPhase("Running");
            p.getStatus()
                    .setConditions(List.of(new PodConditionBuilder()
                            .withType("Ready")
                            .withStatus("True")
                            .build()));
            p.getStatus()
                    .setContainerStatuses(List.of(new ContainerStatusBuilder()
                            .withName(c)
                            .withReady(true)
                            .withState(new ContainerStateBuilder()
                                    .withNewRunning()
                                    .withStartedAt(tick().toString())
                                    .endRunning()
                                    .build())
                            .build()));
        });
    }

    void succeeded(String pod) {
        terminated(pod, "Succeeded", 0, "Completed");
    }

    void failed(String pod, int exitCode, String reason) {
        terminated(pod, "Failed", exitCode, reason);
    }

    private void terminated(String pod, String phase, int exitCode, String reason) {
        edit(pod, p -> {
            String c = p.getSpec().getContainers().get(0).getName();
            p.getStatus().setPhase(phase);
            p.getStatus()
                    .setConditions(List.of(new PodConditionBuilder()
                            .withType("Ready")
                            .withStatus("False")
                            .build()));
            p.getStatus()
                    .setContainerStatuses(List.of(new ContainerStatusBuilder()
                            .withName(c)
                            .withReady(false)
                            .withState(new ContainerStateBuilder()
                                    .withNewTerminated()
                                    .withExitCode(exitCode)
                                    .withReason(reason)
                                    .withFinishedAt(tick().toString())
                                    .endTerminated()
                                    .build())
                            .build()));
        });
    }

    /** The kubelet cannot start the container: ImagePullBackOff, CreateContainerConfigError... */
    void waiting(String pod, String reason, String message) {
        edit(pod, p -> {
            String c = p.getSpec().getContainers().get(0).getName();
            p.getStatus().setContainerStatuses(List.of(waitingStatus(c, reason, message)));
        });
    }

    /** The scheduler found no node. */
    void unschedulable(String pod, String message) {
        edit(
                pod,
                p -> p.getStatus()
                        .setConditions(List.of(new PodConditionBuilder()
                                .withType("PodScheduled")
                                .withStatus("False")
                                .withReason("Unschedulable")
                                .withMessage(message)
                                .build())));
    }

    private static ContainerStatus waitingStatus(String container, String reason, String message) {
        return new ContainerStatusBuilder()
                .withName(container)
                .withReady(false)
                .withState(new ContainerStateBuilder()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage(message)
                        .endWaiting()
                        .build())
                .build();
    }

    private void edit(String pod, java.util.function.Consumer<Pod> change) {
        client.pods().inNamespace(namespace).withName(pod).edit(p -> {
            change.accept(p);
            return p;
        });
    }

    /**
     * Sets the job's condition {@code type} to True (the others of the same family to False), as the operator does;
     * {@code extra} status fields too (completionTime, replicaStatuses).
     */
    @SuppressWarnings("unchecked")
    void condition(
            ResourceDefinitionContext kind,
            String job,
            String type,
            String reason,
            String message,
            Map<String, Object> extra) {
        // through the status subresource, as an operator writes it (the CRDs declare one: a plain update ignores
        // status)
        client.genericKubernetesResources(kind)
                .inNamespace(namespace)
                .withName(job)
                .editStatus(r -> {
                    Map<String, Object> status = (Map<String, Object>) r.getAdditionalProperties()
                            .computeIfAbsent("status", k -> new LinkedHashMap<String, Object>());
                    List<Map<String, Object>> conditions =
                            new ArrayList<>((List<Map<String, Object>>) status.getOrDefault("conditions", List.of()));
                    List<Map<String, Object>> updated = new ArrayList<>();
                    for (Map<String, Object> c : conditions) {
                        Map<String, Object> copy = new LinkedHashMap<>(c);
                        if (!type.equals(c.get("type"))
                                && List.of("Running", "Restarting").contains(c.get("type"))) {
                            copy.put("status", "False");
                        }
                        if (!type.equals(c.get("type"))) {
                            updated.add(copy);
                        }
                    }
                    Map<String, Object> condition = new LinkedHashMap<>();
                    condition.put("type", type);
                    condition.put("status", "True");
                    condition.put("reason", reason);
                    condition.put("message", message);
                    condition.put("lastTransitionTime", tick().toString());
                    updated.add(condition);
                    status.put("conditions", updated);
                    status.putAll(extra);
                    return r;
                });
    }

    GenericKubernetesResource get(ResourceDefinitionContext kind, String name) {
        return client.genericKubernetesResources(kind)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private synchronized Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }
}
