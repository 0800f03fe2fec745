package io.jfairing.fairing.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.jfairing.fairing.deploy.CrdSchemaValidator;
import io.jfairing.fairing.deploy.Resources;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** KServe's InferenceService webhook rules, its current mode names and Kubernetes' field rules (issue 15). */
class KServeRulesTest {
    static final String IMAGE = "registry.example.com/iris@sha256:" + "b".repeat(64);
    static final CrdSchemaValidator KSERVE = CrdSchemaValidator.load("serving.kserve.io_inferenceservices.yaml");
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static JsonNode isvc(UnaryOperator<ServingSpec.Builder> apply) {
        GenericKubernetesResource r = new InferenceServiceGenerator()
                .generate(apply.apply(ServingSpec.builder("iris").image(IMAGE)).build());
        assertThat(KSERVE.validate(r)).isEmpty();
        return JSON.valueToTree(r);
    }

    private static void rejected(UnaryOperator<ServingSpec.Builder> apply, String... parts) {
        var t = assertThatThrownBy(() ->
                        apply.apply(ServingSpec.builder("iris").image(IMAGE)).build())
                .isInstanceOf(InvalidServingSpecException.class);
        for (String p : parts) {
            t.hasMessageContaining(p);
        }
    }

    @Test
    void knativeCpuOrMemoryScalingGetsTheHpaClass() {
        for (DeploymentMode mode : new DeploymentMode[] {DeploymentMode.KNATIVE, DeploymentMode.SERVERLESS, null}) {
            JsonNode i = isvc(b -> b.deploymentMode(mode).replicas(1, 4).scale(ScaleMetric.CPU, 70));
            assertThat(i.at("/metadata/annotations/autoscaling.knative.dev~1class")
                            .asText())
                    .isEqualTo("hpa.autoscaling.knative.dev");
        }
        assertThat(isvc(b -> b.deploymentMode(DeploymentMode.KNATIVE).scale(ScaleMetric.MEMORY, 70))
                        .at("/metadata/annotations/autoscaling.knative.dev~1class")
                        .asText())
                .isEqualTo("hpa.autoscaling.knative.dev");
        assertThat(isvc(b -> b.deploymentMode(DeploymentMode.STANDARD).scale(ScaleMetric.CPU, 70))
                        .at("/metadata/annotations")
                        .has("autoscaling.knative.dev/class"))
                .isFalse();
        assertThat(isvc(b -> b.deploymentMode(DeploymentMode.KNATIVE).scale(ScaleMetric.CONCURRENCY, 10))
                        .at("/metadata/annotations")
                        .has("autoscaling.knative.dev/class"))
                .isFalse();
        rejected(
                b -> b.deploymentMode(DeploymentMode.KNATIVE)
                        .annotation("autoscaling.knative.dev/class", "kpa.autoscaling.knative.dev")
                        .scale(ScaleMetric.CPU, 50),
                "scaleMetric: cpu",
                "validateScalingKPACompExtension");
        rejected(
                b -> b.deploymentMode(DeploymentMode.KNATIVE)
                        .annotation("autoscaling.knative.dev/class", "hpa.autoscaling.knative.dev")
                        .scale(ScaleMetric.RPS, 50),
                "scaleMetric: rps",
                "validateScalingHPACompExtension");
        rejected(
                b -> b.annotation("autoscaling.knative.dev/class", "fast"),
                "annotations[autoscaling.knative.dev/class]");
        rejected(
                b -> b.deploymentMode(DeploymentMode.KNATIVE).replicas(0, 3).scale(ScaleMetric.CPU, 50),
                "minReplicas: 0");
        rejected(b -> b.annotation("serving.kserve.io/autoscalerClass", "magic"), "validateInferenceServiceAutoscaler");
    }

    @Test
    void currentModeNamesAndDeprecatedOnesWithAWarning() {
        assertThat(DeploymentMode.parse("standard")).isEqualTo(DeploymentMode.STANDARD);
        assertThat(DeploymentMode.parse("Knative")).isEqualTo(DeploymentMode.KNATIVE);
        assertThat(DeploymentMode.parse("raw").current()).isEqualTo(DeploymentMode.STANDARD);
        assertThat(DeploymentMode.parse("RawDeployment").isStandard()).isTrue();
        assertThat(DeploymentMode.parse("serverless").isKnative()).isTrue();
        assertThatThrownBy(() -> DeploymentMode.parse("modelmesh")).hasMessageContaining("standard or knative");
        assertThat(isvc(b -> b.deploymentMode(DeploymentMode.STANDARD))
                        .at("/metadata/annotations/serving.kserve.io~1deploymentMode")
                        .asText())
                .isEqualTo("Standard");
        assertThat(isvc(b -> b.deploymentMode(DeploymentMode.KNATIVE))
                        .at("/metadata/annotations/serving.kserve.io~1deploymentMode")
                        .asText())
                .isEqualTo("Knative");
        ServingSpec old = ServingSpec.builder("iris")
                .image(IMAGE)
                .deploymentMode(DeploymentMode.parse("serverless"))
                .build();
        assertThat(old.warnings())
                .singleElement()
                .asString()
                .contains("Serverless is deprecated")
                .contains("use Knative");
        assertThat(ServingSpec.builder("iris")
                        .image(IMAGE)
                        .deploymentMode(DeploymentMode.KNATIVE)
                        .build()
                        .warnings())
                .isEmpty();
        ServingSpec annotated = ServingSpec.builder("iris")
                .image(IMAGE)
                .annotation(DeploymentMode.ANNOTATION, "RawDeployment")
                .build();
        assertThat(annotated.deploymentMode()).contains(DeploymentMode.RAW);
        assertThat(annotated.warnings()).hasSize(1);
        rejected(b -> b.annotation(DeploymentMode.ANNOTATION, "Fast"), "annotations[serving.kserve.io/deploymentMode]");
        rejected(
                b -> b.annotation(DeploymentMode.ANNOTATION, "Standard").deploymentMode(DeploymentMode.KNATIVE),
                "contradicts");
        rejected(b -> b.deploymentMode(DeploymentMode.STANDARD).canaryTrafficPercent(10), "canaryTrafficPercent");
        rejected(
                b -> b.deploymentMode(DeploymentMode.STANDARD).scale(ScaleMetric.CONCURRENCY, 10),
                "scaleMetric",
                "needs Serverless");
    }

    @Test
    void rollbackOfAStandardServiceAddsNoCanary() {
        GenericKubernetesResource raw = new InferenceServiceGenerator()
                .generate(ServingSpec.builder("iris")
                        .image(IMAGE)
                        .deploymentMode(DeploymentMode.RAW)
                        .build());
        assertThat(InferenceServiceGenerator.predictor(InferenceServiceGenerator.rollback(raw)))
                .doesNotContainKey("canaryTrafficPercent");
        GenericKubernetesResource standard = new InferenceServiceGenerator()
                .generate(ServingSpec.builder("iris")
                        .image(IMAGE)
                        .deploymentMode(DeploymentMode.STANDARD)
                        .build());
        assertThat(InferenceServiceGenerator.predictor(InferenceServiceGenerator.rollback(standard)))
                .doesNotContainKey("canaryTrafficPercent");
        GenericKubernetesResource knative = new InferenceServiceGenerator()
                .generate(ServingSpec.builder("iris")
                        .image(IMAGE)
                        .deploymentMode(DeploymentMode.KNATIVE)
                        .canaryTrafficPercent(10)
                        .build());
        assertThat(InferenceServiceGenerator.predictor(InferenceServiceGenerator.rollback(knative)))
                .containsEntry("canaryTrafficPercent", 0);
    }

    @Test
    void kubernetesFieldRules() {
        rejected(b -> b.label("team", "has spaces!"), "labels[team]", "IsValidLabelValue");
        rejected(b -> b.annotation("not ok", "x"), "annotations[not ok]");
        rejected(
                b -> b.resources(Resources.none().limit(Resources.GPU, "0.5")),
                "resources.limits.nvidia.com/gpu",
                "whole number");
        rejected(b -> b.resources(Resources.none().request(Resources.GPU, "1")), "is required");
        rejected(b -> b.serviceAccount("Bad SA"), "service account");
        rejected(b -> b.namespace("Team_A"), "namespace");
        isvc(b -> b.resources(Resources.none().gpus(1).cpu("1", "2"))
                .label("team", "ml")
                .namespace("team-a"));
    }
}
