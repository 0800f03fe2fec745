package io.jfairing.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jfairing.runtime.runner.Explainer;
import io.jfairing.runtime.runner.Predictor;
import io.jfairing.runtime.runner.TensorSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * KServe V1 and the Open Inference Protocol (V2) as KServe documents them, sent to the model server: the documented
 * request examples, answers checked field by field against the documented shapes, and the binary tensor data extension.
 */
class OpenInferenceProtocolTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<ModelServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.shutdown(Duration.ZERO));
    }

    /**
     * The model of the Open Inference Protocol's example (two inputs, outputs {@code output0} FP32 and a second one):
     * each row of {@code input0} {@code [a, b]} gives {@code [(a + 1) / 2, (a + 1) / 2 + 0.1]}, so that rows
     * {@code [1, 2], [3, 4], [5, 6]} give the documented {@code [1.0, 1.1, 2.0, 2.1, 3.0, 3.1]}.
     */
    static final class Documented implements Predictor<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> predict(Map<String, Object> row) {
            double a = ((Number) ((List<?>) row.get("input0")).get(0)).doubleValue();
            double x = (a + 1) / 2;
            return Map.of("output0", new double[] {x, x + 0.1}, "output1", String.valueOf(row.get("input1")));
        }

        @Override
        public List<TensorSpec> inputs() {
            return List.of(TensorSpec.of("input0", "UINT32", -1, 2), TensorSpec.of("input1", "BOOL", -1));
        }

        @Override
        public List<TensorSpec> outputs() {
            return List.of(TensorSpec.of("output0", "FP32", -1, 2), TensorSpec.of("output1", "BYTES", -1));
        }
    }

    /**
     * A stand-in for KServe's sklearn iris model (the classic tree: petal length under 2.45 setosa, petal width under
     * 1.75 versicolour, else virginica), which answers the documented example as documented.
     */
    static final class SklearnIris implements Predictor<double[], Integer>, Explainer<double[], Map<String, Object>> {
        @Override
        public Integer predict(double[] x) {
            return x[2] < 2.45 ? 0 : x[3] < 1.75 ? 1 : 2;
        }

        @Override
        public Map<String, Object> explain(double[] x) {
            return Map.of("feature", x[2] < 2.45 ? "petal length" : "petal width");
        }

        @Override
        public List<TensorSpec> inputs() {
            return List.of(TensorSpec.of("input-0", "FP32", -1, 4));
        }

        @Override
        public List<TensorSpec> outputs() {
            return List.of(TensorSpec.of("output-0", "INT32", -1));
        }
    }

    /** Names a row: its predictions are text. */
    static final class Namer implements Predictor<double[], String> {
        @Override
        public String predict(double[] x) {
            return "row of " + x.length;
        }
    }

    record Reply(int status, byte[] body, java.net.http.HttpHeaders headers) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(body);
        }
    }

    private ModelServer start(Predictor<?, ?> predictor, String name) throws InterruptedException {
        ModelServer server =
                ModelServer.builder(predictor).modelName(name).port(0).start();
        servers.add(server);
        assertThat(server.awaitReady(Duration.ofSeconds(5))).isTrue();
        return server;
    }

    private Reply get(ModelServer server, String path) throws Exception {
        HttpResponse<byte[]> r = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.body(), r.headers());
    }

    private Reply post(ModelServer server, String path, String json) throws Exception {
        return post(server, path, json.getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    private Reply post(ModelServer server, String path, byte[] body, String type, Integer headerLength)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headerLength != null) {
            request.header("Inference-Header-Content-Length", headerLength.toString());
        }
        HttpResponse<byte[]> r = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.body(), r.headers());
    }

    // ----------------------------------------------------------- KServe V1

    /**
     * KServe's "First InferenceService" (https://kserve.github.io/website/latest/get_started/first_isvc/):
     * {@code iris-input.json} and its documented answer {@code {"predictions": [1, 1]}}.
     */
    @Test
    void v1DocumentedIrisExample() throws Exception {
        ModelServer server = start(new SklearnIris(), "sklearn-iris");
        String irisInput = "{\n  \"instances\": [\n    [6.8,  2.8,  4.8,  1.4],\n    [6.0,  3.4,  4.5,  1.6]\n  ]\n}";
        Reply reply = post(server, "/v1/models/sklearn-iris:predict", irisInput);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).isEqualTo(MAPPER.readTree("{\"predictions\": [1, 1]}"));
        // KServe's V1 takes the rows as "inputs" as well, and answers "predictions"
        assertThat(post(server, "/v1/models/sklearn-iris:predict", irisInput.replace("instances", "inputs"))
                        .json())
                .isEqualTo(MAPPER.readTree("{\"predictions\": [1, 1]}"));
        // model readiness: GET /v1/models/<name> answers {"name": ..., "ready": ...}
        assertThat(get(server, "/v1/models/sklearn-iris").json())
                .isEqualTo(MAPPER.readTree("{\"name\": \"sklearn-iris\", \"ready\": true}"));
        // :explain with an explainer: one explanation per instance
        assertThat(post(server, "/v1/models/sklearn-iris:explain", irisInput).json())
                .isEqualTo(MAPPER.readTree(
                        "{\"explanations\": [{\"feature\": \"petal width\"}, {\"feature\": \"petal width\"}]}"));
    }

    @Test
    void explainWithoutAnExplainerIs501Json() throws Exception {
        ModelServer server = start(new Namer(), "namer");
        Reply reply = post(server, "/v1/models/namer:explain", "{\"instances\": [[1, 2]]}");
        assertThat(reply.status()).isEqualTo(501);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(reply.json().get("error").asText())
                .isEqualTo("model namer has no explainer (its predictor does "
                        + "not implement io.jfairing.runtime.runner.Explainer)");
    }

    // ----------------------------------------------------------- V2

    /**
     * The inference request example of KServe's docs/predict-api/v2/required_api.md
     * (https://github.com/kserve/kserve/blob/master/docs/predict-api/v2/required_api.md#inference-request-examples).
     */
    static final String DOCUMENTED_V2_REQUEST = "{\n  \"id\" : \"42\",\n  \"inputs\" : [\n    {\n"
            + "      \"name\" : \"input0\",\n      \"shape\" : [ 2, 2 ],\n      \"datatype\" : \"UINT32\",\n"
            + "      \"data\" : [ 1, 2, 3, 4 ]\n    },\n    {\n      \"name\" : \"input1\",\n"
            + "      \"shape\" : [ 3 ],\n      \"datatype\" : \"BOOL\",\n      \"data\" : [ true ]\n    }\n  ],\n"
            + "  \"outputs\" : [\n    {\n      \"name\" : \"output0\"\n    }\n  ]\n}";

    /** Its documented answer (the document's text lacks a comma after {@code "42"}; fixed here). */
    static final String DOCUMENTED_V2_RESPONSE = "{\n  \"id\" : \"42\",\n  \"outputs\" : [\n    {\n"
            + "      \"name\" : \"output0\",\n      \"shape\" : [ 3, 2 ],\n      \"datatype\"  : \"FP32\",\n"
            + "      \"data\" : [ 1.0, 1.1, 2.0, 2.1, 3.0, 3.1 ]\n    }\n  ]\n}";

    @Test
    void v2DocumentedExample() throws Exception {
        ModelServer server = start(new Documented(), "mymodel");
        // As printed, the example is inconsistent (input1 has shape [3] and one element): a clear 400, naming it.
        Reply verbatim = post(server, "/v2/models/mymodel/infer", DOCUMENTED_V2_REQUEST);
        assertThat(verbatim.status()).isEqualTo(400);
        assertThat(verbatim.json())
                .isEqualTo(MAPPER.readTree("{\"error\": \"input 'input1': shape [3] needs 3 elements, data has 1\"}"));
        // With input1's three elements, the batches differ ([2, 2] and [3]): jfairing predicts row by row.
        Reply batches = post(
                server, "/v2/models/mymodel/infer", DOCUMENTED_V2_REQUEST.replace("[ true ]", "[ true, false, true ]"));
        assertThat(batches.status()).isEqualTo(400);
        assertThat(batches.json().get("error").asText())
                .isEqualTo("inputs have different first dimensions: [2, 2] and [3]");
        // The documented answer, for a request of three rows: every documented field as documented.
        String threeRows = DOCUMENTED_V2_REQUEST
                .replace("[ 2, 2 ]", "[ 3, 2 ]")
                .replace("[ 1, 2, 3, 4 ]", "[ 1, 2, 3, 4, 5, 6 ]")
                .replace("[ true ]", "[ true, false, true ]");
        Reply reply = post(server, "/v2/models/mymodel/infer", threeRows);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = reply.json();
        JsonNode documented = MAPPER.readTree(DOCUMENTED_V2_RESPONSE);
        assertThat(json.get("id")).isEqualTo(documented.get("id"));
        assertThat(json.get("outputs")).isEqualTo(documented.get("outputs"));
        assertThat(json.get("model_name").asText()).isEqualTo("mymodel");
        assertThat(json.get("model_version").asText()).isEqualTo("1");
        JsonNode documentedFields = ((ObjectNode) json.deepCopy()).without(List.of("model_name", "model_version"));
        assertThat(documentedFields).isEqualTo(documented);
    }

    @Test
    void v2MetadataAndHealthAsThePredictorDeclares() throws Exception {
        ModelServer server = start(new Documented(), "mymodel");
        assertThat(get(server, "/v2/models/mymodel").json())
                .isEqualTo(MAPPER.readTree(
                        "{\"name\": \"mymodel\", \"versions\": [\"1\"], \"platform\": \"jfairing-java\","
                                + " \"inputs\": [{\"name\": \"input0\", \"datatype\": \"UINT32\", \"shape\": [-1, 2]},"
                                + " {\"name\": \"input1\", \"datatype\": \"BOOL\", \"shape\": [-1]}],"
                                + " \"outputs\": [{\"name\": \"output0\", \"datatype\": \"FP32\", \"shape\": [-1, 2]},"
                                + " {\"name\": \"output1\", \"datatype\": \"BYTES\", \"shape\": [-1]}]}"));
        assertThat(get(server, "/v2/models/mymodel/versions/1").json().get("inputs"))
                .hasSize(2);
        JsonNode serverMetadata = get(server, "/v2").json();
        assertThat(serverMetadata.get("name").asText()).isEqualTo("jfairing");
        assertThat(serverMetadata.get("extensions")).containsExactly(MAPPER.readTree("\"binary_tensor_data\""));
        for (String health : List.of(
                "/v2/health/live",
                "/v2/health/ready",
                "/v2/models/mymodel/ready",
                "/v2/models/mymodel/versions/1/ready")) {
            Reply reply = get(server, health);
            assertThat(reply.status()).as(health).isEqualTo(200);
            assertThat(reply.body()).as(health).isEmpty();
        }
    }

    @Test
    void v2RequestsAreCheckedAgainstTheDeclaredTensors() throws Exception {
        ModelServer server = start(new Documented(), "mymodel");
        String good =
                "{\"inputs\": [{\"name\": \"input0\", \"shape\": [1, 2], \"datatype\": \"UINT32\", \"data\": [1, 2]},"
                        + " {\"name\": \"input1\", \"shape\": [1], \"datatype\": \"BOOL\", \"data\": [true]}]";
        Object[][] cases = {
            {
                good.replace("\"input0\"", "\"x\"") + "}",
                "input 'x' is not an input of the model (its inputs: input0, input1)"
            },
            {
                good.replace(
                                "[1, 2], \"datatype\": \"UINT32\", \"data\": [1, 2]",
                                "[1, 3], \"datatype\": \"UINT32\", \"data\": [1, 2, 3]")
                        + "}",
                "input 'input0': shape [1, 3] does not fit the model's [-1, 2]"
            },
            {
                good.replace("\"UINT32\"", "\"FP32\"") + "}",
                "input 'input0': datatype FP32 does not fit the model's UINT32"
            },
            {good.replace("\"data\": [1, 2]", "\"data\": [-1, 2]") + "}", "input 'input0': -1 is not a UINT32 value"},
            {
                good + ", \"outputs\": [{\"name\": \"nope\"}]}",
                "unknown output 'nope' (the model's outputs: output0, output1)"
            },
            {
                good + ", \"parameters\": {\"x\": {\"a\": 1}}}",
                "parameters.x: a parameter is a string, number or boolean, not {\"a\":1}"
            },
            {good + ", \"parameters\": [1]}", "parameters must be an object"},
            {
                good + ", \"outputs\": [{\"name\": \"output0\", \"parameters\": {\"binary_data\": \"yes\"}}]}",
                "outputs[0].parameters.binary_data must be true or false"
            },
            {good + ", \"id\": {\"a\": 1}}", "id must be a string"},
            {
                "{\"inputs\": [{\"name\": \"input0\", \"shape\": [1, 2], \"datatype\": \"UINT32\", \"data\": [1, 2]}]}",
                "input 'input1' is missing"
            },
        };
        for (Object[] c : cases) {
            Reply reply = post(server, "/v2/models/mymodel/infer", (String) c[0]);
            assertThat(reply.status()).as((String) c[0]).isEqualTo(400);
            assertThat(reply.json().get("error").asText()).as((String) c[0]).isEqualTo(c[1]);
        }
        JsonNode selected = post(
                        server,
                        "/v2/models/mymodel/infer",
                        good + ", \"outputs\": [{\"name\": \"output1\"}],"
                                + " \"parameters\": {\"content_type\": \"np\", \"n\": 3, \"b\": true}}")
                .json();
        assertThat(selected.get("outputs"))
                .isEqualTo(MAPPER.readTree(
                        "[{\"name\": \"output1\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"true\"]}]"));
    }

    @Test
    void v2KeepsTheRequestIdAsGiven() throws Exception {
        ModelServer server = start(new SklearnIris(), "iris");
        String inputs =
                "\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4]}]";
        assertThat(post(server, "/v2/models/iris/infer", "{\"id\": 42, " + inputs + "}")
                        .json()
                        .get("id"))
                .isEqualTo(MAPPER.readTree("42"));
        assertThat(post(server, "/v2/models/iris/infer", "{\"id\": \"req-7\", " + inputs + "}")
                        .json()
                        .get("id"))
                .isEqualTo(MAPPER.readTree("\"req-7\""));
        String generated = post(server, "/v2/models/iris/infer", "{" + inputs + "}")
                .json()
                .get("id")
                .asText();
        assertThat(UUID.fromString(generated).version()).isEqualTo(4);
    }

    @Test
    void anEmptyBatchKeepsTheOutputsDatatype() throws Exception {
        ModelServer text = start(new Namer(), "namer");
        String empty = "{\"inputs\": [{\"name\": \"x\", \"shape\": [0, 4], \"datatype\": \"FP32\", \"data\": []}]}";
        assertThat(post(text, "/v2/models/namer/infer", empty).json().get("outputs"))
                .isEqualTo(MAPPER.readTree(
                        "[{\"name\": \"output-0\", \"shape\": [0], \"datatype\": \"BYTES\", \"data\": []}]"));
        ModelServer declared = start(new SklearnIris(), "iris");
        assertThat(post(declared, "/v2/models/iris/infer", empty.replace("\"x\"", "\"input-0\""))
                        .json()
                        .at("/outputs/0/datatype")
                        .asText())
                .isEqualTo("INT32");
    }

    // ------------------------------------------------------ binary extension

    /**
     * The binary tensor data extension (https://kserve.github.io/website/latest/modelserving/data_plane/binary_tensor_data_extension/):
     * inputs as binary after the JSON header, one output asked as binary, the other as JSON.
     */
    @Test
    void binaryTensorDataInAndOut() throws Exception {
        ModelServer server = start(new Documented(), "mymodel");
        String header = "{\"model_name\": \"mymodel\", \"inputs\": ["
                + "{\"name\": \"input0\", \"shape\": [3, 2], \"datatype\": \"UINT32\", \"parameters\": {\"binary_data_size\": 24}},"
                + "{\"name\": \"input1\", \"shape\": [3], \"datatype\": \"BOOL\", \"parameters\": {\"binary_data_size\": 3}}],"
                + " \"outputs\": [{\"name\": \"output0\", \"parameters\": {\"binary_data\": true}}, {\"name\": \"output1\"}]}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer data = ByteBuffer.allocate(27).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : new int[] {1, 2, 3, 4, 5, 6}) {
            data.putInt(v);
        }
        data.put((byte) 1).put((byte) 0).put((byte) 1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(json);
        body.writeBytes(data.array());
        Reply reply =
                post(server, "/v2/models/mymodel/infer", body.toByteArray(), "application/octet-stream", json.length);
        assertThat(reply.status())
                .as(() -> new String(reply.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        int headerLength = Integer.parseInt(
                reply.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode answer = MAPPER.readTree(new String(reply.body(), 0, headerLength, StandardCharsets.UTF_8));
        assertThat(answer.at("/outputs/0"))
                .isEqualTo(MAPPER.readTree("{\"name\": \"output0\", \"shape\": [3, 2], \"datatype\": \"FP32\","
                        + " \"parameters\": {\"binary_data_size\": 24}}"));
        assertThat(answer.at("/outputs/1/data")).isEqualTo(MAPPER.readTree("[\"true\", \"false\", \"true\"]"));
        ByteBuffer out = ByteBuffer.wrap(reply.body(), headerLength, reply.body().length - headerLength)
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(out.remaining()).isEqualTo(24);
        float[] floats = new float[6];
        for (int i = 0; i < 6; i++) {
            floats[i] = out.getFloat();
        }
        assertThat(floats).containsExactly(1.0f, 1.1f, 2.0f, 2.1f, 3.0f, 3.1f);

        // binary_data_output: every output binary; BYTES as a 4-byte length and the bytes
        String all = header.replace("\"model_name\": \"mymodel\",", "\"parameters\": {\"binary_data_output\": true},")
                .replace(", {\"name\": \"output1\"}", ", {\"name\": \"output1\"}");
        byte[] allJson = all.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream allBody = new ByteArrayOutputStream();
        allBody.writeBytes(allJson);
        allBody.writeBytes(data.array());
        Reply both = post(
                server, "/v2/models/mymodel/infer", allBody.toByteArray(), "application/octet-stream", allJson.length);
        int bothLength = Integer.parseInt(
                both.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode bothAnswer = MAPPER.readTree(new String(both.body(), 0, bothLength, StandardCharsets.UTF_8));
        assertThat(bothAnswer.at("/outputs/1/parameters/binary_data_size").asInt())
                .isEqualTo(3 * 4 + 4 + 5 + 4);
        ByteBuffer texts = ByteBuffer.wrap(both.body(), bothLength + 24, both.body().length - bothLength - 24)
                .order(ByteOrder.LITTLE_ENDIAN);
        List<String> words = new ArrayList<>();
        while (texts.hasRemaining()) {
            byte[] word = new byte[texts.getInt()];
            texts.get(word);
            words.add(new String(word, StandardCharsets.UTF_8));
        }
        assertThat(words).containsExactly("true", "false", "true");

        // binary data that does not add up is a 400 naming the input
        Reply shortData = post(
                server,
                "/v2/models/mymodel/infer",
                java.util.Arrays.copyOf(body.toByteArray(), json.length + 20),
                "application/octet-stream",
                json.length);
        assertThat(shortData.status()).isEqualTo(400);
        assertThat(shortData.json().get("error").asText())
                .isEqualTo("inputs[0]: binary_data_size 24 is more than the 20 bytes of binary data left");
        Reply noHeader = post(server, "/v2/models/mymodel/infer", body.toByteArray(), "application/octet-stream", null);
        assertThat(noHeader.status()).isEqualTo(415);
    }
}
