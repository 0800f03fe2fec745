package io.jfairing.metadata.store.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.jfairing.metadata.ConflictException;
import io.jfairing.metadata.Experiment;
import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.Lineage;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.LogBuffering;
import io.jfairing.metadata.MetadataException;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.NotFoundException;
import io.jfairing.metadata.Page;
import io.jfairing.metadata.RunBatch;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.RunStatus;
import io.jfairing.metadata.UnauthorizedException;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Association;
import io.jfairing.metadata.mlmd.Attribution;
import io.jfairing.metadata.mlmd.Context;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.Execution;
import io.jfairing.metadata.mlmd.MlmdQuery;
import io.jfairing.metadata.mlmd.MlmdStore;
import io.jfairing.metadata.mlmd.ParentContext;
import io.jfairing.metadata.mlmd.Type;
import io.jfairing.metadata.mlmd.TypeKind;
import io.jfairing.metadata.registry.ModelRegistry;
import io.jfairing.metadata.wire.Json;
import io.jfairing.metadata.wire.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client of a {@code jfairing-metadata serve} server: the same API as the embedded store, the same exceptions
 * (the server's error codes map back to them). Obtain it through {@link MetadataStore#connect(String)}.
 *
 * <p>Requests that are safe to repeat (reads, batches, ending a run) are retried twice when the connection fails.
 * Longer outages are the business of {@link io.jfairing.metadata.Run}'s metric writer, which spools and re-sends
 * batches with ids (see {@link io.jfairing.metadata.LogBuffering}).
 */
public final class HttpMetadataStore implements MetadataStore {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HttpMetadataStore.class);
    /** How long a call waits for a server it cannot reach, by default. */
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofSeconds(30);

    private static final int ATTEMPTS = 3;
    private static final long MAX_PAUSE_MS = 2000;
    private static final ObjectReader LENIENT =
            Json.mapper().reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String base;
    private final String authorization;
    private final LogBuffering buffering;
    private final Duration timeout;
    private final Duration retryFor;
    private final HttpClient http;
    private final Mlmd mlmd = new Mlmd();
    private final HttpModelRegistry registry = new HttpModelRegistry(this);

    public HttpMetadataStore(String baseUrl, String token, LogBuffering buffering, Duration timeout) {
        this(baseUrl, token, buffering, timeout, DEFAULT_RETRY_FOR);
    }

    /**
     * @param retryFor how long a call keeps retrying (with backoff) while the server cannot be reached: a refused
     *     connection or a 503 for any call (nothing was processed), a dropped connection or a timeout for calls that
     *     are safe to repeat
     */
    public HttpMetadataStore(
            String baseUrl, String token, LogBuffering buffering, Duration timeout, Duration retryFor) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI uri = URI.create(b);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("metadata server url '" + baseUrl + "' has no host");
        }
        this.base = b;
        this.authorization = token == null || token.isBlank() ? null : "Bearer " + token.trim();
        this.buffering = buffering;
        this.timeout = timeout;
        this.retryFor = retryFor;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(Math.min(10, Math.max(1, timeout.toSeconds()))))
                .build();
    }

    @Override
    public LogBuffering buffering() {
        return buffering;
    }

    @Override
    public MlmdStore mlmd() {
        return mlmd;
    }

    @Override
    public ModelRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        // HttpClient has no close() on Java 17; its threads are daemons and go with it
    }

    // ---------------------------------------------------------------- experiments

    @Override
    public Experiment experiment(String name) {
        return call("POST", "/api/v1/experiments", new Wire.ExperimentRequest(name), false, Experiment.class);
    }

    @Override
    public Optional<Experiment> findExperiment(String name) {
        JsonNode n = call("GET", "/api/v1/experiments?name=" + enc(name), null, true, JsonNode.class);
        return convert(n.get("experiments"), new TypeReference<List<Experiment>>() {}).stream()
                .findFirst();
    }

    @Override
    public Experiment getExperiment(long id) {
        return call("GET", "/api/v1/experiments/" + id, null, true, Experiment.class);
    }

    @Override
    public List<Experiment> listExperiments() {
        JsonNode n = call("GET", "/api/v1/experiments", null, true, JsonNode.class);
        return convert(n.get("experiments"), new TypeReference<List<Experiment>>() {});
    }

    // ---------------------------------------------------------------- runs

    @Override
    public RunInfo createRun(RunSpec spec) {
        return call("POST", "/api/v1/runs", spec, false, RunInfo.class);
    }

    @Override
    public RunInfo getRun(long runId) {
        return call("GET", "/api/v1/runs/" + runId, null, true, RunInfo.class);
    }

    @Override
    public void logBatch(long runId, RunBatch batch) {
        io.jfairing.metadata.Limits.checkBatch(batch);
        call("POST", "/api/v1/runs/" + runId + "/batch", batch, true, Void.class);
    }

    @Override
    public RunInfo endRun(long runId, RunStatus status, Long endTime) {
        return call(
                "POST", "/api/v1/runs/" + runId + "/end", new Wire.EndRunRequest(status, endTime), true, RunInfo.class);
    }

    @Override
    public Artifact logArtifact(long runId, Event.Type type, String path, Artifact artifact) {
        return call(
                "POST",
                "/api/v1/runs/" + runId + "/artifacts",
                new Wire.LogArtifactRequest(type, path, artifact),
                false,
                Artifact.class);
    }

    @Override
    public Page<RunInfo> searchRuns(RunQuery query) {
        JsonNode n = call("POST", "/api/v1/runs/search", query, true, JsonNode.class);
        List<RunInfo> runs = convert(n.get("runs"), new TypeReference<List<RunInfo>>() {});
        JsonNode token = n.get("nextPageToken");
        return new Page<>(runs, token == null || token.isNull() ? null : token.asText());
    }

    @Override
    public List<MetricPoint> metricHistory(long runId, String key, int maxPoints) {
        JsonNode n = call(
                "GET",
                "/api/v1/runs/" + runId + "/metric-history?key=" + enc(key) + "&maxPoints=" + Math.max(0, maxPoints),
                null,
                true,
                JsonNode.class);
        return convert(n.get("points"), new TypeReference<List<MetricPoint>>() {});
    }

    @Override
    public Lineage lineage(long artifactId, LineageDirection direction, int maxHops) {
        if (direction == null) {
            throw new InvalidRequestException("direction is required: UPSTREAM, DOWNSTREAM or BOTH");
        }
        return call(
                "GET",
                "/api/v1/lineage/" + artifactId + "?direction=" + direction + "&maxHops=" + maxHops,
                null,
                true,
                Lineage.class);
    }

    // ---------------------------------------------------------------- MLMD

    private final class Mlmd implements MlmdStore {
        @Override
        public Type putType(Type type) {
            return call("POST", "/api/v1/mlmd/types", type, false, Type.class);
        }

        @Override
        public Optional<Type> getType(TypeKind kind, String name) {
            JsonNode n =
                    call("GET", "/api/v1/mlmd/types?kind=" + kind + "&name=" + enc(name), null, true, JsonNode.class);
            return convert(n.get("types"), new TypeReference<List<Type>>() {}).stream()
                    .findFirst();
        }

        @Override
        public List<Type> getTypes(TypeKind kind) {
            JsonNode n = call("GET", "/api/v1/mlmd/types?kind=" + kind, null, true, JsonNode.class);
            return convert(n.get("types"), new TypeReference<List<Type>>() {});
        }

        @Override
        public Artifact putArtifact(Artifact artifact) {
            return call("POST", "/api/v1/mlmd/artifacts", artifact, false, Artifact.class);
        }

        @Override
        public Execution putExecution(Execution execution) {
            return call("POST", "/api/v1/mlmd/executions", execution, false, Execution.class);
        }

        @Override
        public Context putContext(Context context) {
            return call("POST", "/api/v1/mlmd/contexts", context, false, Context.class);
        }

        @Override
        public void putEvents(List<Event> events) {
            call("POST", "/api/v1/mlmd/events", new Wire.EventsRequest(events), false, Void.class);
        }

        @Override
        public void putAttributionsAndAssociations(List<Attribution> attributions, List<Association> associations) {
            call("POST", "/api/v1/mlmd/links", new Wire.LinksRequest(attributions, associations), true, Void.class);
        }

        @Override
        public void putParentContexts(List<ParentContext> parentContexts) {
            call(
                    "POST",
                    "/api/v1/mlmd/parent-contexts",
                    new Wire.ParentContextsRequest(parentContexts),
                    true,
                    Void.class);
        }

        @Override
        public List<Artifact> findArtifacts(MlmdQuery query) {
            JsonNode n = call("GET", "/api/v1/mlmd/artifacts" + queryString(query), null, true, JsonNode.class);
            return convert(n.get("artifacts"), new TypeReference<List<Artifact>>() {});
        }

        @Override
        public List<Execution> findExecutions(MlmdQuery query) {
            JsonNode n = call("GET", "/api/v1/mlmd/executions" + queryString(query), null, true, JsonNode.class);
            return convert(n.get("executions"), new TypeReference<List<Execution>>() {});
        }

        @Override
        public List<Context> findContexts(MlmdQuery query) {
            JsonNode n = call("GET", "/api/v1/mlmd/contexts" + queryString(query), null, true, JsonNode.class);
            return convert(n.get("contexts"), new TypeReference<List<Context>>() {});
        }

        @Override
        public List<Event> findEvents(List<Long> artifactIds, List<Long> executionIds) {
            StringBuilder q = new StringBuilder();
            for (Long id : artifactIds == null ? List.<Long>of() : artifactIds) {
                q.append(q.length() == 0 ? '?' : '&').append("artifactId=").append(id);
            }
            for (Long id : executionIds == null ? List.<Long>of() : executionIds) {
                q.append(q.length() == 0 ? '?' : '&').append("executionId=").append(id);
            }
            JsonNode n = call("GET", "/api/v1/mlmd/events" + q, null, true, JsonNode.class);
            return convert(n.get("events"), new TypeReference<List<Event>>() {});
        }
    }

    private static String queryString(MlmdQuery q) {
        List<String> parts = new ArrayList<>();
        for (Long id : q.ids()) {
            parts.add("id=" + id);
        }
        add(parts, "type", q.type());
        add(parts, "name", q.name());
        add(parts, "uri", q.uri());
        add(parts, "contextId", q.contextId());
        add(parts, "artifactId", q.artifactId());
        add(parts, "executionId", q.executionId());
        add(parts, "parentsOf", q.parentsOf());
        add(parts, "childrenOf", q.childrenOf());
        add(parts, "limit", q.limit());
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static void add(List<String> parts, String name, Object value) {
        if (value != null) {
            parts.add(name + "=" + enc(String.valueOf(value)));
        }
    }

    // ---------------------------------------------------------------- transport

    static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    static <T> T convert(JsonNode node, TypeReference<T> type) {
        if (node == null || node.isNull()) {
            throw new MetadataException("the server's answer lacks an expected field");
        }
        try {
            return LENIENT.forType(type).readValue(node);
        } catch (IOException e) {
            throw new MetadataException("cannot read the server's answer: " + e.getMessage(), e);
        }
    }

    /**
     * Sends a request and reads the answer; an error answer becomes the exception the embedded store would throw.
     *
     * @param idempotent whether the request may be retried when the connection fails
     */
    <T> T call(String method, String path, Object body, boolean idempotent, Class<T> type) {
        HttpRequest.Builder rb =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        if (body != null) {
            rb.header("Content-Type", "application/json");
            rb.method(method, HttpRequest.BodyPublishers.ofByteArray(Json.write(body)));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpRequest request = rb.build();
        // the metric writer's batches (they carry an id) get a few quick attempts: it spools them itself
        boolean quick = body instanceof RunBatch b && b.batchId() != null;
        long deadline = System.nanoTime() + (quick ? 0 : retryFor.toNanos());
        HttpResponse<byte[]> response = null;
        Exception last = null;
        long pause = 100;
        boolean warned = false;
        for (int attempt = 1; ; attempt++) {
            boolean retryable;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 503) {
                    break;
                }
                last = error(503, response.body()); // refused before it was processed (connection limit, stopping)
                retryable = true;
            } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
                last = e; // nothing was sent: any call may be repeated
                retryable = true;
            } catch (
                    IOException e) { // reset, timed out: the request may have been processed; repeat it when idempotent
                last = e;
                retryable = idempotent;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MetadataException("interrupted while calling the metadata server", e);
            }
            response = null;
            if (!retryable || (attempt >= ATTEMPTS && System.nanoTime() - deadline > 0)) {
                break;
            }
            if (attempt == ATTEMPTS && !warned) {
                warned = true;
                log.warn(
                        "cannot reach the metadata server at {} ({}); retrying {} {} for up to {} s",
                        base,
                        last,
                        method,
                        path,
                        retryFor.toSeconds());
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MetadataException("interrupted while calling the metadata server", e);
            }
            pause = Math.min(MAX_PAUSE_MS, pause * 2);
        }
        if (response == null) {
            if (last instanceof MetadataException m) {
                throw m;
            }
            throw new MetadataException("cannot reach the metadata server at " + base + ": " + last, last);
        }
        int status = response.statusCode();
        if (status >= 400) {
            throw error(status, response.body());
        }
        if (type == Void.class || status == 204) {
            return null;
        }
        try {
            return LENIENT.forType(type).readValue(response.body());
        } catch (IOException e) {
            throw new MetadataException(
                    "cannot read the server's answer to " + method + " " + path + ": " + e.getMessage(), e);
        }
    }

    private static MetadataException error(int status, byte[] body) {
        String code = null;
        String message = null;
        try {
            JsonNode n = Json.mapper().readTree(body);
            JsonNode e = n == null ? null : n.get("error");
            if (e != null) {
                code = e.path("code").asText(null);
                message = e.path("message").asText(null);
            }
        } catch (IOException | RuntimeException ignored) {
            // not our error body: use the status
        }
        if (message == null) {
            message = "metadata server answered HTTP " + status;
        }
        return switch (status) {
            case 400, 411, 413, 415, 422, 431 ->
                new InvalidRequestException(code == null ? InvalidRequestException.INVALID_ARGUMENT : code, message);
            case 401, 403 -> new UnauthorizedException(message);
            case 404 -> new NotFoundException(message);
            case 409 -> new ConflictException(code == null ? ConflictException.ALREADY_EXISTS : code, message);
            default -> new MetadataException(message + (code == null ? "" : " [" + code + "]"));
        };
    }
}
