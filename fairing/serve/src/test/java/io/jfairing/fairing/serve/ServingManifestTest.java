package io.jfairing.fairing.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.jfairing.fairing.deploy.CrdSchemaValidator;
import io.jfairing.fairing.deploy.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** InferenceServices for many option combinations validate against KServe's CRD; Deployments carry the same pod. */
class ServingManifestTest {
    static final String IMAGE = "127.0.0.1:5000/jfairing/iris@sha256:" + "b".repeat(64);
    static final CrdSchemaValidator KSERVE = CrdSchemaValidator.load("serving.kserve.io_inferenceservices.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, UnaryOperator<ServingSpec.Builder>> options() {
        Map<String, UnaryOperator<ServingSpec.Builder>> o = new LinkedHashMap<>();
        o.put("minimal", b -> b);
        o.put("model name and predictor", b -> b.modelName("iris-v2").predictor("Iris"));
        o.put("http model", b -> b.modelUri("https://models.example.com/iris/v3/weights.txt"));
        o.put("pvc model", b -> b.modelUri("pvc://models/iris/v3"));
        o.put("s3 model", b -> b.modelUri("s3://bucket/iris/v3"));
        o.put("path in the image", b -> b.modelUri("/app/work/weights.txt"));
        o.put(
                "cpu and memory",
                b -> b.resources(Resources.none().cpu("500m", "2").memory("512Mi", "4Gi")));
        o.put("gpus", b -> b.resources(Resources.none().cpu("4").memory("16Gi").gpus(1)));
        o.put(
                "env and secret env",
                b -> b.env("LOG_LEVEL", "debug").env("THREADS", "4").secretEnv("s3-creds"));
        o.put("replicas", b -> b.replicas(2, 6));
        o.put("cpu autoscaling", b -> b.replicas(1, 4).scale(ScaleMetric.CPU, 70));
        o.put(
                "memory autoscaling raw",
                b -> b.deploymentMode(DeploymentMode.RAW).replicas(1, 3).scale(ScaleMetric.MEMORY, 80));
        o.put(
                "concurrency serverless",
                b -> b.deploymentMode(DeploymentMode.SERVERLESS).replicas(0, 10).scale(ScaleMetric.CONCURRENCY, 5));
        o.put("rps serverless", b -> b.deploymentMode(DeploymentMode.SERVERLESS).scale(ScaleMetric.RPS, 100));
        o.put("canary", b -> b.deploymentMode(DeploymentMode.SERVERLESS).canaryTrafficPercent(10));
        o.put("canary zero", b -> b.deploymentMode(DeploymentMode.SERVERLESS).canaryTrafficPercent(0));
        o.put("raw mode", b -> b.deploymentMode(DeploymentMode.RAW));
        o.put(
                "service account and pull secrets",
                b -> b.serviceAccount("predictor").imagePullSecret("registry").imagePullSecret("other"));
        o.put("labels and annotations", b -> b.label("team", "ml").annotation("sidecar.istio.io/inject", "false"));
        o.put("grace", b -> b.terminationGraceSeconds(45));
        o.put("namespace and odd name", b -> b);
        o.put(
                "everything serverless",
                b -> b.modelName("iris")
                        .predictor("Iris")
                        .modelUri("pvc://models/iris")
                        .resources(Resources.none().cpu("1", "2").memory("1Gi", "2Gi"))
                        .env("A", "1")
                        .secretEnv("s")
                        .replicas(0, 5)
                        .scale(ScaleMetric.CONCURRENCY, 10)
                        .canaryTrafficPercent(25)
                        .deploymentMode(DeploymentMode.SERVERLESS)
                        .serviceAccount("sa")
                        .imagePullSecret("pull")
                        .label("team", "ml")
                        .annotation("a", "b")
                        .terminationGraceSeconds(60));
        return o;
    }

    static Stream<Arguments> combinations() {
        return options().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static ServingSpec spec(String option, UnaryOperator<ServingSpec.Builder> apply) {
        ServingSpec.Builder b = option.equals("namespace and odd name")
                ? ServingSpec.builder("Iris Model #3 (final!) with a name far too long for Knative")
                        .namespace("kubeflow-user")
                : ServingSpec.builder("iris");
        return apply.apply(b.image(IMAGE)).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void inferenceServiceValidatesAgainstTheCrd(String option, UnaryOperator<ServingSpec.Builder> apply) {
        GenericKubernetesResource isvc = new InferenceServiceGenerator().generate(spec(option, apply));
        assertThat(KSERVE.validate(isvc))
                .as(JSON.valueToTree(isvc).toPrettyString())
                .isEmpty();
        assertThat(KSERVE.validate(InferenceServiceGenerator.promote(isvc))).isEmpty();
        assertThat(KSERVE.validate(InferenceServiceGenerator.rollback(isvc))).isEmpty();
        JsonNode container = JSON.valueToTree(isvc).at("/spec/predictor/containers/0");
        assertThat(container.get("name").asText()).isEqualTo("kserve-container");
        assertThat(container.get("image").asText()).isEqualTo(IMAGE);
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(isvc.getMetadata().getName())
                .matches("[a-z]([-a-z0-9]*[a-z0-9])?")
                .hasSizeLessThanOrEqualTo(45);
    }

    @Test
    void theValidatorCatchesAWrongManifest() {
        GenericKubernetesResource isvc = new InferenceServiceGenerator()
                .generate(ServingSpec.builder("iris").image(IMAGE).build());
        InferenceServiceGenerator.predictor(isvc).put("scaleMetric", "gpu");
        InferenceServiceGenerator.predictor(isvc).put("minReplicas", "two");
        assertThat(KSERVE.validate(isvc)).hasSize(2);
    }

    @Test
    void optionsLandWhereKServeReadsThem() {
        ServingSpec spec = spec("everything serverless", options().get("everything serverless"));
        JsonNode isvc = JSON.valueToTree(new InferenceServiceGenerator().generate(spec));
        assertThat(isvc.at("/metadata/annotations/serving.kserve.io~1deploymentMode")
                        .asText())
                .isEqualTo("Serverless");
        JsonNode p = isvc.at("/spec/predictor");
        assertThat(p.get("minReplicas").asInt()).isZero();
        assertThat(p.get("maxReplicas").asInt()).isEqualTo(5);
        assertThat(p.get("scaleMetric").asText()).isEqualTo("concurrency");
        assertThat(p.get("scaleTarget").asInt()).isEqualTo(10);
        assertThat(p.get("canaryTrafficPercent").asInt()).isEqualTo(25);
        assertThat(p.get("serviceAccountName").asText()).isEqualTo("sa");
        assertThat(p.get("terminationGracePeriodSeconds").asInt()).isEqualTo(60);
        assertThat(p.at("/volumes/0/persistentVolumeClaim/claimName").asText()).isEqualTo("models");
        JsonNode c = p.at("/containers/0");
        assertThat(env(c))
                .containsEntry("FAIRING_MODEL_NAME", "iris")
                .containsEntry("FAIRING_PREDICTOR", "Iris")
                .containsEntry("FAIRING_MODEL_URI", "/mnt/pvc/models/iris")
                .containsEntry("FAIRING_GRACE_SECONDS", "60")
                .containsEntry("A", "1");
        assertThat(c.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/mnt/pvc/models");
        assertThat(c.at("/volumeMounts/0/readOnly").asBoolean()).isTrue();
        assertThat(c.at("/envFrom/0/secretRef/name").asText()).isEqualTo("s");
        assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("2Gi");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/v2/health/ready");

        JsonNode s3 = JSON.valueToTree(new InferenceServiceGenerator()
                        .generate(ServingSpec.builder("iris")
                                .image(IMAGE)
                                .modelUri("s3://bucket/iris")
                                .build()))
                .at("/spec/predictor/containers/0");
        assertThat(env(s3))
                .containsEntry("STORAGE_URI", "s3://bucket/iris")
                .containsEntry("FAIRING_MODEL_URI", "/mnt/models");
    }

    @Test
    void canaryPromoteAndRollbackAsKServeDoesIt() {
        ServingSpec spec = ServingSpec.builder("iris")
                .image(IMAGE)
                .deploymentMode(DeploymentMode.SERVERLESS)
                .canaryTrafficPercent(10)
                .build();
        GenericKubernetesResource isvc = new InferenceServiceGenerator().generate(spec);
        assertThat(InferenceServiceGenerator.predictor(isvc)).containsEntry("canaryTrafficPercent", 10);
        assertThat(InferenceServiceGenerator.predictor(InferenceServiceGenerator.promote(isvc)))
                .doesNotContainKey("canaryTrafficPercent");
        assertThat(InferenceServiceGenerator.predictor(InferenceServiceGenerator.rollback(isvc)))
                .containsEntry("canaryTrafficPercent", 0);
        assertThat(InferenceServiceGenerator.predictor(isvc))
                .as("the original is unchanged")
                .containsEntry("canaryTrafficPercent", 10);
    }

    @Test
    void deploymentServiceAndAutoscaler() {
        ServingSpec spec = ServingSpec.builder("iris")
                .image(IMAGE)
                .namespace("ml")
                .modelUri("pvc://models/iris")
                .replicas(2, 5)
                .scale(ScaleMetric.MEMORY, 75)
                .terminationGraceSeconds(40)
                .imagePullSecret("pull")
                .build();
        List<HasMetadata> objects = new DeploymentGenerator().generate(spec);
        assertThat(objects).hasSize(3);
        Deployment d = (Deployment) objects.get(0);
        Service s = (Service) objects.get(1);
        HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) objects.get(2);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        assertThat(s.getSpec().getSelector())
                .isEqualTo(d.getSpec().getSelector().getMatchLabels());
        assertThat(s.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(8080);
        assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(40L);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue())
                        .isEqualTo("FAIRING_MODEL_URI=/mnt/pvc/models/iris"));
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("memory");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
                .isEqualTo(75);
        assertThat(new DeploymentGenerator()
                        .generate(ServingSpec.builder("iris").image(IMAGE).build()))
                .hasSize(2);
    }

    @Test
    void badSpecsFailBeforeAnythingIsMade() {
        Object[][] cases = {
            {
                (UnaryOperator<ServingSpec.Builder>) b -> b.replicas(3, 2),
                "min replicas (3) is more than max replicas (2)"
            },
            {(UnaryOperator<ServingSpec.Builder>) b -> b.maxReplicas(0), "max replicas must be 1 or more"},
            {(UnaryOperator<ServingSpec.Builder>) b -> b.canaryTrafficPercent(101), "between 0 and 100"},
            {
                (UnaryOperator<ServingSpec.Builder>)
                        b -> b.deploymentMode(DeploymentMode.RAW).canaryTrafficPercent(10),
                "Serverless mode only"
            },
            {
                (UnaryOperator<ServingSpec.Builder>)
                        b -> b.deploymentMode(DeploymentMode.RAW).scale(ScaleMetric.RPS, 10),
                "needs Serverless"
            },
            {
                (UnaryOperator<ServingSpec.Builder>)
                        b -> b.deploymentMode(DeploymentMode.RAW).minReplicas(0),
                "scale to zero"
            },
            {(UnaryOperator<ServingSpec.Builder>) b -> b.scale(ScaleMetric.CPU, 150), "percentage"},
            {(UnaryOperator<ServingSpec.Builder>) b -> b.modelUri("https://user:pw@models.example.com/m"), "credentials"
            },
            {
                (UnaryOperator<ServingSpec.Builder>)
                        b -> b.modelUri("https://b.s3.amazonaws.com/m?X-Amz-Signature=abc&X-Amz-Date=1"),
                "signature or token"
            },
            {
                (UnaryOperator<ServingSpec.Builder>) b -> b.modelUri("https://blob.example.com/m?sv=1&sig=abc"),
                "signature or token"
            },
            {(UnaryOperator<ServingSpec.Builder>) b -> b.modelUri("ftp://models/m"), "unsupported model URI"},
            {(UnaryOperator<ServingSpec.Builder>) b -> b.modelUri("relative/model.bin"), "must be absolute"},
            {(UnaryOperator<ServingSpec.Builder>) b -> b.env("AWS_SECRET_ACCESS_KEY", "x"), "secretEnv"},
            {(UnaryOperator<ServingSpec.Builder>) b -> b.env("FAIRING_MODEL_URI", "x"), "set by jfairing"},
            {(UnaryOperator<ServingSpec.Builder>) b -> b.env("1BAD", "x"), "invalid environment variable name"},
            {(UnaryOperator<ServingSpec.Builder>) b -> b.modelName("a/b"), "invalid model name"},
            {(UnaryOperator<ServingSpec.Builder>) b -> b.namespace("Not_Valid"), "invalid namespace"},
            {(UnaryOperator<ServingSpec.Builder>) b -> b.image("has space"), "invalid image"},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            UnaryOperator<ServingSpec.Builder> apply = (UnaryOperator<ServingSpec.Builder>) c[0];
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> apply.apply(ServingSpec.builder("iris").image(IMAGE))
                                    .build())
                    .isInstanceOf(InvalidServingSpecException.class)
                    .hasMessageContaining((String) c[1]);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InferenceServiceGenerator()
                        .generate(ServingSpec.builder("iris").build()))
                .isInstanceOf(InvalidServingSpecException.class)
                .hasMessageContaining("an image is required");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DeploymentGenerator()
                        .generate(ServingSpec.builder("iris")
                                .image(IMAGE)
                                .modelUri("s3://b/m")
                                .build()))
                .hasMessageContaining("storage initializer");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DeploymentGenerator()
                        .generate(ServingSpec.builder("iris")
                                .image(IMAGE)
                                .deploymentMode(DeploymentMode.SERVERLESS)
                                .canaryTrafficPercent(5)
                                .build()))
                .hasMessageContaining("canary traffic needs KServe");
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container
                .get("env")
                .forEach(e -> env.put(e.get("name").asText(), e.get("value").asText()));
        return env;
    }
}
