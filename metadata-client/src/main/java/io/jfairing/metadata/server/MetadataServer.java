package io.jfairing.metadata.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link MetadataStore} over the REST API documented in {@code openapi.yaml} (also served at
 * {@code /openapi.yaml}). Binds 127.0.0.1 unless told otherwise; refuses to bind any other address without a
 * token. With a token, every write (and, with {@code protectReads}, every read) needs
 * {@code Authorization: Bearer TOKEN}; the comparison takes the same time whatever the token, and tokens are never
 * logged. Errors are JSON: {@code {"error": {"code": "...", "message": "..."}}}.
 */
public final class MetadataServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetadataServer.class);
  static {
    // The JDK server writes headers and body in separate packets; with Nagle's algorithm and the client's delayed
    // ACK that costs ~40 ms per small answer. Read once, when the JDK's server classes first load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final long DRAIN_CAP = 16L * Limits.MAX_REQUEST_BYTES;
  static final String OPENAPI_RESOURCE = "/io/jfairing/metadata/server/openapi.yaml";

  private final MetadataStore store;
  private final byte[] tokenDigest;
  private final boolean protectReads;
  private final List<Route> routes;
  private final HttpServer server;
  private final ExecutorService executor;

  private MetadataServer(Builder b) throws IOException {
    this.store = b.store;
    this.tokenDigest = b.token == null ? null : sha256(b.token);
    this.protectReads = b.protectReads;
    InetAddress address = InetAddress.getByName(b.host);
    if (!address.isLoopbackAddress() && b.token == null) {
      throw new IllegalArgumentException("refusing to serve on " + b.host + " without a token: anyone who can reach"
          + " it could write. Give a token (--token-file) or bind 127.0.0.1");
    }
    this.routes = routes();
    this.server = HttpServer.create(new InetSocketAddress(address, b.port), 128);
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(b.threads, r -> {
      Thread t = new Thread(r, "jfairing-metadata-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static Builder builder(MetadataStore store) {
    return new Builder(store);
  }

  /** The port the server listens on (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8765}. */
  public String url() {
    InetAddress a = server.getAddress().getAddress();
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
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
      List<Experiment> list = name == null ? store.listExperiments() : store.findExperiment(name).stream().toList();
      return Map.of("experiments", list);
    }));
    r.add(new Route("POST", "/api/v1/experiments", true, Set.of(),
        req -> store.experiment(req.body(Wire.ExperimentRequest.class).name())));
    r.add(new Route("GET", "/api/v1/experiments/{id}", false, Set.of(),
        req -> store.getExperiment(req.pathLong("id"))));

    r.add(new Route("POST", "/api/v1/runs", true, Set.of(),
        req -> Response.json(201, store.createRun(req.body(RunSpec.class)))));
    r.add(new Route("POST", "/api/v1/runs/search", false, Set.of(),
        req -> {
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
      return Map.of("points", store.metricHistory(req.pathLong("id"), req.required("key"), max == null ? 0 : max.intValue()));
    }));
    r.add(new Route("GET", "/api/v1/lineage/{artifactId}", false, Set.of("direction", "maxHops"), req -> {
      String d = req.query("direction");
      LineageDirection direction = d == null ? LineageDirection.BOTH : parseEnum(LineageDirection.class, "direction", d);
      Long hops = req.queryLong("maxHops");
      return store.lineage(req.pathLong("artifactId"), direction, hops == null ? 20 : (int) Math.min(hops, Integer.MAX_VALUE));
    }));

    r.add(new Route("POST", "/api/v1/mlmd/types", true, Set.of(), req -> mlmd.putType(req.body(Type.class))));
    r.add(new Route("GET", "/api/v1/mlmd/types", false, Set.of("kind", "name"), req -> {
      TypeKind kind = parseEnum(TypeKind.class, "kind", req.required("kind"));
      String name = req.query("name");
      return Map.of("types", name == null ? mlmd.getTypes(kind) : mlmd.getType(kind, name).stream().toList());
    }));
    Set<String> nodeParams = Set.of("id", "type", "name", "uri", "contextId", "artifactId", "executionId",
        "parentsOf", "childrenOf", "limit");
    r.add(new Route("POST", "/api/v1/mlmd/artifacts", true, Set.of(), req -> mlmd.putArtifact(req.body(Artifact.class))));
    r.add(new Route("GET", "/api/v1/mlmd/artifacts", false, nodeParams,
        req -> Map.of("artifacts", mlmd.findArtifacts(mlmdQuery(req)))));
    r.add(new Route("POST", "/api/v1/mlmd/executions", true, Set.of(),
        req -> mlmd.putExecution(req.body(Execution.class))));
    r.add(new Route("GET", "/api/v1/mlmd/executions", false, nodeParams,
        req -> Map.of("executions", mlmd.findExecutions(mlmdQuery(req)))));
    r.add(new Route("POST", "/api/v1/mlmd/contexts", true, Set.of(), req -> mlmd.putContext(req.body(Context.class))));
    r.add(new Route("GET", "/api/v1/mlmd/contexts", false, nodeParams,
        req -> Map.of("contexts", mlmd.findContexts(mlmdQuery(req)))));
    r.add(new Route("POST", "/api/v1/mlmd/events", true, Set.of(), req -> {
      mlmd.putEvents(req.body(Wire.EventsRequest.class).events());
      return Response.noContent();
    }));
    r.add(new Route("GET", "/api/v1/mlmd/events", false, Set.of("artifactId", "executionId"),
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
    throw new InvalidRequestException(InvalidRequestException.WRONG_TYPE,
        "query parameter '" + param + "' must be one of " + String.join(", ", names));
  }

  // ---------------------------------------------------------------- dispatch

  private void handle(HttpExchange ex) {
    try (ex) {
      Response response;
      try {
        response = dispatch(ex);
      } catch (MetadataException e) {
        if (e.httpStatus() >= 500) {
          log.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
        }
        if (e instanceof UnauthorizedException) {
          ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        }
        response = error(e.httpStatus(), e.code(), e.getMessage());
      } catch (IllegalArgumentException e) {
        response = error(400, InvalidRequestException.INVALID_ARGUMENT, e.getMessage());
      } catch (Exception e) {
        log.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
        response = error(500, "INTERNAL", "internal error: " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      }
      send(ex, response);
    } catch (IOException e) {
      log.debug("could not answer {}: {}", ex.getRequestURI().getRawPath(), e.getMessage());
    }
  }

  private static Response error(int status, String code, String message) {
    return Response.json(status, new Wire.ErrorBody(new Wire.ErrorDetail(code, message)));
  }

  private Response dispatch(HttpExchange ex) throws Exception {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    URI uri = ex.getRequestURI();
    List<String> segments = splitPath(uri.getRawPath());
    Map<String, String> pathParams = new HashMap<>();
    Route matched = null;
    List<String> allowed = new ArrayList<>();
    for (Route route : routes) {
      Map<String, String> params = match(route.segments(), segments);
      if (params == null) {
        continue;
      }
      if (route.method().equals(method)) {
        matched = route;
        pathParams = params;
        break;
      }
      allowed.add(route.method());
    }
    if (matched == null) {
      if (!allowed.isEmpty()) {
        ex.getResponseHeaders().add("Allow", String.join(", ", allowed));
        return error(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + uri.getRawPath()
            + "; use " + String.join(" or ", allowed));
      }
      return error(404, "NOT_FOUND", "no endpoint " + method + " " + uri.getRawPath() + " (see /openapi.yaml)");
    }
    if (tokenDigest != null && (matched.write() || protectReads)) {
      authorize(ex.getRequestHeaders().getFirst("Authorization"));
    }
    Map<String, List<String>> query = parseQuery(uri.getRawQuery());
    for (String q : query.keySet()) {
      if (!matched.queryParams().contains(q)) {
        throw new InvalidRequestException(InvalidRequestException.UNKNOWN_FIELD, "unknown query parameter '" + q + "'"
            + (matched.queryParams().isEmpty() ? "" : " (known: " + String.join(", ", new java.util.TreeSet<>(matched.queryParams())) + ")"));
      }
    }
    byte[] body = "GET".equals(method) ? new byte[0] : readBody(ex);
    Object result = matched.handler().handle(new Request(pathParams, query, body));
    return result instanceof Response r ? r : Response.json(200, result);
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

  /**
   * Reads the body, at most {@link Limits#MAX_REQUEST_BYTES}. A larger body is read on and thrown away (up to a
   * hard cap) so that the client, which is still sending, gets the 413 answer rather than a reset connection.
   */
  private static byte[] readBody(HttpExchange ex) throws IOException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("invalid Content-Length");
      }
    }
    InputStream in = ex.getRequestBody();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16384];
    long total = 0;
    int r;
    while ((r = in.read(buf)) != -1) {
      total += r;
      if (total <= Limits.MAX_REQUEST_BYTES) {
        out.write(buf, 0, r);
      } else if (total > DRAIN_CAP) {
        break;
      }
    }
    if (total > Limits.MAX_REQUEST_BYTES) {
      throw tooLarge();
    }
    return out.toByteArray();
  }

  private static InvalidRequestException tooLarge() {
    return new InvalidRequestException(InvalidRequestException.PAYLOAD_TOO_LARGE,
        "request body is larger than " + Limits.MAX_REQUEST_BYTES + " bytes; send smaller batches (at most "
            + Limits.MAX_METRICS_PER_BATCH + " metrics each)");
  }

  private static void send(HttpExchange ex, Response r) throws IOException {
    if (r.body() == null) {
      ex.sendResponseHeaders(r.status(), -1);
      return;
    }
    byte[] bytes = r.body() instanceof byte[] b ? b : Json.write(r.body());
    ex.getResponseHeaders().set("Content-Type", r.contentType());
    ex.sendResponseHeaders(r.status(), bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
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
    private final MetadataStore store;
    private String host = "127.0.0.1";
    private int port = 0;
    private String token;
    private boolean protectReads;
    private int threads = 8;

    private Builder(MetadataStore store) {
      this.store = store;
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

    /** Require the token for reads too. */
    public Builder protectReads(boolean protectReads) {
      this.protectReads = protectReads;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = Math.max(1, threads);
      return this;
    }

    /** Binds and starts serving. */
    public MetadataServer start() {
      if (protectReads && token == null) {
        throw new IllegalArgumentException("protectReads needs a token");
      }
      try {
        return new MetadataServer(this);
      } catch (IOException e) {
        throw new MetadataException("cannot serve on " + host + ":" + port + ": " + e.getMessage(), e);
      }
    }
  }
}
