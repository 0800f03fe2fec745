package io.jfairing.metadata.server;

import io.jfairing.metadata.Experiment;
import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.Limits;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.MetadataException;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunBatch;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.UnauthorizedException;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Context;
import io.jfairing.metadata.mlmd.Execution;
import io.jfairing.metadata.mlmd.MlmdQuery;
import io.jfairing.metadata.mlmd.MlmdStore;
import io.jfairing.metadata.mlmd.Type;
import io.jfairing.metadata.mlmd.TypeKind;
import io.jfairing.metadata.wire.Json;
import io.jfairing.metadata.wire.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link MetadataStore} over the REST API documented in {@code openapi.yaml} (also served at
 * {@code /openapi.yaml}). Binds 127.0.0.1 unless told otherwise; refuses to bind any other address without a
 * token. With a token, every write (and, with {@code protectReads} or off loopback, every read) needs
 * {@code Authorization: Bearer TOKEN}; the comparison takes the same time whatever the token, and tokens are never
 * logged. Requests must name the server in Host and come from no foreign Origin, and bodies must be JSON (so web
 * pages cannot write to a loopback server, nor read it through DNS rebinding). Slow and idle clients are handled
 * by {@link HttpTransport}. Errors are JSON: {@code {"error": {"code": "...", "message": "..."}}}.
 */
public final class MetadataServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetadataServer.class);
    static final String OPENAPI_RESOURCE = "/io/jfairing/metadata/server/openapi.yaml";

    private final MetadataStore store;
    private final byte[] tokenDigest;
    private final boolean protectReads;
    private final List<Route> routes;
    private final HttpTransport transport;
    private final DashboardAssets dashboard;
    /** Host header values answered (lower case); null: any. */
    private final Set<String> allowedHosts;
    /** Origin header values accepted (lower case); a request without Origin is always accepted. */
    private final Set<String> allowedOrigins;

    private MetadataServer(Builder b, InetAddress address) throws IOException {
        this.store = b.store;
        this.tokenDigest = b.token == null ? null : sha256(b.token);
        // off loopback, everyone on the network is a stranger: reads need the token too
        this.protectReads = b.protectReads || !address.isLoopbackAddress();
        this.routes = routes();
        this.transport = new HttpTransport(
                address,
                b.port,
                new HttpTransport.Settings(
                        b.threads,
                        b.maxConnections,
                        b.maxConnectionsPerClient,
                        b.headerTimeout,
                        b.bodyTimeout,
                        b.idleTimeout,
                        b.writeTimeout),
                this::handle);
        int port = port(); // bound, not yet serving
        if (b.allowedHosts.contains("*")) {
            this.allowedHosts = null;
        } else if (b.allowedHosts.isEmpty() && !address.isLoopbackAddress()) {
            this.allowedHosts = null; // bound off loopback: clients use names we cannot know, and the token guards all
        } else {
            Set<String> hosts = new java.util.LinkedHashSet<>();
            List<String> names = b.allowedHosts.isEmpty() ? List.of("127.0.0.1", "localhost", "[::1]") : b.allowedHosts;
            for (String h : names) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.matches(".*:[0-9]+") && !lower.matches("[0-9a-f:]+")) {
                    hosts.add(lower);
                } else {
                    hosts.add(lower + ":" + port);
                    if (port == 80) {
                        hosts.add(lower);
                    }
                }
            }
            this.allowedHosts = Set.copyOf(hosts);
        }
        Set<String> origins = new java.util.LinkedHashSet<>();
        for (String o : b.allowedOrigins) {
            origins.add(o.toLowerCase(Locale.ROOT));
        }
        if (b.allowedOrigins.isEmpty() && allowedHosts != null) {
            for (String h : allowedHosts) {
                origins.add("http://" + h); // the server's own origin
            }
        }
        this.allowedOrigins = Set.copyOf(origins);
        this.dashboard = new DashboardAssets(b.allowedOrigins);
        transport.start(); // only now: every request is checked against the lists above
    }

    public static Builder builder(MetadataStore store) {
        return new Builder(store);
    }

    /** Whether reads need the token too (asked for, or bound off loopback). */
    public boolean protectsReads() {
        return protectReads;
    }

    /** The port the server listens on (useful with port 0). */
    public int port() {
        return transport.address().getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8765}. */
    public String url() {
        InetAddress a = transport.address().getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    /** Every route the server answers, in matching order. */
    public List<Route> registeredRoutes() {
        return routes;
    }

    @Override
    public void close() {
        transport.close();
    }

    // ---------------------------------------------------------------- routes

    private List<Route> routes() {
        MlmdStore mlmd = store.mlmd();
        List<Route> r = new ArrayList<>();
        r.add(new Route("GET", "/openapi.yaml", false, Set.of(), req -> {
            try (InputStream in = MetadataServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
                if (in == null) {
                    throw new MetadataException("openapi.yaml is missing from the jar");
                }
                return new Response(200, in.readAllBytes(), "application/yaml");
            }
        }));
        r.add(new Route("GET", "/api/v1/health", false, Set.of(), req -> Map.of("status", "ok")));

        r.add(new Route("GET", "/api/v1/experiments", false, Set.of("name"), req -> {
            String name = req.query("name");
            List<Experiment> list = name == null
                    ? store.listExperiments()
                    : store.findExperiment(name).stream().toList();
            return Map.of("experiments", list);
        }));
        r.add(new Route(
                "POST",
                "/api/v1/experiments",
                true,
                Set.of(),
                req -> store.experiment(req.body(Wire.ExperimentRequest.class).name())));
        r.add(new Route(
                "GET", "/api/v1/experiments/{id}", false, Set.of(), req -> store.getExperiment(req.pathLong("id"))));

        r.add(new Route(
                "POST",
                "/api/v1/runs",
                true,
                Set.of(),
                req -> Response.json(201, store.createRun(req.body(RunSpec.class)))));
        r.add(new Route("POST", "/api/v1/runs/search", false, Set.of(), req -> {
            var page = store.searchRuns(req.body(RunQuery.class));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("runs", page.items());
            out.put("nextPageToken", page.nextPageToken());
            return out;
        }));
        r.add(new Route("GET", "/api/v1/runs/{id}", false, Set.of(), req -> store.getRun(req.pathLong("id"))));
        r.add(new Route("POST", "/api/v1/runs/{id}/batch", true, Set.of(), req -> {
            store.logBatch(req.pathLong("id"), req.body(RunBatch.class));
            return Response.noContent();
        }));
        r.add(new Route("POST", "/api/v1/runs/{id}/end", true, Set.of(), req -> {
            Wire.EndRunRequest end = req.body(Wire.EndRunRequest.class);
            return store.endRun(req.pathLong("id"), end.status(), end.endTime());
        }));
        r.add(new Route("POST", "/api/v1/runs/{id}/artifacts", true, Set.of(), req -> {
            Wire.LogArtifactRequest a = req.body(Wire.LogArtifactRequest.class);
            return store.logArtifact(req.pathLong("id"), a.type(), a.path(), a.artifact());
        }));
        r.add(new Route("GET", "/api/v1/runs/{id}/metric-history", false, Set.of("key", "maxPoints"), req -> {
            Long max = req.queryLong("maxPoints");
            if (max != null && (max < 0 || max > Limits.MAX_HISTORY_POINTS)) {
                throw new InvalidRequestException("maxPoints must be between 0 and " + Limits.MAX_HISTORY_POINTS);
            }
            return Map.of(
                    "points",
                    store.metricHistory(req.pathLong("id"), req.required("key"), max == null ? 0 : max.intValue()));
        }));
        r.add(new Route("GET", "/api/v1/lineage/{artifactId}", false, Set.of("direction", "maxHops"), req -> {
            String d = req.query("direction");
            LineageDirection direction =
                    d == null ? LineageDirection.BOTH : parseEnum(LineageDirection.class, "direction", d);
            Long hops = req.queryLong("maxHops");
            return store.lineage(
                    req.pathLong("artifactId"), direction, hops == null ? 20 : (int) Math.min(hops, Integer.MAX_VALUE));
        }));

        r.add(new Route("POST", "/api/v1/mlmd/types", true, Set.of(), req -> mlmd.putType(req.body(Type.class))));
        r.add(new Route("GET", "/api/v1/mlmd/types", false, Set.of("kind", "name"), req -> {
            TypeKind kind = parseEnum(TypeKind.class, "kind", req.required("kind"));
            String name = req.query("name");
            return Map.of(
                    "types",
                    name == null
                            ? mlmd.getTypes(kind)
                            : mlmd.getType(kind, name).stream().toList());
        }));
        Set<String> nodeParams = Set.of(
                "id",
                "type",
                "name",
                "uri",
                "contextId",
                "artifactId",
                "executionId",
                "parentsOf",
                "childrenOf",
                "limit");
        r.add(new Route(
                "POST", "/api/v1/mlmd/artifacts", true, Set.of(), req -> mlmd.putArtifact(req.body(Artifact.class))));
        r.add(new Route(
                "GET",
                "/api/v1/mlmd/artifacts",
                false,
                nodeParams,
                req -> Map.of("artifacts", mlmd.findArtifacts(mlmdQuery(req)))));
        r.add(new Route(
                "POST",
                "/api/v1/mlmd/executions",
                true,
                Set.of(),
                req -> mlmd.putExecution(req.body(Execution.class))));
        r.add(new Route(
                "GET",
                "/api/v1/mlmd/executions",
                false,
                nodeParams,
                req -> Map.of("executions", mlmd.findExecutions(mlmdQuery(req)))));
        r.add(new Route(
                "POST", "/api/v1/mlmd/contexts", true, Set.of(), req -> mlmd.putContext(req.body(Context.class))));
        r.add(new Route(
                "GET",
                "/api/v1/mlmd/contexts",
                false,
                nodeParams,
                req -> Map.of("contexts", mlmd.findContexts(mlmdQuery(req)))));
        r.add(new Route("POST", "/api/v1/mlmd/events", true, Set.of(), req -> {
            mlmd.putEvents(req.body(Wire.EventsRequest.class).events());
            return Response.noContent();
        }));
        r.add(new Route(
                "GET",
                "/api/v1/mlmd/events",
                false,
                Set.of("artifactId", "executionId"),
                req -> Map.of("events", mlmd.findEvents(req.queryLongs("artifactId"), req.queryLongs("executionId")))));
        r.add(new Route("POST", "/api/v1/mlmd/links", true, Set.of(), req -> {
            Wire.LinksRequest links = req.body(Wire.LinksRequest.class);
            mlmd.putAttributionsAndAssociations(links.attributions(), links.associations());
            return Response.noContent();
        }));
        r.add(new Route("POST", "/api/v1/mlmd/parent-contexts", true, Set.of(), req -> {
            mlmd.putParentContexts(req.body(Wire.ParentContextsRequest.class).parentContexts());
            return Response.noContent();
        }));
        r.addAll(RegistryRoutes.of(store.registry()));
        return List.copyOf(r);
    }

    private static MlmdQuery mlmdQuery(Request req) {
        MlmdQuery.Builder b = MlmdQuery.builder().ids(req.queryLongs("id"));
        b.type(req.query("type")).name(req.query("name")).uri(req.query("uri"));
        Long v;
        if ((v = req.queryLong("contextId")) != null) {
            b.contextId(v);
        }
        if ((v = req.queryLong("artifactId")) != null) {
            b.artifactId(v);
        }
        if ((v = req.queryLong("executionId")) != null) {
            b.executionId(v);
        }
        if ((v = req.queryLong("parentsOf")) != null) {
            b.parentsOf(v);
        }
        if ((v = req.queryLong("childrenOf")) != null) {
            b.childrenOf(v);
        }
        if ((v = req.queryLong("limit")) != null) {
            if (v < 1 || v > MlmdQuery.MAX_LIMIT) {
                throw new InvalidRequestException("limit must be between 1 and " + MlmdQuery.MAX_LIMIT);
            }
            b.limit(v.intValue());
        }
        return b.build();
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String param, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        throw new InvalidRequestException(
                InvalidRequestException.WRONG_TYPE,
                "query parameter '" + param + "' must be one of " + String.join(", ", names));
    }

    // ---------------------------------------------------------------- dispatch

    private HttpTransport.Answer handle(HttpTransport.Exchange ex) {
        Map<String, String> headers = new LinkedHashMap<>();
        String path = ex.target();
        Response response;
        try {
            response = dispatch(ex, headers);
        } catch (MetadataException e) {
            if (e.httpStatus() >= 500) {
                log.error("{} {} failed", ex.method(), rawPath(path), e);
            }
            if (e instanceof UnauthorizedException) {
                headers.put("WWW-Authenticate", "Bearer");
            }
            response = error(e.httpStatus(), e.code(), e.getMessage());
        } catch (IllegalArgumentException e) {
            response = error(400, InvalidRequestException.INVALID_ARGUMENT, e.getMessage());
        } catch (Exception e) {
            log.error("{} {} failed", ex.method(), rawPath(path), e);
            response = error(
                    500,
                    "INTERNAL",
                    "internal error: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        byte[] bytes =
                response.body() == null ? null : response.body() instanceof byte[] b ? b : Json.write(response.body());
        return new HttpTransport.Answer(response.status(), headers, bytes, response.contentType());
    }

    private static Response error(int status, String code, String message) {
        return Response.json(status, new Wire.ErrorBody(new Wire.ErrorDetail(code, message)));
    }

    private static String rawPath(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    private Response dispatch(HttpTransport.Exchange ex, Map<String, String> responseHeaders) throws Exception {
        checkHostAndOrigin(ex);
        String method = ex.method().toUpperCase(Locale.ROOT);
        String rawPath = rawPath(ex.target());
        String rawQuery = rawPath.length() < ex.target().length() ? ex.target().substring(rawPath.length() + 1) : null;
        // HEAD is GET without the body (the transport leaves it out)
        String routeMethod = method.equals("HEAD") ? "GET" : method;
        if (DashboardAssets.isDashboardPath(rawPath)) {
            return dashboard(routeMethod, rawPath, responseHeaders);
        }
        List<String> segments = splitPath(rawPath);
        Map<String, String> pathParams = new HashMap<>();
        Route matched = null;
        List<String> allowed = new ArrayList<>();
        for (Route route : routes) {
            Map<String, String> params = match(route.segments(), segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(routeMethod)) {
                matched = route;
                pathParams = params;
                break;
            }
            allowed.add(route.method());
            if (route.method().equals("GET")) {
                allowed.add("HEAD");
            }
        }
        if (matched == null) {
            if (!allowed.isEmpty()) {
                responseHeaders.put("Allow", String.join(", ", allowed));
                return error(
                        405,
                        "METHOD_NOT_ALLOWED",
                        method + " is not allowed on " + rawPath + "; use " + String.join(" or ", allowed));
            }
            return error(404, "NOT_FOUND", "no endpoint " + method + " " + rawPath + " (see /openapi.yaml)");
        }
        if (tokenDigest != null && (matched.write() || protectReads)) {
            authorize(ex.header("authorization"));
        }
        Map<String, List<String>> query = parseQuery(rawQuery);
        for (String q : query.keySet()) {
            if (!matched.queryParams().contains(q)) {
                throw new InvalidRequestException(
                        InvalidRequestException.UNKNOWN_FIELD,
                        "unknown query parameter '" + q + "'"
                                + (matched.queryParams().isEmpty()
                                        ? ""
                                        : " (known: "
                                                + String.join(", ", new java.util.TreeSet<>(matched.queryParams()))
                                                + ")"));
            }
        }
        byte[] body = ex.body();
        if (routeMethod.equals("GET")) {
            if (body.length > 0) {
                throw new InvalidRequestException(method + " " + rawPath + " takes no body");
            }
        } else if (body.length > 0 || !routeMethod.equals("DELETE")) {
            checkJson(ex, method, rawPath);
        }
        Object result = matched.handler().handle(new Request(pathParams, query, body));
        return result instanceof Response r ? r : Response.json(200, result);
    }

    /**
     * The dashboard's files: no token needed (they hold no data; the API calls they make follow the rules of every
     * other request), read-only, each with the dashboard's Content-Security-Policy.
     */
    private Response dashboard(String method, String rawPath, Map<String, String> responseHeaders) throws IOException {
        if (!method.equals("GET")) {
            responseHeaders.put("Allow", "GET, HEAD");
            return error(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + rawPath + "; use GET or HEAD");
        }
        if (rawPath.equals(DashboardAssets.PREFIX)) {
            responseHeaders.put("Location", DashboardAssets.PREFIX + "/"); // the page loads its files relative to /ui/
            return new Response(308, null, null);
        }
        var file = dashboard.file(rawPath);
        if (file.isEmpty()) {
            return error(404, "NOT_FOUND", "no dashboard file " + rawPath + " (the dashboard is at /ui/)");
        }
        responseHeaders.putAll(dashboard.headers());
        return file.get();
    }

    /**
     * Requests must name this server in Host (a page that reaches a loopback server through DNS rebinding names
     * its own host) and, when they come from a browser page, carry an allowed Origin (a foreign page's cross-site
     * request carries its own).
     */
    private void checkHostAndOrigin(HttpTransport.Exchange ex) {
        if (ex.count("host") != 1 || ex.header("host").isEmpty()) {
            throw new InvalidRequestException("a request needs exactly one Host header");
        }
        String host = ex.header("host").toLowerCase(Locale.ROOT);
        if (allowedHosts != null && !allowedHosts.contains(host)) {
            throw new ForbiddenException(
                    "HOST_NOT_ALLOWED",
                    "Host '" + abbreviate(host) + "' is not one this server"
                            + " answers to (" + String.join(", ", new java.util.TreeSet<>(allowedHosts))
                            + "); add names with --allowed-host");
        }
        if (ex.count("origin") > 0) {
            String origin = ex.header("origin").toLowerCase(Locale.ROOT);
            if (ex.count("origin") > 1 || !allowedOrigins.contains(origin)) {
                throw new ForbiddenException(
                        "ORIGIN_NOT_ALLOWED",
                        "requests from web pages at '" + abbreviate(origin)
                                + "' are not allowed; add the origin with --allowed-origin");
            }
        }
    }

    /** Writes take JSON only: a form or text/plain body is what a foreign web page can send without asking. */
    private static void checkJson(HttpTransport.Exchange ex, String method, String rawPath) {
        String type = ex.header("content-type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (ex.count("content-type") != 1 || !media.equals("application/json")) {
            throw new UnsupportedMediaTypeException(method + " " + rawPath + " takes a JSON body: send 'Content-Type:"
                    + " application/json'" + (type == null ? "" : ", not '" + abbreviate(type) + "'"));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** 403: the request comes from somewhere this server does not answer. */
    static final class ForbiddenException extends MetadataException {
        private static final long serialVersionUID = 1L;

        ForbiddenException(String code, String message) {
            super(code, 403, message, null);
        }
    }

    /** 415: the body is not JSON. */
    static final class UnsupportedMediaTypeException extends MetadataException {
        private static final long serialVersionUID = 1L;

        UnsupportedMediaTypeException(String message) {
            super("UNSUPPORTED_MEDIA_TYPE", 415, message, null);
        }
    }

    private void authorize(String header) {
        if (header == null || header.isBlank()) {
            throw new UnauthorizedException("missing bearer token: this server needs 'Authorization: Bearer <token>'"
                    + (protectReads ? "" : " for writes"));
        }
        String prefix = "Bearer ";
        if (header.length() <= prefix.length() || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new UnauthorizedException("the Authorization header must be 'Bearer <token>'");
        }
        byte[] given = sha256(header.substring(prefix.length()).trim());
        // compare digests of equal length in constant time: neither the length nor a prefix of the token leaks
        if (!MessageDigest.isEqual(given, tokenDigest)) {
            throw new UnauthorizedException("invalid bearer token");
        }
    }

    static List<String> splitPath(String rawPath) {
        List<String> out = new ArrayList<>();
        if (rawPath == null) {
            return out;
        }
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> match(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                params.put(t.substring(1, t.length() - 1), path.get(i));
            } else if (!t.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Server options. */
    public static final class Builder {
        private MetadataStore store;
        private String host = "127.0.0.1";
        private int port = 0;
        private String token;
        private boolean protectReads;
        private int threads = 8;
        private int maxConnections = 512;
        private int maxConnectionsPerClient = 256;
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration bodyTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration writeTimeout = Duration.ofSeconds(60);
        private List<String> allowedHosts = List.of();
        private List<String> allowedOrigins = List.of();

        private Builder(MetadataStore store) {
            this.store = store;
        }

        /** The store to serve. */
        public Builder store(MetadataStore store) {
            this.store = store;
            return this;
        }

        /** Address to bind (default 127.0.0.1). Any other than a loopback address needs a token. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port to bind; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Bearer token that writes must carry; null for none (loopback only). */
        public Builder token(String token) {
            this.token = token == null || token.isBlank() ? null : token.trim();
            return this;
        }

        /** Require the token for reads too (always so when bound off loopback). */
        public Builder protectReads(boolean protectReads) {
            this.protectReads = protectReads;
            return this;
        }

        /** Requests run against the store at once (default 8); slow clients do not hold these. */
        public Builder threads(int threads) {
            this.threads = Math.max(1, threads);
            return this;
        }

        /** Open connections at most, in all (default 512) and from one client address (default 256). */
        public Builder maxConnections(int total, int perClient) {
            this.maxConnections = Math.max(1, total);
            this.maxConnectionsPerClient = Math.max(1, Math.min(total, perClient));
            return this;
        }

        /**
         * How long a client may take to send a request's line and headers (default 10 s) and its body (default 30 s)
         * before it gets a 408 and its connection is closed, and how long an idle keep-alive connection stays open
         * (default 30 s).
         */
        public Builder timeouts(Duration header, Duration body, Duration idle) {
            this.headerTimeout = positive(header, "header timeout");
            this.bodyTimeout = positive(body, "body timeout");
            this.idleTimeout = positive(idle, "idle timeout");
            return this;
        }

        /**
         * Host header values answered besides none: {@code name} (with the server's port) or {@code name:port};
         * {@code *} for any. Default: {@code 127.0.0.1}, {@code localhost} and {@code [::1]} on a loopback address,
         * any host off loopback (where every request needs the token).
         */
        public Builder allowedHosts(List<String> hosts) {
            this.allowedHosts = hosts == null ? List.of() : List.copyOf(hosts);
            return this;
        }

        /**
         * Origin header values accepted ({@code http://host:port}); a request without an Origin (not from a browser
         * page) is always accepted. Default: the server's own origins.
         */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = origins == null ? List.of() : List.copyOf(origins);
            return this;
        }

        /** How long a client may take to read an answer before its connection is closed (default 60 s). */
        public Builder writeTimeout(Duration write) {
            this.writeTimeout = positive(write, "write timeout");
            return this;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }

        /**
         * Checks the options without binding anything: the host resolves, and a token is given for an address off
         * loopback. Returns the address to bind.
         *
         * @throws IllegalArgumentException naming what is wrong
         */
        public InetAddress check() {
            if (protectReads && token == null) {
                throw new IllegalArgumentException("protectReads needs a token");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("cannot resolve the address to bind, '" + host + "'");
            }
            if (!address.isLoopbackAddress() && token == null) {
                throw new IllegalArgumentException(
                        "refusing to serve on " + host + " without a token: anyone who can reach"
                                + " it could write. Give a token (--token-file) or bind 127.0.0.1");
            }
            return address;
        }

        /** Binds and starts serving. */
        public MetadataServer start() {
            if (store == null) {
                throw new IllegalArgumentException("no store to serve");
            }
            InetAddress address = check();
            try {
                return new MetadataServer(this, address);
            } catch (IOException e) {
                throw new MetadataException("cannot serve on " + host + ":" + port + ": " + e.getMessage(), e);
            }
        }
    }
}
