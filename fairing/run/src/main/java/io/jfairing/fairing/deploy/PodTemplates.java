package io.jfairing.fairing.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The typed pieces every generator shares: metadata, the pod template of a role, conversion to plain maps. */
final class PodTemplates {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PodTemplates() {}

    static ObjectMeta metadata(JobSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.putIfAbsent(MANAGED_BY, "jfairing");
        ObjectMetaBuilder b = new ObjectMetaBuilder().withName(spec.name()).withLabels(labels);
        if (spec.namespace() != null) {
            b.withNamespace(spec.namespace());
        }
        if (!spec.annotations().isEmpty()) {
            b.withAnnotations(new LinkedHashMap<>(spec.annotations()));
        }
        return b.build();
    }

    /** The pod template of one role ({@code role} null for single-template kinds), mutators applied. */
    static PodTemplateSpec template(JobSpec spec, JobKind kind, Role role, Map<String, String> extraEnv) {
        ContainerBuilder c =
                new ContainerBuilder().withName(spec.containerName(kind)).withImage(spec.image());
        if (!spec.command().isEmpty()) {
            c.withCommand(new ArrayList<>(spec.command()));
        }
        if (!spec.args().isEmpty()) {
            c.withArgs(new ArrayList<>(spec.args()));
        }
        List<EnvVar> env = envVars(spec, extraEnv);
        if (!env.isEmpty()) {
            c.withEnv(env);
        }
        List<EnvFromSource> envFrom = new ArrayList<>();
        spec.secretEnv()
                .forEach(s -> envFrom.add(new EnvFromSourceBuilder()
                        .withNewSecretRef()
                        .withName(s)
                        .endSecretRef()
                        .build()));
        spec.configMapEnv()
                .forEach(s -> envFrom.add(new EnvFromSourceBuilder()
                        .withNewConfigMapRef()
                        .withName(s)
                        .endConfigMapRef()
                        .build()));
        if (!envFrom.isEmpty()) {
            c.withEnvFrom(envFrom);
        }
        Resources resources = spec.resources(role);
        if (!resources.isEmpty()) {
            c.withResources(requirements(resources));
        }
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        int i = 0;
        for (Mount m : spec.mounts()) {
            String volumeName = ResourceNames.valid(switch (m.source()) {
                        case PERSISTENT_VOLUME_CLAIM -> "pvc-";
                        case SECRET -> "secret-";
                        case CONFIG_MAP -> "config-";
                    }
                    + m.name() + "-" + i++);
            VolumeBuilder v = new VolumeBuilder().withName(volumeName);
            switch (m.source()) {
                case PERSISTENT_VOLUME_CLAIM ->
                    v.withNewPersistentVolumeClaim()
                            .withClaimName(m.name())
                            .withReadOnly(m.readOnly() ? true : null)
                            .endPersistentVolumeClaim();
                case SECRET -> v.withNewSecret().withSecretName(m.name()).endSecret();
                case CONFIG_MAP -> v.withNewConfigMap().withName(m.name()).endConfigMap();
            }
            volumes.add(v.build());
            mounts.add(new VolumeMountBuilder()
                    .withName(volumeName)
                    .withMountPath(m.mountPath())
                    .withReadOnly(m.readOnly() ? true : null)
                    .build());
        }
        if (!mounts.isEmpty()) {
            c.withVolumeMounts(mounts);
        }
        PodSpecBuilder pod = new PodSpecBuilder().withContainers(c.build()).withRestartPolicy("Never");
        if (!volumes.isEmpty()) {
            pod.withVolumes(volumes);
        }
        if (!spec.nodeSelector().isEmpty()) {
            pod.withNodeSelector(new LinkedHashMap<>(spec.nodeSelector()));
        }
        if (!spec.tolerations().isEmpty()) {
            pod.withTolerations(spec.tolerations());
        }
        if (spec.serviceAccount() != null) {
            pod.withServiceAccountName(spec.serviceAccount());
        }
        if (!spec.imagePullSecrets().isEmpty()) {
            pod.withImagePullSecrets(spec.imagePullSecrets().stream()
                    .map(LocalObjectReference::new)
                    .toList());
        }
        ObjectMetaBuilder meta = new ObjectMetaBuilder();
        if (!spec.labels().isEmpty()) {
            meta.withLabels(new LinkedHashMap<>(spec.labels()));
        }
        if (!spec.annotations().isEmpty()) {
            meta.withAnnotations(new LinkedHashMap<>(spec.annotations()));
        }
        PodTemplateSpec template = new PodTemplateSpecBuilder()
                .withMetadata(meta.build())
                .withSpec(pod.build())
                .build();
        for (PodSpecMutator mutator : spec.mutators()) {
            mutator.mutate(template, role);
        }
        return template;
    }

    static List<EnvVar> envVars(JobSpec spec, Map<String, String> extraEnv) {
        Map<String, String> all = new LinkedHashMap<>(spec.env());
        all.putAll(extraEnv);
        List<EnvVar> env = new ArrayList<>();
        all.forEach(
                (k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
        return env;
    }

    static ResourceRequirements requirements(Resources resources) {
        ResourceRequirementsBuilder r = new ResourceRequirementsBuilder();
        if (!resources.requestQuantities().isEmpty()) {
            r.withRequests(resources.requestQuantities());
        }
        if (!resources.limitQuantities().isEmpty()) {
            r.withLimits(resources.limitQuantities());
        }
        return r.build();
    }

    /** A fabric8 model object as the plain map its JSON would be (for the custom resources' specs). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(Object model) {
        return MAPPER.convertValue(model, LinkedHashMap.class);
    }

    static Map<String, Object> runPolicy(RunPolicy policy) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (policy.cleanPodPolicy() != null)
            out.put("cleanPodPolicy", policy.cleanPodPolicy().value());
        if (policy.ttlSecondsAfterFinished() != null)
            out.put("ttlSecondsAfterFinished", policy.ttlSecondsAfterFinished());
        if (policy.activeDeadlineSeconds() != null) out.put("activeDeadlineSeconds", policy.activeDeadlineSeconds());
        if (policy.backoffLimit() != null) out.put("backoffLimit", policy.backoffLimit());
        return out;
    }
}
