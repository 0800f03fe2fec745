package io.jfairing.fairing.serve;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls a model server's V1 and V2 REST endpoints; an error answer becomes a {@link ServeException} with its message. */
final class PredictionClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private PredictionClient() {}

    static List<Object> predict(URI base, String model, List<?> instances, Duration timeout) throws ServeException {
        JsonNode reply = post(base, "/v1/models/" + model + ":predict", Map.of("instances", instances), timeout);
        JsonNode predictions = reply.get("predictions");
        if (predictions == null || !predictions.isArray()) {
            throw new ServeException("the model server answered without predictions: " + abbreviate(reply.toString()));
        }
        return JSON.convertValue(predictions, new TypeReference<List<Object>>() {});
    }

    static List<Tensor> infer(URI base, String model, List<Tensor> inputs, Duration timeout) throws ServeException {
        List<Map<String, Object>> body = new ArrayList<>();
        for (Tensor t : inputs) {
            Map<String, Object> tensor = new LinkedHashMap<>();
            tensor.put("name", t.name());
            tensor.put("shape", t.shape());
            tensor.put("datatype", t.datatype());
            tensor.put("data", t.data());
            body.add(tensor);
        }
        JsonNode reply = post(base, "/v2/models/" + model + "/infer", Map.of("inputs", body), timeout);
        JsonNode outputs = reply.get("outputs");
        if (outputs == null || !outputs.isArray()) {
            throw new ServeException("the model server answered without outputs: " + abbreviate(reply.toString()));
        }
        List<Tensor> result = new ArrayList<>();
        for (JsonNode o : outputs) {
            List<Long> shape = new ArrayList<>();
            o.path("shape").forEach(d -> shape.add(d.asLong()));
            result.add(new Tensor(
                    o.path("name").asText(),
                    o.path("datatype").asText(),
                    shape,
                    JSON.convertValue(o.path("data"), new TypeReference<List<Object>>() {})));
        }
        return result;
    }

    /** True when {@code GET /v2/health/ready} answers 200. */
    static boolean ready(URI base) {
        try {
            HttpResponse<Void> r = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/v2/health/ready"))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static JsonNode post(URI base, String path, Object body, Duration timeout) throws ServeException {
        URI uri = base.resolve(path);
        HttpResponse<String> response;
        try {
            response = HTTP.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ServeException("cannot reach the model server at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServeException("interrupted while calling " + uri, e);
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ServeException(
                    "POST " + uri + " answered HTTP " + response.statusCode() + " with a body that is not JSON: "
                            + abbreviate(response.body()),
                    response.statusCode(),
                    e);
        }
        if (response.statusCode() != 200) {
            String error = json.path("error").isTextual() ? json.get("error").asText() : abbreviate(response.body());
            throw new ServeException(
                    "POST " + uri + " answered HTTP " + response.statusCode() + ": " + error,
                    response.statusCode(),
                    null);
        }
        return json;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
