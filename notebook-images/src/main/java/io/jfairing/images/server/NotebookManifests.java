package io.jfairing.images.server;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of a notebook server, as Kubeflow's notebook form makes them: a {@code kubeflow.org/v1}
 * {@code Notebook} whose pod template runs the image with the workspace claim at {@code /home/jovyan} (group 100 owns
 * it), labelled for the PodDefaults it asks for, and the workspace {@code PersistentVolumeClaim}.
 */
public final class NotebookManifests {
    public static final String API_VERSION = "kubeflow.org/v1";
    public static final String KIND = "Notebook";
    /** Kubeflow's annotation for a stopped server (the controller scales it to zero); its value is when. */
    public static final String STOPPED_ANNOTATION = "kubeflow-resource-stopped";

    public static final ResourceDefinitionContext NOTEBOOKS = new ResourceDefinitionContext.Builder()
            .withGroup("kubeflow.org")
            .withVersion("v1")
            .withPlural("notebooks")
            .withKind(KIND)
            .withNamespaced(true)
            .build();
    static final String WORKSPACE_VOLUME = "workspace";
    static final String SHM_VOLUME = "dshm";
    static final String HOME = "/home/jovyan";
    static final long USERS_GROUP = 100;

    private NotebookManifests() {}

    public static GenericKubernetesResource notebook(NotebookServerSpec spec) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        requests.put("cpu", new Quantity(spec.cpuRequest()));
        requests.put("memory", new Quantity(spec.memoryRequest()));
        Map<String, Quantity> limits = new LinkedHashMap<>();
        limits.put("cpu", new Quantity(spec.cpuLimit()));
        limits.put("memory", new Quantity(spec.memoryLimit()));
        if (spec.gpus() > 0) {
            limits.put(spec.gpuResource(), new Quantity(String.valueOf(spec.gpus())));
        }
        List<VolumeMount> mounts = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        mounts.add(new VolumeMountBuilder()
                .withName(WORKSPACE_VOLUME)
                .withMountPath(HOME)
                .build());
        volumes.add(new VolumeBuilder()
                .withName(WORKSPACE_VOLUME)
                .withNewPersistentVolumeClaim()
                .withClaimName(spec.workspaceClaim())
                .endPersistentVolumeClaim()
                .build());
        if (spec.sharedMemory()) {
            mounts.add(new VolumeMountBuilder()
                    .withName(SHM_VOLUME)
                    .withMountPath("/dev/shm")
                    .build());
            volumes.add(new VolumeBuilder()
                    .withName(SHM_VOLUME)
                    .withNewEmptyDir()
                    .withMedium("Memory")
                    .endEmptyDir()
                    .build());
        }
        int i = 0;
        for (DataVolume data : spec.dataVolumes()) {
            String name = "data-" + (i++);
            mounts.add(new VolumeMountBuilder()
                    .withName(name)
                    .withMountPath(data.mountPath())
                    .withReadOnly(data.readOnly() ? true : null)
                    .build());
            volumes.add(new VolumeBuilder()
                    .withName(name)
                    .withNewPersistentVolumeClaim()
                    .withClaimName(data.claimName())
                    .withReadOnly(data.readOnly() ? true : null)
                    .endPersistentVolumeClaim()
                    .build());
        }
        List<EnvFromSource> envFrom = spec.envFromSecrets().stream()
                .map(secret -> new EnvFromSourceBuilder()
                        .withNewSecretRef()
                        .withName(secret)
                        .endSecretRef()
                        .build())
                .toList();
        PodSpec pod = new PodSpecBuilder()
                .withServiceAccountName(spec.serviceAccount())
                .withNewSecurityContext()
                .withFsGroup(USERS_GROUP)
                .endSecurityContext()
                .withContainers(new ContainerBuilder()
                        .withName(spec.name())
                        .withImage(spec.image())
                        .withImagePullPolicy("IfNotPresent")
                        .withResources(new ResourceRequirementsBuilder()
                                .withRequests(requests)
                                .withLimits(limits)
                                .build())
                        .withVolumeMounts(mounts)
                        .withEnvFrom(envFrom.isEmpty() ? null : envFrom)
                        .build())
                .withVolumes(volumes)
                .build();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", spec.name());
        // the controller copies the Notebook's labels to its pods, where PodDefaults select on them (as Kubeflow's UI
        // does)
        labels.putAll(spec.podDefaultLabels());
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withNewMetadata()
                .withName(spec.name())
                .withNamespace(spec.namespace())
                .withLabels(labels)
                .addToAnnotations("notebooks.kubeflow.org/server-type", "jupyter")
                .endMetadata()
                .addToAdditionalProperties(
                        "spec",
                        Map.of(
                                "template",
                                Map.of("spec", Serialization.unmarshal(Serialization.asJson(pod), Map.class))))
                .build();
    }

    public static PersistentVolumeClaim workspace(NotebookServerSpec spec) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(spec.workspaceClaim())
                .withNamespace(spec.namespace())
                .addToLabels("app", spec.name())
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(spec.storageClass())
                .withNewResources()
                .addToRequests("storage", new Quantity(spec.workspaceSize()))
                .endResources()
                .endSpec()
                .build();
    }
}
