package io.jfairing.runtime.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jfairing.runtime.json.JsonCodec;
import io.jfairing.runtime.runner.Predictor;
import io.jfairing.runtime.runner.TensorSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a {@link Predictor} over the KServe V1 and V2 (Open Inference Protocol) REST APIs, JDK only
 * ({@code java.base}, {@code jdk.httpserver}, {@code java.net.http}).
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.builder(predictor).modelName("iris").port(8080).start()) {
 *     server.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>V1 calls {@code predict} once per instance; V2 once per row along the first dimension of the input tensor (or,
 * with several inputs, with a {@code Map} from input name to row). An instance is passed as its JSON value (List,
 * Map, String, Long, Double, Boolean) unless the predictor's {@code predict} declares a more specific type: arrays
 * ({@code double[]}, {@code float[][]}, ...), boxes and primitives are converted. The tensors a predictor declares
 * ({@link Predictor#inputs()}, {@link Predictor#outputs()}) are its V2 metadata, and requests are checked against them.
 *
 * <p>Hardened for a browser's reach and slow clients: writes must be JSON (or binary tensor data), a foreign
 * {@code Origin} or a {@code Host} that is not this server's gets 403 ({@link RequestGuard}), a request must arrive
 * within {@value #DEFAULT_REQUEST_SECONDS} s (the JDK's {@code sun.net.httpserver.maxReqTime}), connections beyond the
 * pool are closed at once, and every error is JSON {@code {"error": "..."}}.
 */
public final class ModelServer implements AutoCloseable {
    /** Seconds a client has to send a whole request (headers and body) before its connection is closed. */
    public static final String REQUEST_SECONDS_PROPERTY = "sun.net.httpserver.maxReqTime";

    public static final int DEFAULT_REQUEST_SECONDS = 30;

    static {
        // Without TCP_NODELAY each small response waits for the client's delayed ACK (about 40 ms).
        // Read once, when the JDK's server classes initialise: set before the first HttpServer is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // A client that sends half a request and stalls holds a thread: the JDK server closes such a connection
        // after this many seconds (without it, never). Read once, like nodelay.
        if (System.getProperty(REQUEST_SECONDS_PROPERTY) == null) {
            System.setProperty(REQUEST_SECONDS_PROPERTY, Integer.toString(DEFAULT_REQUEST_SECONDS));
        }
    }

    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final Builder config;
    private final Inference inference;
    private final RequestGuard guard;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final ServingMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object drainLock = new Object();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean modelReady;
    private volatile boolean draining;
    private volatile String loadFailure;

    private ModelServer(Builder config) {
        this.config = config;
        this.metrics = new ServingMetrics(config.modelName, this::isReady, inFlight::get);
        this.inference = new Inference(
                config.predictor,
                config.inputType != null ? config.inputType : Tensors.inputType(config.predictor),
                config.inputs.isEmpty() ? config.predictor.inputs() : config.inputs,
                config.outputs.isEmpty() ? config.predictor.outputs() : config.outputs,
                config.outputName,
                metrics,
                config.threads);
        this.guard = RequestGuard.of(config.host, config.allowedHosts, config.allowedOrigins);
        // Reading a request holds a thread (the JDK server reads blocking), so the pool has room for connections
        // beyond the predicting threads; past it, a connection is closed at once (the JDK server's answer to a
        // rejected task), never queued behind stalled ones.
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                config.threads,
                config.threads + config.queue,
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "jfairing-serving-" + threadNumber.incrementAndGet());
                    thread.setDaemon(false);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
        try {
            this.server = HttpServer.create(new InetSocketAddress(config.host, config.port), 0);
        } catch (IOException e) {
            executor.shutdown();
            throw new UncheckedIOException(
                    "cannot listen on " + config.host + ":" + config.port + ": " + e.getMessage(), e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public static Builder builder(Predictor<?, ?> predictor) {
        return new Builder(predictor);
    }

    private ModelServer begin() {
        server.start();
        if (config.modelUri == null) {
            modelReady = true;
            loaded.countDown();
        } else {
            Thread loader = new Thread(this::load, "jfairing-model-loader");
            loader.setDaemon(true);
            loader.start();
        }
        return this;
    }

    private void load() {
        try (ModelFetcher.Artifact artifact = new ModelFetcher(config.maxModelBytes).fetch(config.modelUri)) {
            if (config.loader != null) {
                config.loader.load(artifact.path());
            } else if (config.predictor instanceof ModelLoader loader) {
                loader.load(artifact.path());
            } else {
                config.predictor.load(artifact.path());
            }
            modelReady = true;
        } catch (Throwable t) {
            loadFailure = describe(t);
            metrics.loadFailure();
            System.err.println(
                    "jfairing serving: cannot load model " + ModelFetcher.shown(config.modelUri) + ": " + loadFailure);
        } finally {
            loaded.countDown();
        }
    }

    /**
     * A load failure, safe to show: a fetch error's own message; else the exception's class and where it was thrown,
     * never its message (a parser's message quotes the file: {@code --model-uri file:///etc/passwd}).
     */
    static String describe(Throwable t) {
        if (t instanceof ModelFetcher.FetchException) {
            return t.getMessage();
        }
        StackTraceElement where = null;
        for (StackTraceElement frame : t.getStackTrace()) {
            if (where == null) {
                where = frame;
            }
            String name = frame.getClassName();
            if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
                where = frame; // the loader's own line, not the JDK parser's
                break;
            }
        }
        return t.getClass().getName()
                + (where == null ? "" : " at " + where)
                + " (its message is not shown: it may quote the model file)";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String modelName() {
        return config.modelName;
    }

    /** True once the model loaded, until shutdown begins. */
    public boolean isReady() {
        return modelReady && !draining;
    }

    /** Waits for the model load to end; true if it succeeded. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return isReady();
    }

    /** Why the model failed to load (the exception's class and place for a loader's failure), if it did. */
    public Optional<String> loadFailure() {
        return Optional.ofNullable(loadFailure);
    }

    /** Blocks until {@link #shutdown(Duration)} ends. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** The metrics text, as {@code GET /metrics} gives it. */
    public String metricsText() {
        return metrics.text();
    }

    /**
     * Graceful shutdown: readiness turns false and new requests get 503 at once, requests in flight finish (for at
     * most {@code grace}), then the socket closes. Returns true if every request in flight finished.
     */
    public boolean shutdown(Duration grace) {
        synchronized (this) {
            if (stopped.getCount() == 0) {
                return true;
            }
            draining = true;
            boolean finished;
            long deadline = System.nanoTime() + grace.toNanos();
            synchronized (drainLock) {
                long left;
                while (inFlight.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(drainLock, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                finished = inFlight.get() == 0;
            }
            server.stop(0);
            executor.shutdown();
            try {
                if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
            return finished;
        }
    }

    @Override
    public void close() {
        shutdown(config.gracePeriod);
    }

    // ------------------------------------------------------------------ HTTP

    /** What one exchange learned while routing: for metrics, the Allow header, the connection. */
    private static final class Call {
        String protocol = "other";
        String model = "";
        String allow;
        boolean bodyRead;
        boolean closeConnection;
    }

    /** An endpoint's work, run once its method is allowed. */
    @FunctionalInterface
    private interface Action {
        HttpReply run() throws IOException;
    }

    private void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        Call call = new Call();
        HttpReply reply;
        try {
            reply = route(exchange, call);
        } catch (ServingException e) {
            reply = HttpReply.error(e.status(), e.getMessage());
            if (e.status() == 405 && call.allow != null) {
                reply = reply.withHeader("Allow", call.allow);
            }
        } catch (Throwable t) {
            System.err.println("jfairing serving: internal error on " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getRawPath() + ": " + t);
            reply = HttpReply.error(500, "internal error: " + t.getClass().getName());
        }
        if (!call.protocol.equals("other")) {
            // counted before the answer leaves: a client that has its answer finds it in /metrics
            metrics.request(call.protocol, call.model, reply.status(), System.nanoTime() - start);
        }
        try {
            if (!call.bodyRead) {
                discard(exchange); // a client still sending its body would see a reset, not the answer
            }
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            if (call.closeConnection || draining) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            byte[] bytes = reply.body();
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
                exchange.sendResponseHeaders(reply.status(), -1);
            } else {
                exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        } finally {
            exchange.close();
            if (inFlight.decrementAndGet() == 0) {
                synchronized (drainLock) {
                    drainLock.notifyAll();
                }
            }
        }
    }

    private static void discard(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private HttpReply route(HttpExchange exchange, Call call) throws IOException {
        String path;
        try {
            path = URLDecoder.decode(exchange.getRequestURI().getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Tensors.bad("bad URL path: " + e.getMessage());
        }
        String method = exchange.getRequestMethod();
        if (path.startsWith("/v1/") || path.equals("/v1")) {
            call.protocol = "v1";
        } else if (path.startsWith("/v2/") || path.equals("/v2")) {
            call.protocol = "v2";
        }
        guard.check(method, exchange.getRequestHeaders());
        if (draining) {
            call.closeConnection = true;
            throw new ServingException(503, "the server is shutting down");
        }
        if (path.equals("/metrics")) {
            return allow(
                    method,
                    READS,
                    call,
                    () -> new HttpReply(
                            200,
                            "text/plain; version=0.0.4; charset=utf-8",
                            metrics.text().getBytes(StandardCharsets.UTF_8),
                            Map.of()));
        }
        if (call.protocol.equals("v1")) {
            return v1(exchange, method, path, call);
        }
        if (call.protocol.equals("v2")) {
            return v2(exchange, method, path, call);
        }
        throw new ServingException(404, "no such endpoint: " + path);
    }

    private static HttpReply allow(String method, Set<String> allowed, Call call, Action action) throws IOException {
        if (!allowed.contains(method)) {
            call.allow = String.join(", ", new java.util.TreeSet<>(allowed));
            throw new ServingException(405, method + " is not allowed here (use " + call.allow + ")");
        }
        return action.run();
    }

    private HttpReply v1(HttpExchange exchange, String method, String path, Call call) throws IOException {
        if (path.equals("/v1/models")) {
            return allow(
                    method,
                    READS,
                    call,
                    () -> HttpReply.json(200, JsonCodec.fields("models", List.of(config.modelName))));
        }
        if (!path.startsWith("/v1/models/")) {
            throw new ServingException(404, "no such endpoint: " + path);
        }
        String rest = path.substring("/v1/models/".length());
        for (String verb : List.of(":predict", ":explain")) {
            if (rest.endsWith(verb)) {
                String model = model(rest.substring(0, rest.length() - verb.length()), call);
                boolean explain = verb.equals(":explain");
                return allow(method, Set.of("POST"), call, () -> {
                    if (explain && !inference.explains()) {
                        throw new ServingException(
                                501,
                                "model " + model + " has no explainer (its predictor does "
                                        + "not implement io.jfairing.runtime.runner.Explainer)");
                    }
                    requireReady(model);
                    return HttpReply.json(200, inference.v1(jsonBody(readBody(exchange, call)), explain));
                });
            }
        }
        String model = model(rest, call);
        return allow(
                method,
                READS,
                call,
                () -> HttpReply.json(isReady() ? 200 : 503, JsonCodec.fields("name", model, "ready", isReady())));
    }

    private HttpReply v2(HttpExchange exchange, String method, String path, Call call) throws IOException {
        switch (path) {
            case "/v2":
                return allow(
                        method,
                        READS,
                        call,
                        () -> HttpReply.json(
                                200,
                                JsonCodec.fields(
                                        "name",
                                        "jfairing",
                                        "version",
                                        "1",
                                        "extensions",
                                        List.of("binary_tensor_data"))));
            case "/v2/health/live":
                return allow(method, READS, call, () -> HttpReply.empty(200));
            case "/v2/health/ready":
                return allow(method, READS, call, () -> health(null));
            default:
                break;
        }
        if (!path.startsWith("/v2/models/")) {
            throw new ServingException(404, "no such endpoint: " + path);
        }
        String[] parts = path.substring("/v2/models/".length()).split("/", -1);
        String model = model(parts[0], call);
        int next = 1;
        if (parts.length >= 3 && parts[1].equals("versions")) {
            if (!parts[2].equals(config.version)) {
                throw new ServingException(404, "Model " + model + " has no version " + parts[2]);
            }
            next = 3;
        }
        String action = parts.length == next ? "" : parts.length == next + 1 ? parts[next] : null;
        if ("".equals(action)) {
            return allow(method, READS, call, () -> HttpReply.json(200, metadata(model)));
        }
        if ("ready".equals(action)) {
            return allow(method, READS, call, () -> health(model));
        }
        if (!"infer".equals(action)) {
            throw new ServingException(404, "no such endpoint: " + path);
        }
        return allow(method, Set.of("POST"), call, () -> {
            requireReady(model);
            return infer(exchange, call, model);
        });
    }

    /** The Open Inference Protocol's health answer: 200 without a body when ready, else 400 saying why. */
    private HttpReply health(String model) {
        if (isReady()) {
            return HttpReply.empty(200);
        }
        return HttpReply.error(400, notReady(model == null ? config.modelName : model));
    }

    private Map<String, Object> metadata(String model) {
        List<Map<String, Object>> ins = new ArrayList<>();
        inference.inputs().forEach(spec -> ins.add(tensorMetadata(spec)));
        List<Map<String, Object>> outs = new ArrayList<>();
        inference.outputs().forEach(spec -> outs.add(tensorMetadata(spec)));
        return JsonCodec.fields(
                "name",
                model,
                "versions",
                List.of(config.version),
                "platform",
                config.platform,
                "inputs",
                ins,
                "outputs",
                outs);
    }

    private static Map<String, Object> tensorMetadata(TensorSpec spec) {
        return JsonCodec.fields("name", spec.name(), "datatype", spec.datatype(), "shape", spec.shape());
    }

    private HttpReply infer(HttpExchange exchange, Call call, String model) throws IOException {
        byte[] bytes = readBody(exchange, call);
        String headerLength = exchange.getRequestHeaders().getFirst(BinaryTensors.HEADER_LENGTH);
        Map<?, ?> body;
        ByteBuffer binary = null;
        if (headerLength == null) {
            body = jsonBody(bytes);
        } else {
            int length;
            try {
                length = Integer.parseInt(headerLength.trim());
            } catch (NumberFormatException e) {
                throw Tensors.bad("bad " + BinaryTensors.HEADER_LENGTH + ": " + headerLength);
            }
            if (length < 0 || length > bytes.length) {
                throw Tensors.bad(BinaryTensors.HEADER_LENGTH + " " + length + " is not within the body's "
                        + bytes.length + " bytes");
            }
            body = jsonBody(Arrays.copyOf(bytes, length));
            binary = ByteBuffer.wrap(bytes, length, bytes.length - length).slice();
        }
        Object id = body.get("id");
        if (id != null && !(id instanceof String) && !(id instanceof Number)) {
            throw Tensors.bad("id must be a string");
        }
        Inference.V2Answer answer = inference.v2(body, binary);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model_name", model);
        json.put("model_version", config.version);
        json.put("id", id != null ? id : requestId());
        json.putAll(answer.json());
        byte[] header;
        try {
            header = JsonCodec.write(json).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ServingException(500, "cannot write the predictions as JSON: " + e.getMessage());
        }
        if (answer.binary().isEmpty()) {
            return new HttpReply(200, RequestGuard.JSON, header, Map.of());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        answer.binary().forEach(out::writeBytes);
        return new HttpReply(200, RequestGuard.BINARY, out.toByteArray(), Map.of())
                .withHeader(BinaryTensors.HEADER_LENGTH, Integer.toString(header.length));
    }

    /**
     * A random (version 4) UUID for a request without an id. Not {@code UUID.randomUUID()}: its shared SecureRandom is
     * a lock every V2 request would take, and a request id needs no cryptographic strength.
     */
    static String requestId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private String model(String name, Call call) {
        if (!name.equals(config.modelName)) {
            call.model = "_unknown";
            throw new ServingException(404, "Model with name " + name + " does not exist.");
        }
        call.model = name;
        return name;
    }

    private String notReady(String model) {
        return loadFailure != null
                ? "Model with name " + model + " failed to load: " + loadFailure
                : "Model with name " + model + " is not ready.";
    }

    private void requireReady(String model) {
        if (!isReady()) {
            throw new ServingException(503, notReady(model));
        }
    }

    /** The body, whole; one over the size cap is read to its end (so that the client gets the 413) and refused. */
    private byte[] readBody(HttpExchange exchange, Call call) {
        try {
            return readWholeBody(exchange, call);
        } catch (IOException e) {
            // the client stopped sending (or the read timeout closed the connection): nobody waits for the answer
            call.closeConnection = true;
            throw Tensors.bad("the request body ended early (" + e.getClass().getSimpleName() + ")");
        }
    }

    private byte[] readWholeBody(HttpExchange exchange, Call call) throws IOException {
        call.bodyRead = true;
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (length != null) {
                long declared;
                try {
                    declared = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    throw Tensors.bad("bad Content-Length: " + length);
                }
                if (declared > config.maxRequestBytes) {
                    in.transferTo(OutputStream.nullOutputStream());
                    throw new ServingException(
                            413,
                            "request body of " + declared + " bytes is over the limit of " + config.maxRequestBytes
                                    + " bytes (--max-request-bytes)");
                }
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, config.maxRequestBytes + 1));
            if (bytes.length > config.maxRequestBytes) {
                in.transferTo(OutputStream.nullOutputStream());
                throw new ServingException(
                        413,
                        "request body is over the limit of " + config.maxRequestBytes + " bytes (--max-request-bytes)");
            }
            return bytes;
        }
    }

    private static Map<?, ?> jsonBody(byte[] bytes) {
        String text;
        if (isAscii(bytes)) {
            text = new String(
                    bytes, StandardCharsets.ISO_8859_1); // compact (Latin-1) string: the parser reads it fastest
        } else {
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw Tensors.bad("request body is not UTF-8");
            }
        }
        Object json;
        try {
            json = JsonCodec.parse(text);
        } catch (JsonCodec.JsonException e) {
            throw Tensors.bad(e.getMessage());
        }
        if (!(json instanceof Map)) {
            throw Tensors.bad("request body must be a JSON object");
        }
        return (Map<?, ?>) json;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    // --------------------------------------------------------------- builder

    public static final class Builder {
        private final Predictor<?, ?> predictor;
        private String modelName = "model";
        private String version = "1";
        private String platform = "jfairing-java";
        private String host = "127.0.0.1";
        private int port = 8080;
        private long maxRequestBytes = 32L * 1024 * 1024;
        private int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int queue = 256;
        private long maxModelBytes = 8L * 1024 * 1024 * 1024;
        private final List<String> allowedHosts = new ArrayList<>();
        private final List<String> allowedOrigins = new ArrayList<>();
        private Duration gracePeriod = Duration.ofSeconds(30);
        private String modelUri;
        private ModelLoader loader;
        private Class<?> inputType;
        private String outputName = "output-0";
        private final List<TensorSpec> inputs = new ArrayList<>();
        private final List<TensorSpec> outputs = new ArrayList<>();

        private Builder(Predictor<?, ?> predictor) {
            this.predictor = Objects.requireNonNull(predictor, "predictor");
        }

        /** The model's name in the URLs (default {@code model}). */
        public Builder modelName(String name) {
            if (name == null || name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("bad model name: " + name);
            }
            this.modelName = name;
            return this;
        }

        public Builder version(String newVersion) {
            this.version = Objects.requireNonNull(newVersion);
            return this;
        }

        public Builder platform(String newPlatform) {
            this.platform = Objects.requireNonNull(newPlatform);
            return this;
        }

        /** The address to bind (default 127.0.0.1; {@code 0.0.0.0} in a container). */
        public Builder host(String newHost) {
            this.host = Objects.requireNonNull(newHost);
            return this;
        }

        /** The port (default 8080, KServe's; 0 for any free port). */
        public Builder port(int newPort) {
            if (newPort < 0 || newPort > 65535) {
                throw new IllegalArgumentException("bad port: " + newPort);
            }
            this.port = newPort;
            return this;
        }

        /** Larger request bodies get 413 (default 32 MiB). */
        public Builder maxRequestBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("bad size limit: " + bytes);
            }
            this.maxRequestBytes = bytes;
            return this;
        }

        /**
         * Requests predicting at once (default max(4, 2 x CPUs)) and connections served beyond them (default 256:
         * reading a request or waiting to predict); a connection beyond both is closed at once.
         */
        public Builder threads(int newThreads, int newQueue) {
            if (newThreads < 1 || newQueue < 1) {
                throw new IllegalArgumentException("threads and queue must be positive");
            }
            this.threads = newThreads;
            this.queue = newQueue;
            return this;
        }

        /** How long {@link #close()} waits for requests in flight (default 30 s, Kubernetes' termination grace). */
        public Builder gracePeriod(Duration grace) {
            this.gracePeriod = Objects.requireNonNull(grace);
            return this;
        }

        /**
         * The model artifact (a path, {@code file:} URI or http(s) URL), given to the loader (or else to the predictor's
         * {@link Predictor#load}) before the server reports ready.
         */
        public Builder modelUri(String uri) {
            this.modelUri = uri;
            return this;
        }

        public Builder loader(ModelLoader newLoader) {
            this.loader = newLoader;
            return this;
        }

        /** The type instances are converted to (default: the parameter type of the predictor's {@code predict}). */
        public Builder inputType(Class<?> type) {
            this.inputType = type;
            return this;
        }

        /** The V2 output tensor's name (default {@code output-0}). */
        public Builder outputName(String name) {
            this.outputName = Objects.requireNonNull(name);
            return this;
        }

        /**
         * A tensor in the V2 metadata's {@code inputs} (-1 for a variable dimension), instead of the predictor's
         * {@link Predictor#inputs()}.
         */
        public Builder input(String name, String datatype, long... shape) {
            inputs.add(supported(TensorSpec.of(name, datatype, shape)));
            return this;
        }

        /** A tensor in the V2 metadata's {@code outputs}, instead of the predictor's {@link Predictor#outputs()}. */
        public Builder output(String name, String datatype, long... shape) {
            outputs.add(supported(TensorSpec.of(name, datatype, shape)));
            return this;
        }

        private static TensorSpec supported(TensorSpec spec) {
            if (!Tensors.DATATYPES.contains(spec.datatype())) {
                throw new IllegalArgumentException("unsupported datatype: " + spec.datatype());
            }
            return spec;
        }

        /** A downloaded model artifact over this many bytes fails to load (default 8 GiB). */
        public Builder maxModelBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("bad size limit: " + bytes);
            }
            this.maxModelBytes = bytes;
            return this;
        }

        /**
         * Host names (the {@code Host} header, without port) the server answers besides loopback and its address; a
         * server bound to a wildcard address answers any host unless some are given.
         */
        public Builder allowedHosts(List<String> hosts) {
            this.allowedHosts.addAll(hosts);
            return this;
        }

        /** Origins ({@code https://app.example:8443}) whose web pages may call the server; none by default. */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins.addAll(origins);
            return this;
        }

        /** Binds and starts serving; the model loads in the background (see {@link ModelServer#awaitReady}). */
        public ModelServer start() {
            if (modelUri != null
                    && loader == null
                    && !(predictor instanceof ModelLoader)
                    && !overridesLoad(predictor)) {
                throw new IllegalStateException("a model URI needs a predictor that overrides Predictor.load(Path) "
                        + "(or a ModelLoader): " + predictor.getClass().getName() + " does not load models");
            }
            return new ModelServer(this).begin();
        }

        private static boolean overridesLoad(Predictor<?, ?> predictor) {
            try {
                return predictor.getClass().getMethod("load", Path.class).getDeclaringClass() != Predictor.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    }
}
