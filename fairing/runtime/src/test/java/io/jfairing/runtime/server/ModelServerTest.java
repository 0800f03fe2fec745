package io.jfairing.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jfairing.runtime.runner.Predictor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelServerTest {
    static final String V1_BODY = "{\"instances\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}";
    static final String V2_BODY = "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [2, 4], \"datatype\": \"FP32\", "
            + "\"data\": [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6]}]}";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<ModelServer> servers = new ArrayList<>();

    /** Iris-like: class 2 when petal length > 4.6, else 1; throws for a negative first feature. */
    static final class Iris implements Predictor<double[], Integer> {
        @Override
        public Integer predict(double[] x) {
            if (x[0] < 0) {
                throw new IllegalStateException("negative sepal");
            }
            return x[2] > 4.6 ? 2 : 1;
        }
    }

    record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(body);
        }
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.shutdown(Duration.ZERO));
    }

    private ModelServer start(ModelServer.Builder builder) {
        ModelServer server = builder.port(0).start();
        servers.add(server);
        return server;
    }

    private ModelServer iris() throws Exception {
        ModelServer server = start(ModelServer.builder(new Iris())
                .modelName("iris")
                .maxRequestBytes(4096)
                .input("input-0", "FP32", -1, 4)
                .output("output-0", "INT32", -1));
        assertThat(server.awaitReady(Duration.ofSeconds(5))).isTrue();
        return server;
    }

    private Reply get(ModelServer server, String path) throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(uri(server, path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r.headers());
    }

    private Reply post(ModelServer server, String path, String body) throws Exception {
        HttpResponse<String> r = client.send(postRequest(server, path, body), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r.headers());
    }

    private static HttpRequest postRequest(ModelServer server, String path, String body) {
        return HttpRequest.newBuilder(uri(server, path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static URI uri(ModelServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void v1Protocol() throws Exception {
        ModelServer server = iris();
        assertThat(get(server, "/v1/models/iris").json())
                .isEqualTo(MAPPER.readTree("{\"name\": \"iris\", \"ready\": true}"));
        Reply reply = post(server, "/v1/models/iris:predict", V1_BODY);
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.headers.firstValue("Content-Type")).hasValue("application/json");
        assertThat(reply.json()).isEqualTo(MAPPER.readTree("{\"predictions\": [2, 1]}"));
        assertThat(get(server, "/v1/models").json()).isEqualTo(MAPPER.readTree("{\"models\": [\"iris\"]}"));
    }

    @Test
    void v1PassesJsonValuesToAnUntypedPredictor() throws Exception {
        Predictor<Object, Object> echo = instance -> java.util.Collections.singletonMap("got", instance);
        ModelServer server = start(ModelServer.builder(echo).modelName("echo"));
        assertThat(post(server, "/v1/models/echo:predict", "{\"instances\": [{\"a\": [1, 2.5]}, \"s\", null]}")
                        .json())
                .isEqualTo(MAPPER.readTree(
                        "{\"predictions\": [{\"got\": {\"a\": [1, 2.5]}}, {\"got\": \"s\"}, {\"got\": null}]}"));
    }

    @Test
    void v2Protocol() throws Exception {
        ModelServer server = iris();
        // the protocol: "A 200 status code indicates true ... The HTTP response body should be empty."
        for (String health : List.of("/v2/health/live", "/v2/health/ready", "/v2/models/iris/ready")) {
            Reply reply = get(server, health);
            assertThat(reply.status).as(health).isEqualTo(200);
            assertThat(reply.body).as(health).isEmpty();
        }
        JsonNode metadata = get(server, "/v2/models/iris").json();
        assertThat(metadata)
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"name\": \"iris\", \"versions\": [\"1\"], \"platform\": \"jfairing-java\","
                                        + " \"inputs\": [{\"name\": \"input-0\", \"datatype\": \"FP32\", \"shape\": [-1, 4]}],"
                                        + " \"outputs\": [{\"name\": \"output-0\", \"datatype\": \"INT32\", \"shape\": [-1]}]}"));

        Reply reply = post(server, "/v2/models/iris/infer", V2_BODY);
        assertThat(reply.status).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("model_name").asText()).isEqualTo("iris");
        assertThat(json.get("id").asText()).isNotEmpty();
        assertThat(json.get("outputs"))
                .isEqualTo(MAPPER.readTree(
                        "[{\"name\": \"output-0\", \"shape\": [2], \"datatype\": \"INT32\", \"data\": [2, 1]}]"));

        String nested =
                "{\"id\": \"42\", \"inputs\": [{\"name\": \"input-0\", \"shape\": [2, 4], \"datatype\": \"FP64\", "
                        + "\"data\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}]}";
        JsonNode nestedReply =
                post(server, "/v2/models/iris/versions/1/infer", nested).json();
        assertThat(nestedReply.get("id").asText()).isEqualTo("42");
        assertThat(nestedReply.get("outputs").get(0).get("data")).isEqualTo(MAPPER.readTree("[2, 1]"));
    }

    @Test
    void v2OutputsArraysWithTheirShape() throws Exception {
        Predictor<float[], float[]> twice = x -> new float[] {x[0] * 2, x[1] * 2, x[2] * 2};
        ModelServer server = start(ModelServer.builder(twice).modelName("t").inputType(float[].class));
        JsonNode output = post(
                        server,
                        "/v2/models/t/infer",
                        "{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 3], "
                                + "\"datatype\": \"FP32\", \"data\": [1, 2, 3, 4, 5, 6]}]}")
                .json()
                .get("outputs")
                .get(0);
        assertThat(output)
                .isEqualTo(MAPPER.readTree("{\"name\": \"output-0\", \"shape\": [2, 3], \"datatype\": \"FP32\", "
                        + "\"data\": [2.0, 4.0, 6.0, 8.0, 10.0, 12.0]}"));

        Predictor<Object, Object> both = row -> ((Map<?, ?>) row).get("flag");
        ModelServer two = start(ModelServer.builder(both).modelName("b"));
        JsonNode out = post(
                        two,
                        "/v2/models/b/infer",
                        "{\"inputs\": [{\"name\": \"flag\", \"shape\": [2], \"datatype\": \"BOOL\", "
                                + "\"data\": [true, false]}, {\"name\": \"word\", \"shape\": [2], \"datatype\": \"BYTES\", \"data\": [\"a\", \"b\"]}]}")
                .json()
                .get("outputs")
                .get(0);
        assertThat(out.get("datatype").asText()).isEqualTo("BOOL");
        assertThat(out.get("data")).isEqualTo(MAPPER.readTree("[true, false]"));
    }

    @Test
    void badRequestsGetJsonErrorsAndTheServerKeepsServing() throws Exception {
        ModelServer server = iris();
        String big = "{\"instances\": [" + "[6.8, 2.8, 4.8, 1.4], ".repeat(300) + "[1, 2, 3, 4]]}";
        Object[][] cases = {
            {"/v1/models/iris:predict", "{\"instances\": [[6.8, 2.8,]]}", 400, "malformed JSON"},
            {"/v2/models/iris/infer", "{\"inputs\": [", 400, "malformed JSON"},
            {"/v1/models/iris:predict", "{\"instances\": [], \"inputs\": []}", 400, "not both"},
            {"/v1/models/iris:predict", "{\"inputs\": 3}", 400, "instances"},
            {
                "/v1/models/iris:predict",
                "{\"instances\": [\"abc\"]}",
                400,
                "instances[0]: expected an instance of shape [4]"
            },
            {
                "/v1/models/iris:predict",
                "{\"instances\": [[1, 2, 3, 4], [1, 2]]}",
                400,
                "instances[1]: expected an instance of shape [4] (the model's input 'input-0' is [-1, 4]), got [1,2]"
            },
            {"/v1/models/iris:predict", "{\"instances\": [[1, 2, \"x\", 4]]}", 400, "cannot pass \"x\" as a double"},
            {"/v2/models/iris/infer", V2_BODY.replace("FP32", "FP16"), 400, "unsupported datatype 'FP16'"},
            {"/v2/models/iris/infer", V2_BODY.replace("FP32", "FLOAT"), 400, "unknown datatype 'FLOAT'"},
            {"/v2/models/iris/infer", V2_BODY.replace("FP32", "INT32"), 400, "6.8 is not a INT32 value"},
            {"/v2/models/iris/infer", V2_BODY.replace("FP32", "BOOL"), 400, "not a BOOL value"},
            {
                "/v2/models/iris/infer",
                V2_BODY.replace("[2, 4]", "[2, 3]"),
                400,
                "shape [2, 3] needs 6 elements, data has 8"
            },
            {"/v2/models/iris/infer", V2_BODY.replace("[2, 4]", "[2, -4]"), 400, "non-negative"},
            {"/v1/models/iris:predict", big, 413, "over the limit of 4096"},
            {"/v2/models/iris/infer", big, 413, "over the limit of 4096"},
            {"/v1/models/nope:predict", V1_BODY, 404, "Model with name nope does not exist."},
            {"/v2/models/nope/infer", V2_BODY, 404, "Model with name nope does not exist."},
            {"/v2/models/iris/versions/7/infer", V2_BODY, 404, "no version 7"},
            {
                "/v1/models/iris:predict",
                "{\"instances\": [[-1, 2, 3, 4]]}",
                500,
                "prediction failed for instances[0]: java.lang.IllegalStateException: negative sepal"
            },
            {"/v2/models/iris/infer", V2_BODY.replace("6.8", "-6.8"), 500, "negative sepal"},
            {"/v2/nothing", "{}", 404, "no such endpoint"},
            {
                "/v2/models/iris/infer",
                V2_BODY.replace("[2, 4]", "[4294967296, 4294967296, 4294967296]"),
                400,
                "too large"
            },
            {"/v2/models/iris/infer", "[1]", 400, "must be a JSON object"},
        };
        for (Object[] c : cases) {
            Reply reply = post(server, (String) c[0], (String) c[1]);
            assertThat(reply.status).as("%s %s", c[0], c[1]).isEqualTo(c[2]);
            assertThat(reply.headers.firstValue("Content-Type")).hasValue("application/json");
            JsonNode json = reply.json();
            assertThat(json.fieldNames()).toIterable().containsExactly("error");
            assertThat(json.get("error").asText()).as("%s", c[0]).contains((String) c[3]);
            assertThat(post(server, "/v1/models/iris:predict", V1_BODY).status).isEqualTo(200);
            assertThat(post(server, "/v2/models/iris/infer", V2_BODY).status).isEqualTo(200);
        }
        assertThat(get(server, "/v1/models/iris:predict").status).isEqualTo(405);
        assertThat(get(server, "/v2/models/nope/ready").status).isEqualTo(404);
        assertThat(post(server, "/v2/models/iris/infer", V2_BODY).status).isEqualTo(200);
    }

    @Test
    void readyOnlyAfterTheModelLoaded(@TempDir Path dir) throws Exception {
        Path artifact = Files.writeString(dir.resolve("model.txt"), "weights");
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> loadedContent = new AtomicReference<>();
        ModelServer server = start(ModelServer.builder(new Iris())
                .modelName("iris")
                .modelUri(artifact.toString())
                .loader(path -> {
                    release.await();
                    loadedContent.set(Files.readString(path));
                }));
        assertThat(get(server, "/v2/health/live").status).isEqualTo(200);
        // the protocol: "a 4xx status code indicates false"
        Reply ready = get(server, "/v2/health/ready");
        assertThat(ready.status).isEqualTo(400);
        assertThat(ready.json()).isEqualTo(MAPPER.readTree("{\"error\": \"Model with name iris is not ready.\"}"));
        assertThat(get(server, "/v2/models/iris/ready").status).isEqualTo(400);
        Reply v1 = get(server, "/v1/models/iris");
        assertThat(v1.status).isEqualTo(503);
        assertThat(v1.json()).isEqualTo(MAPPER.readTree("{\"name\": \"iris\", \"ready\": false}"));
        Reply predict = post(server, "/v1/models/iris:predict", V1_BODY);
        assertThat(predict.status).isEqualTo(503);
        assertThat(predict.json().get("error").asText()).isEqualTo("Model with name iris is not ready.");
        assertThat(server.metricsText()).contains("jfairing_serving_model_ready{model=\"iris\"} 0");

        release.countDown();
        assertThat(server.awaitReady(Duration.ofSeconds(5))).isTrue();
        assertThat(loadedContent.get()).isEqualTo("weights");
        assertThat(get(server, "/v2/health/ready").status).isEqualTo(200);
        assertThat(post(server, "/v1/models/iris:predict", V1_BODY).status).isEqualTo(200);
    }

    static final class Loaded implements Predictor<double[], String>, ModelLoader {
        volatile String model;

        @Override
        public void load(Path artifact) throws IOException {
            model = Files.readString(artifact);
        }

        @Override
        public String predict(double[] instance) {
            return model + ":" + instance.length;
        }
    }

    @Test
    void loadsAnArtifactFromAnHttpUrlIntoAPredictorThatIsItsOwnLoader() throws Exception {
        HttpServer artifacts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        artifacts.createContext("/models/m.bin", exchange -> {
            byte[] bytes = "net".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        artifacts.start();
        try {
            String base = "http://127.0.0.1:" + artifacts.getAddress().getPort();
            ModelServer server =
                    start(ModelServer.builder(new Loaded()).modelName("m").modelUri(base + "/models/m.bin"));
            assertThat(server.awaitReady(Duration.ofSeconds(5))).isTrue();
            assertThat(post(server, "/v1/models/m:predict", V1_BODY).json())
                    .isEqualTo(MAPPER.readTree("{\"predictions\": [\"net:4\", \"net:4\"]}"));

            ModelServer missing =
                    start(ModelServer.builder(new Loaded()).modelName("m").modelUri(base + "/models/none"));
            assertThat(missing.awaitReady(Duration.ofSeconds(5))).isFalse();
            assertThat(missing.loadFailure()).get().asString().contains("HTTP 404");
            Reply reply = post(missing, "/v2/models/m/infer", V2_BODY);
            assertThat(reply.status).isEqualTo(503);
            assertThat(reply.json().get("error").asText()).contains("failed to load");
            assertThat(missing.metricsText()).contains("jfairing_serving_model_load_failures_total{model=\"m\"} 1");
        } finally {
            artifacts.stop(0);
        }
        assertThatThrownBy(() ->
                        ModelServer.builder(new Iris()).modelUri("/x").port(0).start())
                .isInstanceOf(IllegalStateException.class);
    }

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*})? (-?[0-9.eE+-]+|\\+Inf|NaN)");

    @Test
    void metricsAreParsablePrometheusText() throws Exception {
        ModelServer server = iris();
        for (int i = 0; i < 3; i++) {
            post(server, "/v1/models/iris:predict", V1_BODY);
        }
        post(server, "/v2/models/iris/infer", V2_BODY);
        post(server, "/v1/models/iris:predict", "{\"instances\": [[-1, 2, 3, 4]]}");
        post(server, "/v1/models/iris:predict", "{");
        Reply reply = get(server, "/metrics");
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.headers.firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Map<String, Double> samples = new java.util.LinkedHashMap<>();
        for (String line : reply.body.split("\n")) {
            if (line.startsWith("#")) {
                assertThat(line).matches("# (HELP|TYPE) [a-z_]+ .+");
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            samples.put(
                    m.group(1) + (m.group(2) == null ? "" : m.group(2)),
                    Double.parseDouble(m.group(3).replace("+Inf", "Infinity")));
        }
        assertThat(samples)
                .containsEntry("jfairing_serving_requests_total{protocol=\"v1\",model=\"iris\",status=\"200\"}", 3.0)
                .containsEntry("jfairing_serving_requests_total{protocol=\"v1\",model=\"iris\",status=\"500\"}", 1.0)
                .containsEntry("jfairing_serving_requests_total{protocol=\"v1\",model=\"iris\",status=\"400\"}", 1.0)
                .containsEntry("jfairing_serving_requests_total{protocol=\"v2\",model=\"iris\",status=\"200\"}", 1.0)
                .containsEntry("jfairing_serving_predictor_errors_total{protocol=\"v1\",model=\"iris\"}", 1.0)
                .containsEntry("jfairing_serving_request_duration_seconds_count{protocol=\"v1\",model=\"iris\"}", 5.0)
                .containsEntry(
                        "jfairing_serving_request_duration_seconds_bucket{protocol=\"v1\",model=\"iris\",le=\"+Inf\"}",
                        5.0)
                .containsEntry("jfairing_serving_model_ready{model=\"iris\"}", 1.0);
        double previous = 0;
        for (double le : ServingMetrics.BUCKETS) {
            double count =
                    samples.get("jfairing_serving_request_duration_seconds_bucket{protocol=\"v1\",model=\"iris\",le=\""
                            + le + "\"}");
            assertThat(count).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(5.0);
            previous = count;
        }
    }

    @Test
    void gracefulShutdownFinishesTheRequestInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Predictor<double[], Double> slow = x -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return x[0];
        };
        ModelServer server = start(ModelServer.builder(slow).modelName("slow").inputType(double[].class));
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                postRequest(server, "/v1/models/slow:predict", "{\"instances\": [[6.8]]}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> shutdown =
                CompletableFuture.supplyAsync(() -> server.shutdown(Duration.ofSeconds(10)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.isReady() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(server.isReady()).isFalse();
        Reply refused = get(server, "/v2/health/ready");
        assertThat(refused.status).isEqualTo(503);
        assertThat(shutdown).isNotDone();
        release.countDown();
        HttpResponse<String> response = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(response.body())).isEqualTo(MAPPER.readTree("{\"predictions\": [6.8]}"));
        assertThat(shutdown.get(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> get(server, "/v2/health/live")).isInstanceOf(IOException.class);
    }

    @Test
    void shutdownGivesUpAfterTheGracePeriod() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        Predictor<Object, Object> stuck = x -> {
            started.countDown();
            release.await(2, TimeUnit.MINUTES);
            returned.countDown();
            return x;
        };
        ModelServer server = start(ModelServer.builder(stuck).modelName("s"));
        client.sendAsync(
                postRequest(server, "/v1/models/s:predict", "{\"instances\": [1]}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        // the predictor stays stuck until released: shutdown must give up on it, not wait for it
        CompletableFuture<Boolean> shutdown =
                CompletableFuture.supplyAsync(() -> server.shutdown(Duration.ofMillis(200)));
        try {
            boolean drained;
            try {
                drained = shutdown.get(1, TimeUnit.MINUTES);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError(
                        "shutdown(200 ms) waited for the stuck request instead of giving up after its grace period", e);
            }
            assertThat(returned.getCount())
                    .as("shutdown returned while the predictor was still running")
                    .isEqualTo(1);
            assertThat(drained)
                    .as("shutdown reports that a request was still in flight")
                    .isFalse();
        } finally {
            release.countDown();
        }
    }

    @Test
    void serverTurnsOffNaglesAlgorithmAndServesRepeatedRequests() throws Exception {
        // Without TCP_NODELAY each answer waits ~40 ms for a delayed ACK; the benchmark, not this test, measures it.
        ModelServer server = iris();
        assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
        for (int i = 0; i < 20; i++) {
            assertThat(post(server, "/v1/models/iris:predict", V1_BODY).status).isEqualTo(200);
        }
    }

    @Test
    void requestIdsAreVersion4Uuids() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            java.util.UUID id = java.util.UUID.fromString(ModelServer.requestId());
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            ids.add(id.toString());
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void bodiesAreStrictUtf8() throws Exception {
        Predictor<Object, Object> echo = instance -> instance;
        ModelServer server = start(ModelServer.builder(echo).modelName("echo"));
        Reply accented = post(server, "/v1/models/echo:predict", "{\"instances\": [\"caf\u00e9 \u2615\"]}");
        assertThat(accented.status).isEqualTo(200);
        assertThat(accented.json().get("predictions").get(0).asText()).isEqualTo("caf\u00e9 \u2615");
        byte[] latin1 = "{\"instances\": [\"caf\u00e9\"]}".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> invalid = client.send(
                HttpRequest.newBuilder(uri(server, "/v1/models/echo:predict"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(latin1))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(invalid.body()).get("error").asText()).isEqualTo("request body is not UTF-8");
    }
}
