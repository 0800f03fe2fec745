package io.jfairing.fairing.cli;

import static io.jfairing.fairing.cli.CommandRun.jfairing;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jfairing.fairing.deploy.CrdSchemaValidator;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.RunStatus;
import io.jfairing.runtime.runner.Predictor;
import io.jfairing.runtime.server.ModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jfairing serve}: manifests on --dry-run, deploy/promote/rollback/delete against an API server mock, predict. */
@EnableKubernetesMockClient(crud = true)
class ServeCommandTest {
    private static final java.util.logging.Logger MOCK_LOG = quiet();
    static final String IMAGE = "127.0.0.1:5000/jfairing/iris@sha256:" + "e".repeat(64);
    static final ResourceDefinitionContext ISVC = new ResourceDefinitionContext.Builder()
            .withGroup("serving.kserve.io")
            .withVersion("v1beta1")
            .withKind("InferenceService")
            .withPlural("inferenceservices")
            .withNamespaced(true)
            .build();
    KubernetesClient client;

    @Test
    void dryRunPrintsAnInferenceServiceThatValidatesAgainstTheCrd() throws Exception {
        CommandRun run = jfairing(
                "serve",
                "deploy",
                "--name",
                "iris",
                "--image",
                IMAGE,
                "--mode",
                "serverless",
                "--canary-percent",
                "10",
                "--min-replicas",
                "0",
                "--max-replicas",
                "3",
                "--scale-metric",
                "concurrency",
                "--scale-target",
                "5",
                "--cpu",
                "500m:1",
                "--memory",
                "512Mi:1Gi",
                "--env",
                "LOG_LEVEL=debug",
                "--model-uri",
                "pvc://models/iris",
                "--predictor",
                "Iris",
                "-n",
                "ml",
                "--dry-run");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode isvc = new ObjectMapper(new YAMLFactory()).readTree(run.out());
        assertThat(CrdSchemaValidator.load("serving.kserve.io_inferenceservices.yaml")
                        .validate(new ObjectMapper().convertValue(isvc, GenericKubernetesResource.class)))
                .isEmpty();
        assertThat(isvc.at("/spec/predictor/canaryTrafficPercent").asInt()).isEqualTo(10);
        assertThat(isvc.at("/spec/predictor/scaleMetric").asText()).isEqualTo("concurrency");
        assertThat(isvc.at("/spec/predictor/containers/0/resources/limits/cpu").asText())
                .isEqualTo("1");
        assertThat(isvc.at("/metadata/namespace").asText()).isEqualTo("ml");
        assertThat(run.err()) // serverless is KServe's old name of Knative: understood, with a warning
                .contains("warning: deployment mode Serverless is deprecated in KServe", "use Knative (knative)");

        CommandRun raw = jfairing(
                "serve",
                "deploy",
                "--name",
                "iris",
                "--image",
                IMAGE,
                "--no-kserve",
                "--max-replicas",
                "4",
                "--dry-run");
        assertThat(raw.status()).as(raw.err()).isZero();
        try (MappingIterator<JsonNode> docs =
                new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(raw.out())) {
            assertThat(docs.readAll())
                    .extracting(d -> d.get("kind").asText())
                    .containsExactly("Deployment", "Service", "HorizontalPodAutoscaler");
        }
    }

    @Test
    void badOptionsAreClearErrors() {
        CommandRun secret = jfairing(
                "serve", "deploy", "--name", "iris", "--image", IMAGE, "--env", "DB_PASSWORD=hunter2", "--dry-run");
        assertThat(secret.status()).isEqualTo(1);
        assertThat(secret.err())
                .contains("jfairing: error: environment variable DB_PASSWORD looks like a credential")
                .doesNotContain("hunter2");
        CommandRun canary = jfairing(
                "serve",
                "deploy",
                "--name",
                "iris",
                "--image",
                IMAGE,
                "--mode",
                "raw",
                "--canary-percent",
                "20",
                "--dry-run");
        assertThat(canary.err()).contains("Serverless mode only");
        CommandRun metric = jfairing(
                "serve",
                "deploy",
                "--name",
                "iris",
                "--image",
                IMAGE,
                "--scale-metric",
                "gpu",
                "--scale-target",
                "3",
                "--dry-run");
        assertThat(metric.err()).contains("unknown scale metric 'gpu'");
        CommandRun noImage = jfairing("serve", "deploy", "--name", "iris", "--backend", "podman");
        assertThat(noImage.status()).isEqualTo(2);
        assertThat(noImage.err()).contains("the podman backend needs --image");
        CommandRun local = jfairing("serve", "promote", "iris");
        assertThat(local.err()).contains("--backend kubernetes");
    }

    @Test
    void deployPromoteRollbackAndDeleteOnKubernetes(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(
                kubeconfig,
                "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster:\n    server: "
                        + client.getMasterUrl()
                        + "\n    insecure-skip-tls-verify: true\ncontexts:\n- name: mock\n  context:\n    cluster: mock\n"
                        + "    user: me\n    namespace: ml\ncurrent-context: mock\nusers:\n- name: me\n  user:\n    token: t0ken\n");
        String metadata = "sqlite:" + dir.resolve("metadata.db");
        String[] target = {"--backend", "kubernetes", "--kubeconfig", kubeconfig.toString()};
        CommandRun deploy = jfairing(concat(
                new String[] {
                    "serve",
                    "deploy",
                    "--name",
                    "iris",
                    "--image",
                    IMAGE,
                    "--mode",
                    "serverless",
                    "--wait",
                    "0",
                    "--metadata",
                    metadata
                },
                target));
        assertThat(deploy.status()).as(deploy.err()).isZero();
        assertThat(deploy.out().trim()).isEqualTo("http://iris.ml.svc.cluster.local");
        assertThat(client.genericKubernetesResources(ISVC)
                        .inNamespace("ml")
                        .withName("iris")
                        .get())
                .isNotNull();

        CommandRun canary = jfairing(concat(
                new String[] {
                    "serve",
                    "deploy",
                    "--name",
                    "iris",
                    "--image",
                    IMAGE.replace('e', 'f'),
                    "--mode",
                    "serverless",
                    "--canary-percent",
                    "20",
                    "--wait",
                    "0",
                    "--no-record"
                },
                target));
        assertThat(canary.status()).as(canary.err()).isZero();
        assertThat(predictor().get("canaryTrafficPercent").asInt()).isEqualTo(20);
        assertThat(jfairing(concat(new String[] {"serve", "rollback", "iris"}, target))
                        .out())
                .contains("rolled back iris");
        assertThat(predictor().get("canaryTrafficPercent").asInt()).isZero();
        assertThat(jfairing(concat(new String[] {"serve", "promote", "iris"}, target))
                        .out())
                .contains("promoted iris");
        assertThat(predictor().has("canaryTrafficPercent")).isFalse();
        assertThat(jfairing(concat(new String[] {"serve", "delete", "iris"}, target))
                        .out())
                .contains("deleted iris");
        assertThat(client.genericKubernetesResources(ISVC)
                        .inNamespace("ml")
                        .withName("iris")
                        .get())
                .isNull();
        CommandRun gone = jfairing(concat(new String[] {"serve", "delete", "iris"}, target));
        assertThat(gone.status()).isEqualTo(1);
        assertThat(gone.err()).contains("no InferenceService named iris in namespace ml");

        try (MetadataStore store = MetadataStore.connect(metadata)) {
            List<RunInfo> runs = store.searchRuns(
                            RunQuery.builder().experiment("jfairing-serving").build())
                    .items();
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).params())
                    .containsEntry("backend", "kubernetes")
                    .containsEntry("image", IMAGE);
            assertThat(runs.get(0).status()).isEqualTo(RunStatus.RUNNING);
        }
    }

    @Test
    void predictSendsTheBodyToTheRightProtocol() {
        Predictor<double[], Integer> iris = x -> x[2] > 4.6 ? 2 : 1;
        ModelServer server = ModelServer.builder(iris)
                .modelName("iris")
                .inputType(double[].class)
                .port(0)
                .start();
        try {
            String url = "http://127.0.0.1:" + server.port();
            CommandRun v1 = jfairing(
                    "serve",
                    "predict",
                    "--url",
                    url,
                    "--model",
                    "iris",
                    "{\"instances\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}");
            assertThat(v1.status()).as(v1.err()).isZero();
            assertThat(v1.out().trim()).isEqualTo("{\"predictions\":[2,1]}");
            CommandRun v2 = jfairing(
                    "serve",
                    "predict",
                    "--url",
                    url,
                    "--model",
                    "iris",
                    "{\"inputs\": [{\"name\": \"input-0\", "
                            + "\"shape\": [2, 4], \"datatype\": \"FP32\", \"data\": [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6]}]}");
            assertThat(v2.out()).contains("\"data\":[2,1]");
            CommandRun bad = jfairing("serve", "predict", "--url", url, "--model", "iris", "{\"instances\": [");
            assertThat(bad.status()).isEqualTo(1);
            assertThat(bad.err()).contains("\"error\"");
        } finally {
            server.shutdown(Duration.ZERO);
        }
    }

    private JsonNode predictor() {
        return new ObjectMapper()
                .valueToTree(client.genericKubernetesResources(ISVC)
                        .inNamespace("ml")
                        .withName("iris")
                        .get())
                .at("/spec/predictor");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }
}
