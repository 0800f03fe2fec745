package io.jfairing.fairing.serve;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.jfairing.fairing.deploy.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The serving container and its volumes, shared by the InferenceService and the Deployment generators. */
final class ServingPods {
    static final String CONTAINER = "kserve-container";
    static final int PORT = 8080;
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String COMPONENT_LABEL = "app.kubernetes.io/component";

    private ServingPods() {}

    static Container container(ServingSpec spec, ModelLocation location) {
        String image = spec.image()
                .orElseThrow(() -> new InvalidServingSpecException("an image is required to deploy " + spec.name()
                        + " (build one with Fairing.notebook(...).serving())"));
        Map<String, String> all = new LinkedHashMap<>(spec.env());
        all.putAll(spec.serverEnvironment());
        all.putAll(location.env());
        List<EnvVar> env = new ArrayList<>();
        all.forEach(
                (k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
        ContainerBuilder c = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image)
                .withEnv(env)
                .addNewPort()
                .withName("http1")
                .withContainerPort(PORT)
                .withProtocol("TCP")
                .endPort()
                .withReadinessProbe(probe("/v2/health/ready", 1))
                .withLivenessProbe(probe("/v2/health/live", 10));
        if (!spec.secretEnv().isEmpty()) {
            c.withEnvFrom(spec.secretEnv().stream()
                    .map(s -> new EnvFromSourceBuilder()
                            .withNewSecretRef()
                            .withName(s)
                            .endSecretRef()
                            .build())
                    .toList());
        }
        Resources r = spec.resources();
        if (!r.isEmpty()) {
            ResourceRequirementsBuilder rb = new ResourceRequirementsBuilder();
            Map<String, Quantity> requests = quantities(r.requests(), r.gpus());
            Map<String, Quantity> limits = quantities(r.limits(), r.gpus());
            if (!requests.isEmpty()) {
                rb.withRequests(requests);
            }
            if (!limits.isEmpty()) {
                rb.withLimits(limits);
            }
            c.withResources(rb.build());
        }
        location.claim()
                .ifPresent(claim -> c.addToVolumeMounts(new VolumeMountBuilder()
                        .withName(volumeName(claim))
                        .withMountPath(location.mountPath())
                        .withReadOnly(true)
                        .build()));
        return c.build();
    }

    static List<Volume> volumes(ModelLocation location) {
        return location.claim()
                .map(claim -> List.of(new VolumeBuilder()
                        .withName(volumeName(claim))
                        .withNewPersistentVolumeClaim()
                        .withClaimName(claim)
                        .withReadOnly(true)
                        .endPersistentVolumeClaim()
                        .build()))
                .orElse(List.of());
    }

    static Map<String, String> labels(ServingSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.putIfAbsent(MANAGED_BY, "jfairing");
        return labels;
    }

    private static String volumeName(String claim) {
        return io.jfairing.fairing.deploy.ResourceNames.valid("model-" + claim);
    }

    private static Probe probe(String path, int period) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString(PORT))
                .endHttpGet()
                .withPeriodSeconds(period)
                .build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values, int gpus) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, new Quantity(v)));
        if (gpus > 0) {
            out.put(Resources.GPU, new Quantity(Integer.toString(gpus)));
        }
        return out;
    }
}
