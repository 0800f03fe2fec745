package io.jfairing.fairing.pipeline.kfp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubeflow Pipelines v2beta1 API server for tests, written from the swagger files: it serves exactly the swagger's
 * routes (anything else is 404), checks every request body against the swagger's definitions (an unknown field is a
 * 400, as grpc-gateway answers), checks its own answers against them too, and keeps pipelines, versions and runs in
 * memory. A run is RUNNING when first read and SUCCEEDED after, with a task per task of its spec's root DAG.
 */
final class MockKfpServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Route(String method, Pattern path, List<String> names, JsonNode operation, JsonNode swagger) {}

    private final HttpServer server;
    private final List<Route> routes = new ArrayList<>();
    private final String token;
    final Map<String, ObjectNode> pipelines = new ConcurrentHashMap<>();
    final Map<String, List<ObjectNode>> versions = new ConcurrentHashMap<>();
    final Map<String, ObjectNode> runs = new ConcurrentHashMap<>();
    final List<String> calls = new ArrayList<>();
    private final Map<String, Integer> reads = new ConcurrentHashMap<>();
    private volatile int failNext;

    MockKfpServer(String token) throws IOException {
        this.token = token;
        for (String file : List.of("run.swagger.json", "pipeline.swagger.json")) {
            JsonNode swagger;
            try (InputStream in = MockKfpServer.class.getResourceAsStream("/kfp/" + file)) {
                swagger = JSON.readTree(in);
            }
            swagger.path("paths").fields().forEachRemaining(path -> {
                List<String> names = new ArrayList<>();
                Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
                StringBuilder regex = new StringBuilder();
                int last = 0;
                while (m.find()) {
                    regex.append(Pattern.quote(path.getKey().substring(last, m.start())))
                            .append("([^/:]+)");
                    names.add(m.group(1));
                    last = m.end();
                }
                regex.append(Pattern.quote(path.getKey().substring(last)));
                path.getValue()
                        .fields()
                        .forEachRemaining(op -> routes.add(new Route(
                                op.getKey().toUpperCase(java.util.Locale.ROOT),
                                Pattern.compile(regex.toString()),
                                names,
                                op.getValue(),
                                swagger)));
            });
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next call answers {@code status} with a googleRpcStatus body. */
    void failNext(int status) {
        this.failNext = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            synchronized (calls) {
                calls.add(method + " " + path);
            }
            if (token != null
                    && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, status(16, "Unauthenticated: missing or bad bearer token"));
                return;
            }
            if (failNext != 0) {
                int status = failNext;
                failNext = 0;
                send(exchange, status, status(status == 409 ? 6 : 13, "scripted failure " + status));
                return;
            }
            for (Route route : routes) {
                Matcher m = route.path().matcher(path);
                if (!route.method().equals(method) || !m.matches()) {
                    continue;
                }
                Map<String, String> params = new LinkedHashMap<>();
                for (int i = 0; i < route.names().size(); i++) {
                    params.put(route.names().get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
                }
                JsonNode body = bytes.length == 0 ? null : JSON.readTree(bytes);
                for (JsonNode p : route.operation().path("parameters")) {
                    if (p.path("in").asText().equals("body")) {
                        if (body == null && p.path("required").asBoolean()) {
                            send(
                                    exchange,
                                    400,
                                    status(3, "missing body " + p.path("name").asText()));
                            return;
                        }
                        String error = check(
                                body,
                                p.path("schema"),
                                route.swagger(),
                                p.path("name").asText());
                        if (error != null) {
                            send(exchange, 400, status(3, error));
                            return;
                        }
                    }
                }
                JsonNode answer;
                try {
                    answer = answer(route.operation().path("operationId").asText(), params, body);
                } catch (Conflict e) {
                    send(exchange, 409, status(6, e.getMessage()));
                    return;
                }
                if (answer == null) {
                    send(exchange, 404, status(5, "not found: " + params));
                    return;
                }
                String error = check(
                        answer,
                        route.operation().path("responses").path("200").path("schema"),
                        route.swagger(),
                        "response");
                if (error != null) {
                    throw new AssertionError("the mock's own answer breaks the swagger: " + error);
                }
                send(exchange, 200, answer);
                return;
            }
            send(exchange, 404, status(5, "no route " + method + " " + path));
        }
    }

    private JsonNode answer(String operation, Map<String, String> params, JsonNode body) {
        switch (operation) {
            case "PipelineService_GetPipelineByName":
                return pipelines.values().stream()
                        .filter(p -> p.path("name").asText().equals(params.get("name")))
                        .findFirst()
                        .orElse(null);
            case "PipelineService_CreatePipelineAndVersion": {
                ObjectNode pipeline = ((ObjectNode) body.path("pipeline")).deepCopy();
                if (pipelines.values().stream()
                        .anyMatch(p -> p.path("name")
                                .asText()
                                .equals(pipeline.path("name").asText()))) {
                    throw new Conflict(
                            "a pipeline named " + pipeline.path("name").asText() + " exists");
                }
                String id = UUID.randomUUID().toString();
                pipeline.put("pipeline_id", id).put("created_at", "2026-12-06T03:00:00Z");
                pipelines.put(id, pipeline);
                addVersion(id, (ObjectNode) body.path("pipeline_version"));
                return pipeline;
            }
            case "PipelineService_CreatePipelineVersion": {
                String id = params.get("pipeline_id");
                if (!pipelines.containsKey(id)) {
                    return null;
                }
                return addVersion(id, (ObjectNode) body);
            }
            case "PipelineService_ListPipelineVersions": {
                List<ObjectNode> list = versions.get(params.get("pipeline_id"));
                if (list == null) {
                    return null;
                }
                ObjectNode answer = JSON.createObjectNode();
                ArrayNode items = answer.putArray("pipeline_versions");
                for (int i = list.size() - 1; i >= 0; i--) {
                    items.add(list.get(i));
                }
                answer.put("total_size", list.size());
                return answer;
            }
            case "RunService_CreateRun": {
                ObjectNode run = ((ObjectNode) body).deepCopy();
                String id = UUID.randomUUID().toString();
                run.put("run_id", id).put("state", "PENDING").put("created_at", "2026-12-06T03:00:00Z");
                runs.put(id, run);
                return run;
            }
            case "RunService_GetRun": {
                ObjectNode run = runs.get(params.get("run_id"));
                if (run == null) {
                    return null;
                }
                int n = reads.merge(params.get("run_id"), 1, Integer::sum);
                if (!run.path("state").asText().startsWith("CANCEL")) {
                    run.put("state", n == 1 ? "RUNNING" : "SUCCEEDED");
                }
                ArrayNode tasks = run.putObject("run_details").putArray("task_details");
                // backend/src/apiserver/server/api_util.go pipelineSpecStructToYamlString: the spec itself, or the
                // spec and the platform spec under pipeline_spec and platform_spec
                JsonNode spec = run.path("pipeline_spec").has("pipeline_spec")
                        ? run.path("pipeline_spec").path("pipeline_spec")
                        : run.path("pipeline_spec");
                Iterator<String> names =
                        spec.path("root").path("dag").path("tasks").fieldNames();
                while (names.hasNext()) {
                    String task = names.next();
                    tasks.addObject()
                            .put("run_id", run.path("run_id").asText())
                            .put("task_id", task + "-id")
                            .put("display_name", task)
                            .put("state", run.path("state").asText())
                            .put("pod_name", task + "-pod");
                }
                return run;
            }
            case "RunService_TerminateRun": {
                ObjectNode run = runs.get(params.get("run_id"));
                if (run == null) {
                    return null;
                }
                run.put("state", "CANCELED");
                return JSON.createObjectNode();
            }
            default:
                return status(12, "the mock does not implement " + operation);
        }
    }

    private ObjectNode addVersion(String pipelineId, ObjectNode version) {
        ObjectNode v = version.deepCopy();
        v.put("pipeline_id", pipelineId)
                .put("pipeline_version_id", UUID.randomUUID().toString())
                .put("created_at", "2026-12-06T03:00:00Z");
        versions.computeIfAbsent(pipelineId, k -> new ArrayList<>()).add(v);
        return v;
    }

    private static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message);
        }
    }

    /**
     * Null when {@code value} fits {@code schema} (following {@code $ref}s into the swagger's definitions), else what
     * does not: a field the definition does not have, or a value of the wrong JSON type.
     */
    static String check(JsonNode value, JsonNode schema, JsonNode swagger, String where) {
        if (value == null || value.isNull() || schema.isMissingNode()) {
            return null;
        }
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asText().replace("#/definitions/", "");
            return check(value, swagger.path("definitions").path(name), swagger, where);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    return where + " must be an object";
                }
                JsonNode properties = schema.path("properties");
                if (schema.has("additionalProperties") || !schema.has("properties")) {
                    return null; // a map or a free-form object (Struct)
                }
                Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (!properties.has(field.getKey())) {
                        return where + " has an unknown field '" + field.getKey() + "'";
                    }
                    String error = check(
                            field.getValue(), properties.path(field.getKey()), swagger, where + "." + field.getKey());
                    if (error != null) {
                        return error;
                    }
                }
                return null;
            }
            case "array" -> {
                if (!value.isArray()) {
                    return where + " must be an array";
                }
                for (JsonNode item : value) {
                    String error = check(item, schema.path("items"), swagger, where + "[]");
                    if (error != null) {
                        return error;
                    }
                }
                return null;
            }
            case "string" -> {
                if (!value.isTextual()) {
                    return where + " must be a string";
                }
                JsonNode values = schema.path("enum");
                if (values.isArray() && values.size() > 0) {
                    for (JsonNode allowed : values) {
                        if (allowed.asText().equals(value.asText())) {
                            return null;
                        }
                    }
                    return where + " is not one of " + values;
                }
                return null;
            }
            case "integer", "number" -> {
                return value.isNumber() || value.isTextual() ? null : where + " must be a number";
            }
            case "boolean" -> {
                return value.isBoolean() ? null : where + " must be a boolean";
            }
            default -> {
                return null;
            }
        }
    }

    private static ObjectNode status(int code, String message) {
        return JSON.createObjectNode().put("code", code).put("message", message);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
