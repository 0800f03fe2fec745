package io.jfairing.fairing.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageLayout;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.ImageTestEnvironment;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunStatus;
import io.jfairing.runtime.server.ServingMain;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serving image built from a notebook with a Predictor into the local registry, run with podman: it answers KServe's
 * V1 and V2 requests on 127.0.0.1, rejects bad input with JSON errors and keeps serving, stops gracefully.
 */
@Tag("slow")
@ExtendWith(ImageTestEnvironment.class)
class ServingImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ImageTestEnvironment env = ImageTestEnvironment.get();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private HttpResponse<String> post(ServingHandle h, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(h.url().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ServingHandle h, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(h.url().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private BuiltImage buildServingImage() throws Exception {
        Path notebook = ServingNotebooks.iris(dir, false);
        ServingNotebooks.threshold(dir, 4.6);
        return Fairing.notebook(notebook)
                .serving()
                .inputs("threshold-4.6.txt")
                .baseImage(BaseImage.registry(env.baseImage()).withCredentials(RegistryCredentials.none()))
                .insecureRegistries(true)
                .cacheDirectory(env.cache())
                .build(ImageTarget.registry(env.registry().host() + "/it/iris-serving:1")
                        .withCredentials(RegistryCredentials.none()));
    }

    @Test
    void theServingImageAnswersBothProtocolsUnderPodman() throws Exception {
        BuiltImage image = buildServingImage();
        JsonNode config =
                env.containers().inspectConfig(image.reference(), null).get("config");
        assertThat(config.get("Entrypoint").toString()).contains(ImageLayout.SERVING_MAIN);
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.at("/Labels/io.jfairing.serving").asText()).isEqualTo("true");

        PodmanServingBackend podman = PodmanServingBackend.builder()
                .environment(env.containers().environment())
                .insecureRegistries(true)
                .build();
        try (MetadataStore store = MetadataStore.open(dir.resolve("metadata.db"))) {
            ServingHandle h = podman.recordedIn(store)
                    .deploy(ServingSpec.builder("iris")
                            .image(image.pinnedReference())
                            .modelUri(ImageLayout.WORKDIR + "/threshold-4.6.txt")
                            .terminationGraceSeconds(10)
                            .maxRequestBytes(4096)
                            .build());
            try {
                h.waitUntilReady(Duration.ofSeconds(120));
                assertThat(h.url().getHost()).isEqualTo("127.0.0.1");
                assertThat(get(h, "/v2/health/live").statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(get(h, "/v1/models/iris").body()))
                        .isEqualTo(JSON.readTree("{\"name\": \"iris\", \"ready\": true}"));
                HttpResponse<String> v1 = post(h, "/v1/models/iris:predict", ServingNotebooks.V1_BODY);
                assertThat(v1.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(v1.body())).isEqualTo(JSON.readTree("{\"predictions\": [2, 1]}"));
                HttpResponse<String> v2 = post(h, "/v2/models/iris/infer", ServingNotebooks.V2_BODY);
                assertThat(v2.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(v2.body()).get("outputs"))
                        .isEqualTo(
                                JSON.readTree(
                                        "[{\"name\": \"output-0\", \"shape\": [2], \"datatype\": \"INT32\", \"data\": [2, 1]}]"));

                Object[][] bad = {
                    {"/v1/models/iris:predict", "{\"instances\": [[6.8, 2.8,", 400},
                    {"/v2/models/iris/infer", ServingNotebooks.V2_BODY.replace("FP32", "BOOL"), 400},
                    {"/v2/models/iris/infer", ServingNotebooks.V2_BODY.replace("[2, 4]", "[3, 4]"), 400},
                    {
                        "/v1/models/iris:predict",
                        "{\"instances\": [" + "[1, 2, 3, 4],".repeat(400) + "[1, 2, 3, 4]]}",
                        413
                    },
                    {"/v1/models/rose:predict", ServingNotebooks.V1_BODY, 404},
                    {"/v1/models/iris:predict", "{\"instances\": [[-6.8, 2.8, 4.8, 1.4]]}", 400},
                };
                for (Object[] c : bad) {
                    HttpResponse<String> r = post(h, (String) c[0], (String) c[1]);
                    assertThat(r.statusCode()).as("%s", c[0]).isEqualTo(c[2]);
                    assertThat(JSON.readTree(r.body()).get("error").asText()).isNotBlank();
                    assertThat(post(h, "/v1/models/iris:predict", ServingNotebooks.V1_BODY)
                                    .statusCode())
                            .isEqualTo(200);
                }
                assertThat(get(h, "/metrics").body())
                        .contains("jfairing_serving_requests_total{protocol=\"v1\",model=\"iris\",status=\"413\"} 1");
                assertThat(h.logs())
                        .contains("loaded threshold 4.6")
                        .contains(ServingMain.READY_LINE + "http://0.0.0.0:8080");

                assertThat(env.containers()
                                .podman("stop", "-t", "10", PodmanServingBackend.CONTAINER_PREFIX + "iris")
                                .exitCode())
                        .isZero();
                assertThat(h.logs()).contains("stopping (finishing the requests in flight)");
            } finally {
                h.delete();
            }
            assertThat(store.getRun(h.metadataRunId().orElseThrow()).status()).isEqualTo(RunStatus.FINISHED);
            assertThat(env.containers()
                            .podman("container", "exists", "jfairing-serve-iris")
                            .exitCode())
                    .isNotZero();
        }
    }

    @Test
    void aModelFileOnThisMachineIsMountedReadOnly() throws Exception {
        BuiltImage image = buildServingImage();
        Path model = Files.createDirectories(dir.resolve("models"));
        ServingNotebooks.threshold(model, 5.0);
        PodmanServingBackend podman = PodmanServingBackend.builder()
                .environment(env.containers().environment())
                .insecureRegistries(true)
                .build();
        ServingHandle h = podman.deploy(ServingSpec.builder("strict")
                .modelName("iris")
                .image(image.pinnedReference())
                .modelUri(model.resolve("threshold-5.0.txt").toString())
                .resources(io.jfairing.fairing.deploy.Resources.none()
                        .cpu("250m", "1")
                        .memory("256Mi", "512Mi"))
                .build());
        try {
            h.waitUntilReady(Duration.ofSeconds(120));
            assertThat(h.predict(List.of(List.of(6.8, 2.8, 4.8, 1.4), List.of(6.0, 3.4, 5.1, 1.6))))
                    .containsExactly(1, 2);
            assertThat(h.infer(Tensor.fp32("input-0", new double[][] {{6.0, 3.4, 5.1, 1.6}}))
                            .get(0)
                            .data())
                    .containsExactly(2);
        } finally {
            h.delete();
        }
        ServingHandle missing = podman.deploy(ServingSpec.builder("missing")
                .image(image.pinnedReference())
                .modelUri(ImageLayout.WORKDIR + "/nope.txt")
                .build());
        try {
            assertThatThrownBy(() -> missing.waitUntilReady(Duration.ofSeconds(120)))
                    .isInstanceOf(ServeException.class)
                    .hasMessageContaining("stopped before it was ready")
                    .hasMessageContaining("no such file: /app/work/nope.txt");
        } finally {
            missing.delete();
        }
    }

    @Test
    void theCommandLineBuildsTheServingImageAndRunsItWithPodman() throws Exception {
        Path notebook = ServingNotebooks.iris(dir, false);
        ServingNotebooks.threshold(dir, 4.6);
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        io.jfairing.fairing.cli.JfairingCommand.class.getName(),
                        "serve",
                        "deploy",
                        notebook.toString(),
                        "--name",
                        "cli-iris",
                        "--backend",
                        "podman",
                        "--image",
                        env.registry().host() + "/it/cli-iris:1",
                        "--base",
                        env.baseImage(),
                        "--insecure",
                        "--input",
                        "threshold-4.6.txt",
                        "--model-uri",
                        ImageLayout.WORKDIR + "/threshold-4.6.txt",
                        "--no-record")
                .redirectError(dir.resolve("cli.err").toFile())
                .redirectOutput(dir.resolve("cli.out").toFile());
        builder.environment().putAll(env.containers().environment());
        Process cli = builder.start();
        try {
            assertThat(cli.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(cli.exitValue()).as(() -> read(dir.resolve("cli.err"))).isZero();
            String url = Files.readString(dir.resolve("cli.out")).strip();
            assertThat(url).startsWith("http://127.0.0.1:");
            HttpResponse<String> v2 = http.send(
                    HttpRequest.newBuilder(java.net.URI.create(url + "/v2/models/cli-iris/infer"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(ServingNotebooks.V2_BODY))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(v2.body()).at("/outputs/0/data")).isEqualTo(JSON.readTree("[2, 1]"));
            assertThat(read(dir.resolve("cli.err")))
                    .contains("built " + env.registry().host() + "/it/cli-iris@sha256:");
        } finally {
            cli.destroyForcibly();
            env.containers().podman("rm", "-f", PodmanServingBackend.CONTAINER_PREFIX + "cli-iris");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
