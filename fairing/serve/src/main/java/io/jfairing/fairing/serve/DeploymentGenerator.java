package io.jfairing.fairing.serve;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KServe-free serving: a {@code Deployment} of the serving image (probes on the V2 health endpoints), a
 * {@code Service} on port 80, and, when max replicas exceed min replicas, a {@code HorizontalPodAutoscaler} on cpu or
 * memory. No canary, no scale to zero, no storage initializer (those need KServe). Pure: nothing is created.
 */
public final class DeploymentGenerator {
    public static final int SERVICE_PORT = 80;

    /** The Deployment, the Service, then the HPA if any. */
    public List<HasMetadata> generate(ServingSpec spec) {
        if (spec.canaryTrafficPercent().isPresent()) {
            throw new InvalidServingSpecException(
                    "canary traffic needs KServe (an InferenceService in Serverless mode)");
        }
        if (spec.scaleMetric().map(ScaleMetric::needsServerless).orElse(false)) {
            throw new InvalidServingSpecException(
                    "scaling on " + spec.scaleMetric().get().value()
                            + " needs KServe Serverless; a Deployment scales on cpu or memory");
        }
        if (spec.minReplicas().orElse(1) == 0) {
            throw new InvalidServingSpecException("scale to zero needs KServe Serverless");
        }
        ModelLocation location = ModelLocation.of(spec, false);
        Map<String, String> selector =
                Map.of(ServingPods.NAME_LABEL, spec.name(), ServingPods.COMPONENT_LABEL, "predictor");
        Map<String, String> podLabels = new LinkedHashMap<>(ServingPods.labels(spec));
        podLabels.putAll(selector);
        PodSpecBuilder pod = new PodSpecBuilder()
                .withContainers(ServingPods.container(spec, location))
                .withVolumes(ServingPods.volumes(location));
        spec.serviceAccount().ifPresent(pod::withServiceAccountName);
        spec.imagePullSecrets().forEach(s -> pod.addNewImagePullSecret(s));
        spec.terminationGraceSeconds().ifPresent(s -> pod.withTerminationGracePeriodSeconds(s.longValue()));
        int replicas = spec.minReplicas().orElse(1);
        Deployment deployment = new DeploymentBuilder()
                .withMetadata(meta(spec, podLabels))
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .withMatchLabels(selector)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(podLabels)
                .withAnnotations(spec.annotations().isEmpty() ? null : new LinkedHashMap<>(spec.annotations()))
                .endMetadata()
                .withSpec(pod.build())
                .endTemplate()
                .endSpec()
                .build();
        Service service = new ServiceBuilder()
                .withMetadata(meta(spec, podLabels))
                .withNewSpec()
                .withSelector(selector)
                .addNewPort()
                .withName("http")
                .withPort(SERVICE_PORT)
                .withTargetPort(new IntOrString(ServingPods.PORT))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
        List<HasMetadata> out = new ArrayList<>(List.of(deployment, service));
        int max = spec.maxReplicas().orElse(replicas);
        if (max > replicas || spec.scaleMetric().isPresent()) {
            ScaleMetric metric = spec.scaleMetric().orElse(ScaleMetric.CPU);
            int target = spec.scaleTarget().orElse(80);
            HorizontalPodAutoscaler hpa = new HorizontalPodAutoscalerBuilder()
                    .withMetadata(meta(spec, podLabels))
                    .withNewSpec()
                    .withMinReplicas(replicas)
                    .withMaxReplicas(Math.max(max, replicas))
                    .withNewScaleTargetRef()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withName(spec.name())
                    .endScaleTargetRef()
                    .addNewMetric()
                    .withType("Resource")
                    .withNewResource()
                    .withName(metric.value())
                    .withNewTarget()
                    .withType("Utilization")
                    .withAverageUtilization(target)
                    .endTarget()
                    .endResource()
                    .endMetric()
                    .endSpec()
                    .build();
            out.add(hpa);
        }
        return out;
    }

    private static ObjectMeta meta(ServingSpec spec, Map<String, String> labels) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(spec.name()).withLabels(new LinkedHashMap<>(labels));
        spec.namespace().ifPresent(meta::withNamespace);
        if (!spec.annotations().isEmpty()) {
            meta.withAnnotations(new LinkedHashMap<>(spec.annotations()));
        }
        return meta.build();
    }
}
