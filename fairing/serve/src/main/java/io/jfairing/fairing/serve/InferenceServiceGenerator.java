package io.jfairing.fairing.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A KServe {@code InferenceService} (serving.kserve.io/v1beta1) for a {@link ServingSpec}: a custom predictor whose
 * container {@code kserve-container} runs the serving image on port 8080, with replicas, autoscaling, canary traffic and
 * the deployment mode annotation. Pure: nothing is created.
 *
 * <p>Canary rollouts follow KServe: deploying a changed spec with {@code canaryTrafficPercent} N sends N% to the new
 * revision and the rest to the previous one; {@link #promote} removes the field (all traffic to the new revision),
 * {@link #rollback} sets it to 0 (all traffic back to the previous one).
 */
public final class InferenceServiceGenerator {
    public static final String API_VERSION = "serving.kserve.io/v1beta1";
    public static final String KIND = "InferenceService";
    public static final String GROUP = "serving.kserve.io";
    public static final String PLURAL = "inferenceservices";
    /** The label KServe puts on the pods of an InferenceService. */
    public static final String POD_LABEL = "serving.kserve.io/inferenceservice";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public GenericKubernetesResource generate(ServingSpec spec) {
        ModelLocation location = ModelLocation.of(spec, true);
        Map<String, String> annotations = new LinkedHashMap<>(spec.annotations());
        spec.deploymentMode().ifPresent(mode -> annotations.put(DeploymentMode.ANNOTATION, mode.value()));
        KServeRules.addAnnotations(spec, annotations);
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(spec.name()).withLabels(ServingPods.labels(spec));
        spec.namespace().ifPresent(meta::withNamespace);
        if (!annotations.isEmpty()) {
            meta.withAnnotations(annotations);
        }
        Map<String, Object> predictor = new LinkedHashMap<>();
        spec.minReplicas().ifPresent(n -> predictor.put("minReplicas", n));
        spec.maxReplicas().ifPresent(n -> predictor.put("maxReplicas", n));
        spec.scaleMetric().ifPresent(m -> predictor.put("scaleMetric", m.value()));
        spec.scaleTarget().ifPresent(t -> predictor.put("scaleTarget", t));
        spec.canaryTrafficPercent().ifPresent(p -> predictor.put("canaryTrafficPercent", p));
        spec.serviceAccount().ifPresent(a -> predictor.put("serviceAccountName", a));
        if (!spec.imagePullSecrets().isEmpty()) {
            predictor.put(
                    "imagePullSecrets",
                    spec.imagePullSecrets().stream().map(s -> Map.of("name", s)).toList());
        }
        spec.terminationGraceSeconds().ifPresent(s -> predictor.put("terminationGracePeriodSeconds", s));
        if (!spec.labels().isEmpty()) {
            predictor.put("labels", new LinkedHashMap<>(spec.labels()));
        }
        List<?> volumes = ServingPods.volumes(location);
        if (!volumes.isEmpty()) {
            predictor.put(
                    "volumes",
                    volumes.stream().map(InferenceServiceGenerator::toMap).toList());
        }
        predictor.put("containers", List.of(toMap(ServingPods.container(spec, location))));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withMetadata(meta.build())
                .addToAdditionalProperties("spec", Map.of("predictor", predictor))
                .build();
    }

    /** The service with its canary promoted: the new revision takes all traffic ({@code canaryTrafficPercent} removed). */
    public static GenericKubernetesResource promote(GenericKubernetesResource service) {
        GenericKubernetesResource copy = copy(service);
        predictor(copy).remove("canaryTrafficPercent");
        return copy;
    }

    /**
     * The service rolled back: the previous revision takes all traffic ({@code canaryTrafficPercent: 0}).
     *
     * A Standard (RawDeployment) service has no revisions and no canary: it comes back unchanged, without
     * {@code canaryTrafficPercent} (KServe's Standard mode has none; {@code KubernetesServingBackend}'s
     * {@code rollback()} refuses it with a message).
     */
    public static GenericKubernetesResource rollback(GenericKubernetesResource service) {
        GenericKubernetesResource copy = copy(service);
        if (isStandard(service)) {
            return copy;
        }
        predictor(copy).put("canaryTrafficPercent", 0);
        return copy;
    }

    /** True when the service's deployment mode annotation is Standard or RawDeployment. */
    static boolean isStandard(GenericKubernetesResource service) {
        Map<String, String> annotations =
                service.getMetadata() == null ? null : service.getMetadata().getAnnotations();
        String mode = annotations == null ? null : annotations.get(DeploymentMode.ANNOTATION);
        if (mode == null) {
            return false;
        }
        try {
            return DeploymentMode.parse(mode).isStandard();
        } catch (InvalidServingSpecException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> predictor(GenericKubernetesResource service) {
        Object spec = service.getAdditionalProperties().get("spec");
        if (!(spec instanceof Map) || !(((Map<String, Object>) spec).get("predictor") instanceof Map)) {
            throw new IllegalArgumentException("not an InferenceService with a predictor: "
                    + service.getMetadata().getName());
        }
        return (Map<String, Object>) ((Map<String, Object>) spec).get("predictor");
    }

    private static GenericKubernetesResource copy(GenericKubernetesResource service) {
        return MAPPER.convertValue(service, GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(Object model) {
        return MAPPER.convertValue(model, LinkedHashMap.class);
    }
}
