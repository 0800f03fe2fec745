package io.jfairing.fairing.serve;

import io.jfairing.fairing.deploy.InvalidJobSpecException;
import io.jfairing.fairing.deploy.KubernetesRules;
import java.util.Map;
import java.util.Set;

/**
 * The rules of KServe's InferenceService webhook ({@code kserve pkg/apis/serving/v1beta1/inference_service_validation.go})
 * that the CRD schema does not carry, and Kubernetes' field rules on what the predictor pod takes; applied in
 * {@link ServingSpec.Builder#build()}. Errors read "field: rule (source)".
 */
final class KServeRules {
    static final String VALIDATION = "kserve pkg/apis/serving/v1beta1/inference_service_validation.go";
    /** Knative's autoscaler class annotation (knative.dev/serving pkg/apis/autoscaling/register.go ClassAnnotationKey). */
    static final String KNATIVE_CLASS = "autoscaling.knative.dev/class";
    /** Knative's HPA class (register.go HPA), with which a Knative service scales on cpu or memory. */
    static final String KNATIVE_HPA = "hpa.autoscaling.knative.dev";
    /** Knative's own autoscaler (register.go KPA): concurrency and rps. */
    static final String KNATIVE_KPA = "kpa.autoscaling.knative.dev";
    /** KServe's autoscaler class in Standard mode (constants.go AutoscalerClass*). */
    static final String KSERVE_AUTOSCALER_CLASS = "serving.kserve.io/autoscalerClass";

    private KServeRules() {}

    /** Annotations jfairing adds for the spec: the HPA class for cpu/memory scaling outside Standard mode. */
    static void addAnnotations(ServingSpec spec, Map<String, String> annotations) {
        boolean standard = spec.deploymentMode().map(DeploymentMode::isStandard).orElse(false);
        boolean hpaMetric = spec.scaleMetric().map(m -> !m.needsServerless()).orElse(false);
        if (!standard && hpaMetric) {
            // inference_service_validation.go validateAutoScalingCompExtension: outside RawDeployment/Standard, the
            // scale metric is checked against the KPA's (concurrency, rps) unless autoscaling.knative.dev/class is HPA
            annotations.putIfAbsent(KNATIVE_CLASS, KNATIVE_HPA);
        }
    }

    static void check(DeploymentMode mode, Map<String, String> annotations, ScaleMetric metric, Integer minReplicas) {
        boolean standard = mode != null && mode.isStandard();
        String knativeClass = annotations.get(KNATIVE_CLASS);
        if (knativeClass != null && !Set.of(KNATIVE_HPA, KNATIVE_KPA).contains(knativeClass)) {
            // knative.dev/serving pkg/apis/autoscaling/annotation_validation.go validateClass: kpa or hpa (or a
            // custom class, which no KServe validation knows)
            throw new InvalidServingSpecException(
                    "annotations[" + KNATIVE_CLASS + "]: '" + knativeClass + "' must be " + KNATIVE_KPA + " or "
                            + KNATIVE_HPA + " (knative serving pkg/apis/autoscaling/annotation_validation.go)");
        }
        if (!standard && metric != null) {
            boolean hpa = KNATIVE_HPA.equals(knativeClass) || (knativeClass == null && !metric.needsServerless());
            if (hpa && metric.needsServerless()) {
                throw new InvalidServingSpecException(
                        "scaleMetric: " + metric.value() + " is the Knative autoscaler's (KPA) metric, "
                                + "but " + KNATIVE_CLASS + " is " + KNATIVE_HPA + ", which scales on cpu or memory ("
                                + VALIDATION + " validateScalingHPACompExtension)");
            }
            if (!hpa && !metric.needsServerless()) {
                throw new InvalidServingSpecException("scaleMetric: " + metric.value() + " in Knative mode needs "
                        + KNATIVE_CLASS
                        + ": " + KNATIVE_HPA + ", not " + knativeClass + "; the KPA scales on concurrency or rps ("
                        + VALIDATION + " validateScalingKPACompExtension)");
            }
            if (hpa && minReplicas != null && minReplicas == 0) {
                // Knative's HPA class does not scale to zero (knative serving
                // pkg/apis/autoscaling/annotation_validation.go:
                // min-scale 0 is only for the KPA)
                throw new InvalidServingSpecException(
                        "minReplicas: 0 (scale to zero) needs the Knative autoscaler (KPA), "
                                + "which scales on concurrency or rps, not on " + metric.value()
                                + " (knative serving pkg/apis/autoscaling/annotation_validation.go)");
            }
        }
        String autoscaler = annotations.get(KSERVE_AUTOSCALER_CLASS);
        if (autoscaler != null && !Set.of("hpa", "external", "none", "keda").contains(autoscaler)) {
            // inference_service_validation.go validateInferenceServiceAutoscaler: hpa, external, none or keda
            throw new InvalidServingSpecException("annotations[" + KSERVE_AUTOSCALER_CLASS + "]: '" + autoscaler
                    + "' must be hpa, external, none or keda (" + VALIDATION + " validateInferenceServiceAutoscaler)");
        }
    }

    /** Kubernetes' field rules on metadata and pod fields, as {@link InvalidServingSpecException}s. */
    static void kubernetes(Runnable check) {
        try {
            check.run();
        } catch (InvalidJobSpecException e) {
            throw new InvalidServingSpecException(e.getMessage());
        }
    }

    static void metadata(Map<String, String> labels, Map<String, String> annotations) {
        kubernetes(() -> {
            KubernetesRules.labels("labels", labels);
            KubernetesRules.annotations("annotations", annotations);
        });
    }
}
