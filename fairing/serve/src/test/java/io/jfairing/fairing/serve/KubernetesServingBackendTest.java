package io.jfairing.fairing.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jfairing.fairing.deploy.CrdSchemaValidator;
import io.jfairing.metadata.Lineage;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.Model;
import io.jfairing.metadata.Run;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunStatus;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.runtime.runner.Predictor;
import io.jfairing.runtime.server.ModelServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes backend against fabric8's API server mock in CRUD mode; the test plays the KServe controller (it
 * marks the InferenceService Ready with the address of a real model server on 127.0.0.1).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesServingBackendTest {
    /** Held so that the level stays: the mock server logs every request at INFO. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver.MockWebServer");

    static final String NS = "ml";
    static final String IMAGE = ServingManifestTest.IMAGE;
    KubernetesClient client;
    KubernetesMockServer server;
    private ModelServer modelServer;

    /** Class 2 when petal length > 4.6, else 1. */
    static final class Iris implements Predictor<double[], Integer> {
        @Override
        public Integer predict(double[] x) {
            return x[2] > 4.6 ? 2 : 1;
        }
    }

    @BeforeEach
    void startModelServer() {
        modelServer = ModelServer.builder(new Iris()).modelName("iris").port(0).start();
    }

    @AfterEach
    void stopModelServer() {
        modelServer.shutdown(Duration.ZERO);
    }

    private GenericKubernetesResource isvc(String name) {
        return client.genericKubernetesResources(KubernetesServingBackend.INFERENCE_SERVICES)
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    /** What the KServe controller does once the predictor is up: Ready=True and the address. */
    private CompletableFuture<Void> controllerMarksReady(String name) {
        return CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.genericKubernetesResources(KubernetesServingBackend.INFERENCE_SERVICES)
                    .inNamespace(NS)
                    .withName(name)
                    .edit(r -> {
                        r.setAdditionalProperty(
                                "status",
                                Map.of(
                                        "url", "http://" + name + "." + NS + ".example.com",
                                        "address", Map.of("url", "http://127.0.0.1:" + modelServer.port()),
                                        "conditions",
                                                List.of(
                                                        Map.of("type", "PredictorReady", "status", "True"),
                                                        Map.of("type", "Ready", "status", "True"))));
                        return r;
                    });
        });
    }

    @Test
    void deploysAnInferenceServiceWaitsForReadyAndPredicts(@TempDir Path dir) throws Exception {
        ServingSpec spec = ServingSpec.builder("iris")
                .namespace(NS)
                .image(IMAGE)
                .modelUri("pvc://models/iris/v1")
                .deploymentMode(DeploymentMode.SERVERLESS)
                .replicas(1, 3)
                .build();
        try (MetadataStore store = MetadataStore.open(dir.resolve("metadata.db"))) {
            Artifact trained;
            long trainingRun;
            try (Run training = store.startRun("iris", "train")) {
                trainingRun = training.id();
                trained = training.logOutput(Model.builder()
                        .name("iris")
                        .uri("pvc://models/iris/v1")
                        .framework("jfairing")
                        .build());
            }
            ServingBackend backend =
                    KubernetesServingBackend.inferenceServices(client).recordedIn(store);
            ServingHandle handle = backend.deploy(spec);
            GenericKubernetesResource created = isvc("iris");
            assertThat(created).isNotNull();
            assertThat(CrdSchemaValidator.load("serving.kserve.io_inferenceservices.yaml")
                            .validate(created))
                    .isEmpty();
            assertThat(handle.url().toString()).isEqualTo("http://iris.ml.svc.cluster.local");

            assertThatThrownBy(() -> handle.waitUntilReady(Duration.ofMillis(400)))
                    .isInstanceOf(ServeException.class)
                    .hasMessageContaining("was not ready after")
                    .hasMessageContaining("no status yet");
            controllerMarksReady("iris").get(10, TimeUnit.SECONDS);
            handle.waitUntilReady(Duration.ofSeconds(10));
            assertThat(handle.url().toString()).isEqualTo("http://127.0.0.1:" + modelServer.port());
            assertThat(handle.predict(List.of(List.of(6.8, 2.8, 4.8, 1.4), List.of(6.0, 3.4, 4.5, 1.6))))
                    .containsExactly(2, 1);
            List<Tensor> out =
                    handle.infer(Tensor.fp32("input-0", new double[][] {{6.8, 2.8, 4.8, 1.4}, {6.0, 3.4, 4.5, 1.6}}));
            assertThat(out.get(0).data()).containsExactly(2, 1);
            assertThat(out.get(0).shape()).containsExactly(2L);

            // the deployment is a run whose input is the model the training run wrote
            long runId = handle.metadataRunId().orElseThrow();
            RunInfo run = store.getRun(runId);
            assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(run.params())
                    .containsEntry("backend", "kubernetes")
                    .containsEntry("image", IMAGE)
                    .containsEntry("model_uri", "pvc://models/iris/v1")
                    .containsEntry("deployment_mode", "Serverless");
            assertThat(run.tags()).containsEntry("jfairing.serving.url", "http://iris.ml.svc.cluster.local");
            Lineage downstream = store.lineage(trained.id(), LineageDirection.DOWNSTREAM, 2);
            assertThat(downstream.consumersOf(trained.id())).containsExactly(runId);
            assertThat(store.lineage(trained.id(), LineageDirection.UPSTREAM, 2).producersOf(trained.id()))
                    .containsExactly(trainingRun);

            handle.delete();
            assertThat(isvc("iris")).isNull();
            assertThat(store.getRun(runId).status()).isEqualTo(RunStatus.FINISHED);
        }
    }

    @Test
    void anotherSessionAttachesByName() throws Exception {
        KubernetesServingBackend backend = KubernetesServingBackend.inferenceServices(client);
        backend.deploy(ServingSpec.builder("flowers")
                .namespace(NS)
                .image(IMAGE)
                .modelName("iris")
                .build());
        controllerMarksReady("flowers").get(10, TimeUnit.SECONDS);
        ServingHandle attached = backend.attach("flowers", NS).waitUntilReady(Duration.ofSeconds(10));
        assertThat(attached.modelName()).isEqualTo("iris");
        assertThat(attached.predict(List.of(List.of(6.8, 2.8, 4.8, 1.4)))).containsExactly(2);
        attached.delete();
        assertThatThrownBy(() -> backend.attach("flowers", NS))
                .isInstanceOf(ServeException.class)
                .hasMessage("no InferenceService named flowers in namespace ml");

        KubernetesServingBackend plain = KubernetesServingBackend.deployments(client);
        plain.deploy(ServingSpec.builder("roses")
                .namespace(NS)
                .image(IMAGE)
                .modelName("rose-model")
                .build());
        assertThat(plain.attach("roses", NS).modelName()).isEqualTo("rose-model");
    }

    @Test
    void canaryRolloutPromoteAndRollback() throws Exception {
        KubernetesServingBackend backend = KubernetesServingBackend.inferenceServices(client);
        ServingSpec v1 = ServingSpec.builder("iris")
                .namespace(NS)
                .image(IMAGE)
                .deploymentMode(DeploymentMode.SERVERLESS)
                .build();
        backend.deploy(v1);
        String v2Image = IMAGE.replace('b', 'c');
        ServingHandle canary = backend.deploy(
                v1.toBuilder().image(v2Image).canaryTrafficPercent(10).build());
        Map<String, Object> predictor = InferenceServiceGenerator.predictor(isvc("iris"));
        assertThat(predictor).containsEntry("canaryTrafficPercent", 10);
        assertThat(predictor.toString()).contains(v2Image);

        canary.rollback();
        assertThat(InferenceServiceGenerator.predictor(isvc("iris"))).containsEntry("canaryTrafficPercent", 0);
        canary.promote();
        assertThat(InferenceServiceGenerator.predictor(isvc("iris"))).doesNotContainKey("canaryTrafficPercent");
        assertThat(InferenceServiceGenerator.predictor(isvc("iris")).toString()).contains(v2Image);
    }

    @Test
    void rollbackOfAStandardInferenceServiceIsRefusedAndChangesNothing() throws Exception {
        KubernetesServingBackend backend = KubernetesServingBackend.inferenceServices(client);
        ServingHandle handle = backend.deploy(ServingSpec.builder("iris")
                .namespace(NS)
                .image(IMAGE)
                .deploymentMode(DeploymentMode.STANDARD)
                .build());
        assertThatThrownBy(handle::rollback)
                .isInstanceOf(ServeException.class)
                .hasMessageContaining("Standard (RawDeployment)")
                .hasMessageContaining("no canary");
        assertThat(InferenceServiceGenerator.predictor(isvc("iris"))).doesNotContainKey("canaryTrafficPercent");
    }

    @Test
    void logsComeFromThePredictorPods() throws Exception {
        KubernetesServingBackend backend = KubernetesServingBackend.inferenceServices(client);
        ServingHandle handle = backend.deploy(
                ServingSpec.builder("iris").namespace(NS).image(IMAGE).build());
        client.pods()
                .inNamespace(NS)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("iris-predictor-abc")
                        .addToLabels(InferenceServiceGenerator.POD_LABEL, "iris")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("kserve-container")
                        .withImage(IMAGE)
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        client.pods()
                .inNamespace(NS)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("other")
                        .addToLabels(InferenceServiceGenerator.POD_LABEL, "other")
                        .endMetadata()
                        .build())
                .create();
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/ml/pods/iris-predictor-abc/log?pretty=false&container=kserve-container")
                .andReturn(200, "jfairing serving: ready on http://0.0.0.0:8080 (model iris, predictor Iris)\n")
                .always();
        assertThat(handle.logs())
                .isEqualTo("==> pod iris-predictor-abc <==\n"
                        + "jfairing serving: ready on http://0.0.0.0:8080 (model iris, predictor Iris)\n");
    }

    @Test
    void deploymentModeMakesADeploymentAServiceAndAnAutoscaler() throws Exception {
        KubernetesServingBackend backend = KubernetesServingBackend.deployments(client);
        ServingHandle handle = backend.deploy(ServingSpec.builder("iris")
                .namespace(NS)
                .image(IMAGE)
                .replicas(1, 4)
                .build());
        Deployment d =
                client.apps().deployments().inNamespace(NS).withName("iris").get();
        Service s = client.services().inNamespace(NS).withName("iris").get();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(IMAGE);
        assertThat(s.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(client.resources(HorizontalPodAutoscaler.class)
                        .inNamespace(NS)
                        .withName("iris")
                        .get()
                        .getSpec()
                        .getMaxReplicas())
                .isEqualTo(4);
        assertThatThrownBy(handle::promote).isInstanceOf(ServeException.class).hasMessageContaining("has no canary");

        // deploying again updates in place
        backend.deploy(ServingSpec.builder("iris")
                .namespace(NS)
                .image(IMAGE.replace('b', 'd'))
                .replicas(2, 4)
                .build());
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName("iris")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(2);

        client.apps()
                .deployments()
                .inNamespace(NS)
                .withName("iris")
                .editStatus(x -> new DeploymentBuilder(x)
                        .withNewStatus()
                        .withReadyReplicas(1)
                        .endStatus()
                        .build());
        handle.waitUntilReady(Duration.ofSeconds(5));
        handle.delete();
        assertThat(client.apps().deployments().inNamespace(NS).withName("iris").get())
                .isNull();
        assertThat(client.services().inNamespace(NS).withName("iris").get()).isNull();
    }

    @Test
    void forbiddenConflictAndMissingKServeSayWhatToDo() {
        String path = "/apis/serving.kserve.io/v1beta1/namespaces/" + NS + "/inferenceservices";
        ServingSpec spec =
                ServingSpec.builder("iris").namespace(NS).image(IMAGE).build();
        KubernetesServingBackend backend = KubernetesServingBackend.inferenceServices(client);

        server.expect()
                .post()
                .withPath(path)
                .andReturn(
                        403,
                        status(
                                403,
                                "Forbidden",
                                "inferenceservices.serving.kserve.io is forbidden: User \"system:serviceaccount:ml:default\" cannot create resource"))
                .once();
        assertThatThrownBy(() -> backend.deploy(spec))
                .isInstanceOf(ServeException.class)
                .hasMessageContaining(
                        "refused to create or update InferenceService iris in namespace ml (403 Forbidden)")
                .hasMessageContaining("RBAC")
                .hasMessageContaining("cannot create resource")
                .satisfies(e -> assertThat(((ServeException) e).status()).isEqualTo(403));

        server.expect()
                .post()
                .withPath(path)
                .andReturn(409, status(409, "AlreadyExists", "inferenceservices \"iris\" already exists"))
                .once();
        assertThatThrownBy(() -> backend.deploy(spec))
                .isInstanceOf(ServeException.class)
                .hasMessageContaining("409 Conflict")
                .hasMessageContaining("deploy again");

        server.expect()
                .post()
                .withPath(path)
                .andReturn(404, status(404, "NotFound", "the server could not find the requested resource"))
                .once();
        assertThatThrownBy(() -> backend.deploy(spec))
                .isInstanceOf(ServeException.class)
                .hasMessageContaining("KServe is not installed");
        assertThat(isvc("iris")).isNull();
    }

    @Test
    void anUnreachableApiServerIsNamed() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (KubernetesClient down = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + closed)
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(2000)
                        .withNamespace(NS)
                        .build())
                .build()) {
            assertThatThrownBy(() -> KubernetesServingBackend.inferenceServices(down)
                            .deploy(ServingSpec.builder("iris").image(IMAGE).build()))
                    .isInstanceOf(ServeException.class)
                    .hasMessageContaining("cannot reach the Kubernetes API server at http://127.0.0.1:" + closed)
                    .hasMessageContaining("InferenceService iris in namespace ml");
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private static String status(int code, String reason, String message) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + code + ",\"reason\":\""
                + reason + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
    }
}
