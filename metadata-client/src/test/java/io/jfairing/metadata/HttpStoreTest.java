package io.jfairing.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jfairing.metadata.server.MetadataServer;
import io.jfairing.metadata.server.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract against the server over HTTP on 127.0.0.1 (the client API unchanged), plus the HTTP edge: strict
 * JSON, limits, tokens, routes and the OpenAPI file.
 */
class HttpStoreTest extends MetadataStoreContractTest {
    static final String TOKEN = "test-token-0123456789";

    MetadataStore backend;
    MetadataServer server;
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    MetadataStore open(Path dir, LogBuffering buffering) {
        backend = MetadataStore.open(dir.resolve("metadata.db"));
        server = MetadataServer.builder(backend).port(0).token(TOKEN).start();
        return MetadataStore.builder()
                .uri(server.url())
                .token(TOKEN)
                .buffering(buffering)
                .build();
    }

    @Override
    void closeExtras() {
        server.close();
        backend.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.header("Content-Type", "application/json");
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(HttpResponse<String> r) throws Exception {
        JsonNode n = new ObjectMapper().readTree(r.body());
        assertThat(n.fieldNames()).toIterable().containsExactly("error");
        assertThat(n.get("error").fieldNames()).toIterable().containsExactly("code", "message");
        return n.get("error");
    }

    private void assertError(HttpResponse<String> r, int status, String code, String... messageParts) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = error(r);
        assertThat(e.get("code").asText()).isEqualTo(code);
        for (String part : messageParts) {
            assertThat(e.get("message").asText()).contains(part);
        }
    }

    private void assertNothingWritten(long runId) {
        RunInfo info = backend.getRun(runId);
        assertThat(info.params()).isEmpty();
        assertThat(info.tags()).isEmpty();
        assertThat(info.metrics()).isEmpty();
    }

    @Test
    void unknownFieldsAreRejectedNamingTheField() throws Exception {
        long run = backend.startRun("http").id();
        assertError(
                send(
                        "POST",
                        "/api/v1/runs/" + run + "/batch",
                        "{\"metrics\":[{\"key\":\"loss\",\"value\":1,\"step\":0,\"timestamp\":1}],\"parms\":{\"lr\":\"0.1\"}}",
                        TOKEN),
                400,
                "UNKNOWN_FIELD",
                "unknown field 'parms'",
                "known fields: batchId, metrics, params, tags");
        assertError(
                send(
                        "POST",
                        "/api/v1/runs/" + run + "/batch",
                        "{\"metrics\":[{\"key\":\"loss\",\"value\":1,\"step\":0,\"timestamp\":1,\"unit\":\"s\"}]}",
                        TOKEN),
                400,
                "UNKNOWN_FIELD",
                "unknown field 'unit'",
                "metrics[0]");
        assertError(
                send(
                        "POST",
                        "/api/v1/mlmd/artifacts",
                        "{\"type\":\"system.Model\",\"properties\":{\"framework\":{\"stringVal\":\"x\"}}}",
                        TOKEN),
                400,
                "UNKNOWN_FIELD",
                "stringVal");
        assertError(
                send("GET", "/api/v1/runs/" + run + "/metric-history?key=loss&maxpoints=3", null, null),
                400,
                "UNKNOWN_FIELD",
                "maxpoints");
        assertNothingWritten(run);
    }

    @Test
    void wrongTypesAreRejectedNamingThePath() throws Exception {
        long run = backend.startRun("http").id();
        String path = "/api/v1/runs/" + run + "/batch";
        assertError(
                send(
                        "POST",
                        path,
                        "{\"metrics\":[{\"key\":\"loss\",\"value\":\"high\",\"step\":0,\"timestamp\":1}],"
                                + "\"params\":{\"a\":\"b\"}}",
                        TOKEN),
                400,
                "WRONG_TYPE",
                "'metrics[0].value'",
                "a number");
        assertError(
                send(
                        "POST",
                        path,
                        "{\"metrics\":[{\"key\":\"loss\",\"value\":1,\"step\":1.5,\"timestamp\":1}]}",
                        TOKEN),
                400,
                "WRONG_TYPE",
                "'metrics[0].step'",
                "whole number");
        assertError(
                send("POST", path, "{\"params\":{\"lr\":0.01}}", TOKEN), 400, "WRONG_TYPE", "'params.lr'", "a string");
        assertError(send("POST", path, "{\"metrics\":{\"loss\":1}}", TOKEN), 400, "WRONG_TYPE", "'metrics'", "a list");
        assertError(
                send(
                        "POST",
                        path,
                        "{\"metrics\":[{\"key\":\"loss\",\"value\":null,\"step\":0,\"timestamp\":1}]}",
                        TOKEN),
                400,
                "WRONG_TYPE",
                "metrics[0].value");
        assertError(
                send("POST", "/api/v1/runs/" + run + "/end", "{\"status\":\"DONE\"}", TOKEN),
                400,
                "WRONG_TYPE",
                "'status'",
                "RUNNING, FINISHED, FAILED, KILLED");
        assertError(
                send("POST", path, "{\"params\":{\"a\":\"b\",\"a\":\"c\"}}", TOKEN),
                400,
                "MALFORMED_JSON",
                "Duplicate");
        assertError(send("POST", path, "{\"metrics\": [", TOKEN), 400, "MALFORMED_JSON", "malformed JSON");
        assertError(send("POST", path, "", TOKEN), 400, "MALFORMED_JSON", "empty");
        assertError(send("POST", path, "[]", TOKEN), 400, "WRONG_TYPE", "an object");
        assertError(send("GET", "/api/v1/runs/abc", null, null), 400, "WRONG_TYPE", "whole number");
        assertError(
                send(
                        "POST",
                        "/api/v1/mlmd/artifacts",
                        "{\"type\":\"system.Model\",\"properties\":{\"framework\":{\"intValue\":\"7\"}}}",
                        TOKEN),
                400,
                "WRONG_TYPE",
                "whole number");
        assertError(
                send("POST", "/api/v1/runs", "{\"name\":\"no experiment\"}", TOKEN),
                400,
                "INVALID_ARGUMENT",
                "experiment name");
        assertNothingWritten(run);
    }

    @Test
    void oversizeBatchesAndBodiesAreRejectedWhole() throws Exception {
        long run = backend.startRun("http").id();
        StringBuilder metrics = new StringBuilder("{\"params\":{\"a\":\"1\"},\"metrics\":[");
        for (int i = 0; i <= Limits.MAX_METRICS_PER_BATCH; i++) {
            metrics.append(i == 0 ? "" : ",")
                    .append("{\"key\":\"m\",\"value\":1,\"step\":")
                    .append(i)
                    .append(",\"timestamp\":1}");
        }
        metrics.append("]}");
        assertError(
                send("POST", "/api/v1/runs/" + run + "/batch", metrics.toString(), TOKEN),
                400,
                "BATCH_TOO_LARGE",
                "1001 metrics");
        String huge = "{\"tags\":{\"t\":\"" + "x".repeat(Limits.MAX_REQUEST_BYTES) + "\"}}";
        assertError(
                send("POST", "/api/v1/runs/" + run + "/batch", huge, TOKEN), 413, "PAYLOAD_TOO_LARGE", "larger than");
        assertNothingWritten(run);
    }

    @Test
    void badFiltersAreClearErrorsOverHttp() throws Exception {
        assertError(
                send("POST", "/api/v1/runs/search", "{\"filter\":\"metrics.acc > \"}", null),
                400,
                "BAD_FILTER",
                "position 15",
                "expected a value");
        assertError(
                send("POST", "/api/v1/runs/search", "{\"filter\":\"params.lr = '1'; DELETE FROM run\"}", null),
                400,
                "BAD_FILTER",
                "unexpected character ';'");
    }

    @Test
    void writesNeedTheTokenAndReadsDoNot() throws Exception {
        long run = backend.startRun("http").id();
        String body = "{\"params\":{\"lr\":\"0.1\"}}";
        HttpResponse<String> missing = send("POST", "/api/v1/runs/" + run + "/batch", body, null);
        assertError(missing, 401, "UNAUTHENTICATED", "missing bearer token");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertError(
                send("POST", "/api/v1/runs/" + run + "/batch", body, "wrong-token"),
                401,
                "UNAUTHENTICATED",
                "invalid bearer token");
        assertError(
                send("POST", "/api/v1/runs/" + run + "/batch", body, TOKEN + "x"), 401, "UNAUTHENTICATED", "invalid");
        HttpRequest basic = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/experiments"))
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))
                .build();
        assertThat(http.send(basic, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        assertError(
                send("POST", "/api/v1/mlmd/types", "{\"kind\":\"ARTIFACT\",\"name\":\"x\"}", null),
                401,
                "UNAUTHENTICATED");
        assertNothingWritten(run);
        assertThat(backend.findExperiment("x")).isEmpty();

        assertThat(send("GET", "/api/v1/runs/" + run, null, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/runs/search", "{}", null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/runs/" + run + "/batch", body, TOKEN).statusCode())
                .isEqualTo(204);
        assertThat(backend.getRun(run).params()).containsEntry("lr", "0.1");

        // the client API throws the same exception type the server reports
        try (MetadataStore wrong = MetadataStore.connect(server.url(), "nope")) {
            assertThat(wrong.getRun(run).id()).isEqualTo(run);
            assertThatThrownBy(() -> wrong.experiment("y"))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("invalid bearer token");
        }
        try (MetadataStore none = MetadataStore.connect(server.url())) {
            assertThatThrownBy(() -> none.startRun("y")).isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void readsCanBeProtectedToo() throws Exception {
        try (MetadataServer guarded =
                MetadataServer.builder(backend).token(TOKEN).protectReads(true).start()) {
            HttpRequest get = HttpRequest.newBuilder(URI.create(guarded.url() + "/api/v1/experiments"))
                    .build();
            assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(401);
            try (MetadataStore client = MetadataStore.connect(guarded.url(), TOKEN)) {
                assertThat(client.listExperiments()).isNotNull();
            }
        }
        assertThatThrownBy(
                        () -> MetadataServer.builder(backend).protectReads(true).start())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNonLoopbackAddressNeedsAToken() {
        assertThatThrownBy(() -> MetadataServer.builder(backend).host("0.0.0.0").start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a token");
        try (MetadataServer open =
                MetadataServer.builder(backend).host("0.0.0.0").token(TOKEN).start()) {
            assertThat(open.port()).isPositive();
        }
        try (MetadataServer local = MetadataServer.builder(backend).start()) {
            assertThat(local.url()).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void unknownRoutesAndMethodsAreJsonErrors() throws Exception {
        assertError(send("GET", "/api/v1/nothing", null, null), 404, "NOT_FOUND", "no endpoint");
        HttpResponse<String> wrongMethod = send("DELETE", "/api/v1/runs/1", null, TOKEN);
        assertError(wrongMethod, 405, "METHOD_NOT_ALLOWED", "GET");
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET, HEAD");
        assertError(send("GET", "/api/v1/runs/123456", null, null), 404, "NOT_FOUND", "run 123456 does not exist");
        assertThat(send("GET", "/api/v1/health", null, null).body()).contains("ok");
    }

    @Test
    void anUnreachableServerIsAClearError() {
        try (MetadataStore nowhere = MetadataStore.builder()
                .uri("http://127.0.0.1:1")
                .timeout(Duration.ofSeconds(2))
                .retryFor(Duration.ofMillis(500))
                .build()) {
            assertThatThrownBy(() -> nowhere.getRun(1))
                    .isInstanceOf(MetadataException.class)
                    .hasMessageContaining("cannot reach the metadata server at http://127.0.0.1:1");
        }
    }

    @Test
    void everyRouteIsDocumentedInTheOpenApiFileAndNothingElse() throws Exception {
        HttpResponse<String> r = send("GET", "/openapi.yaml", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/yaml");
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(r.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        Set<String> documented = new HashSet<>();
        Iterator<String> paths = doc.get("paths").fieldNames();
        while (paths.hasNext()) {
            String p = paths.next();
            Iterator<String> methods = doc.get("paths").get(p).fieldNames();
            while (methods.hasNext()) {
                String m = methods.next();
                if (Set.of("get", "post", "put", "delete", "patch").contains(m)) {
                    documented.add(m.toUpperCase(Locale.ROOT) + " " + p);
                    JsonNode op = doc.get("paths").get(p).get(m);
                    assertThat(op.has("responses"))
                            .as(m + " " + p + " documents its responses")
                            .isTrue();
                    assertThat(op.has("summary"))
                            .as(m + " " + p + " has a summary")
                            .isTrue();
                }
            }
        }
        Set<String> registered = new HashSet<>();
        for (Route route : server.registeredRoutes()) {
            registered.add(route.method() + " " + route.template());
            JsonNode op =
                    doc.get("paths").path(route.template()).path(route.method().toLowerCase(Locale.ROOT));
            Set<String> names = new HashSet<>();
            for (JsonNode param : op.path("parameters")) {
                JsonNode resolved = param;
                if (param.has("$ref")) {
                    String ref = param.get("$ref").asText();
                    assertThat(ref).startsWith("#/components/parameters/");
                    resolved = doc.path("components")
                            .path("parameters")
                            .path(ref.substring("#/components/parameters/".length()));
                    assertThat(resolved.isMissingNode()).as(ref + " resolves").isFalse();
                }
                if ("query".equals(resolved.path("in").asText())) {
                    names.add(resolved.path("name").asText());
                }
            }
            assertThat(names)
                    .as(route.method() + " " + route.template() + " documents exactly its query parameters")
                    .containsExactlyInAnyOrderElementsOf(route.queryParams());
            if (route.write()) {
                assertThat(op.path("security").isMissingNode())
                        .as(route.template() + " documents its security")
                        .isFalse();
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
    }
}
