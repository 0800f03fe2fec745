package io.jfairing.runtime.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jfairing.runtime.json.JsonCodec;
import io.jfairing.runtime.runner.Predictor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
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
 * ({@code double[]}, {@code float[][]}, ...), boxes and primitives are converted.
 */
public final class ModelServer implements AutoCloseable {
    static {
        // Without TCP_NODELAY each small response waits for the client's delayed ACK (about 40 ms).
        // Read once, when the JDK's server classes initialise: set before the first HttpServer is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Builder config;
    private final Class<?> inputType;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final ServingMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object drainLock = new Object();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean modelReady;
    private volatile boolean draining;
    private volatile Throwable loadFailure;

    private ModelServer(Builder config) {
        this.config = config;
        this.inputType = config.inputType != null ? config.inputType : Tensors.inputType(config.predictor);
        this.metrics = new ServingMetrics(config.modelName, this::isReady, inFlight::get);
        this.executor = new ThreadPoolExecutor(
                config.threads,
                config.threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queue),
                runnable -> {
                    Thread thread = new Thread(runnable, "jfairing-serving");
                    thread.setDaemon(false);
                    return thread;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
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
        try {
            Path artifact = fetch(config.modelUri);
            if (config.loader != null) {
                config.loader.load(artifact);
            } else if (config.predictor instanceof ModelLoader loader) {
                loader.load(artifact);
            } else {
                config.predictor.load(artifact);
            }
            modelReady = true;
        } catch (Throwable t) {
            loadFailure = t;
            metrics.loadFailure();
            System.err.println("jfairing serving: cannot load model " + config.modelUri + ": " + t);
        } finally {
            loaded.countDown();
        }
    }

    /** A local file for the artifact: a path or {@code file:} URI as is, an http(s) URL downloaded. */
    static Path fetch(String uri) throws IOException, InterruptedException {
        String lower = uri.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            URI url = URI.create(uri);
            String name = Path.of(url.getPath().isEmpty() ? "/model" : url.getPath())
                    .getFileName()
                    .toString();
            Path dir = Files.createTempDirectory("jfairing-model-");
            Path target = dir.resolve(name.isEmpty() ? "model" : name);
            HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30))
                    .build();
            HttpResponse<Path> response =
                    client.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() != 200) {
                Files.deleteIfExists(target);
                throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
            }
            return target;
        }
        Path path = lower.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        if (!Files.exists(path)) {
            throw new IOException("no such file: " + path);
        }
        return path;
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

    public Optional<Throwable> loadFailure() {
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

    private static final class Call {
        String protocol = "other";
        String model = "";
        boolean closeConnection;
    }

    private record Reply(int status, String contentType, String body) {
        static Reply json(int status, Object value) {
            return new Reply(status, "application/json", JsonCodec.write(value));
        }
    }

    private void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        Call call = new Call();
        Reply reply;
        try {
            reply = route(exchange, call);
        } catch (ServingException e) {
            reply = Reply.json(e.status(), JsonCodec.fields("error", e.getMessage()));
        } catch (Throwable t) {
            reply = Reply.json(500, JsonCodec.fields("error", "internal error: " + t));
        }
        if (!call.protocol.equals("other")) {
            // counted before the answer leaves: a client that has its answer finds it in /metrics
            metrics.request(call.protocol, call.model, reply.status, System.nanoTime() - start);
        }
        try {
            byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType);
            if (call.closeConnection || draining) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exchange.sendResponseHeaders(reply.status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
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

    private Reply route(HttpExchange exchange, Call call) throws IOException {
        String path =
                URLDecoder.decode(exchange.getRequestURI().getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        if (path.startsWith("/v1/") || path.equals("/v1")) {
            call.protocol = "v1";
        } else if (path.startsWith("/v2/") || path.equals("/v2")) {
            call.protocol = "v2";
        }
        if (draining) {
            call.closeConnection = true;
            throw new ServingException(503, "the server is shutting down");
        }
        if (path.equals("/metrics")) {
            requireMethod(method, "GET");
            return new Reply(200, "text/plain; version=0.0.4; charset=utf-8", metrics.text());
        }
        if (call.protocol.equals("v1")) {
            return v1(exchange, method, path, call);
        }
        if (call.protocol.equals("v2")) {
            return v2(exchange, method, path, call);
        }
        throw new ServingException(404, "no such endpoint: " + path);
    }

    private Reply v1(HttpExchange exchange, String method, String path, Call call) throws IOException {
        if (path.equals("/v1/models")) {
            requireMethod(method, "GET");
            return Reply.json(200, JsonCodec.fields("models", List.of(config.modelName)));
        }
        if (!path.startsWith("/v1/models/")) {
            throw new ServingException(404, "no such endpoint: " + path);
        }
        String rest = path.substring("/v1/models/".length());
        if (rest.endsWith(":predict")) {
            String model = model(rest.substring(0, rest.length() - ":predict".length()), call);
            requireMethod(method, "POST");
            requireReady(model);
            Map<?, ?> body = body(exchange, call);
            Object instances = body.get("instances");
            if (!(instances instanceof List)) {
                throw Tensors.bad("expected {\"instances\": [...]}");
            }
            List<Object> predictions = new ArrayList<>();
            List<?> list = (List<?>) instances;
            for (int i = 0; i < list.size(); i++) {
                predictions.add(predict(Tensors.convert(list.get(i), inputType, "instances[" + i + "]"), "v1"));
            }
            return write(JsonCodec.fields("predictions", predictions));
        }
        String model = model(rest, call);
        requireMethod(method, "GET");
        return Reply.json(isReady() ? 200 : 503, JsonCodec.fields("name", model, "ready", isReady()));
    }

    private Reply v2(HttpExchange exchange, String method, String path, Call call) throws IOException {
        switch (path) {
            case "/v2":
                requireMethod(method, "GET");
                return Reply.json(200, JsonCodec.fields("name", "jfairing", "version", "1", "extensions", List.of()));
            case "/v2/health/live":
                requireMethod(method, "GET");
                return Reply.json(200, JsonCodec.fields("live", true));
            case "/v2/health/ready":
                requireMethod(method, "GET");
                return Reply.json(isReady() ? 200 : 503, JsonCodec.fields("ready", isReady()));
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
            requireMethod(method, "GET");
            return Reply.json(
                    200,
                    JsonCodec.fields(
                            "name",
                            model,
                            "versions",
                            List.of(config.version),
                            "platform",
                            config.platform,
                            "inputs",
                            config.inputs,
                            "outputs",
                            config.outputs));
        }
        if ("ready".equals(action)) {
            requireMethod(method, "GET");
            return Reply.json(isReady() ? 200 : 503, JsonCodec.fields("name", model, "ready", isReady()));
        }
        if (!"infer".equals(action)) {
            throw new ServingException(404, "no such endpoint: " + path);
        }
        requireMethod(method, "POST");
        requireReady(model);
        Map<?, ?> body = body(exchange, call);
        Object inputs = body.get("inputs");
        if (!(inputs instanceof List) || ((List<?>) inputs).isEmpty()) {
            throw Tensors.bad("expected {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}, ...]}");
        }
        List<Tensors.Tensor> tensors = new ArrayList<>();
        for (Object input : (List<?>) inputs) {
            tensors.add(Tensors.input(input, tensors.size()));
        }
        long batch = tensors.get(0).batch();
        for (Tensors.Tensor tensor : tensors) {
            if (tensor.batch() != batch) {
                throw Tensors.bad("inputs have different first dimensions: "
                        + tensors.get(0).shape() + " and " + tensor.shape());
            }
        }
        List<Object> predictions = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            Object instance;
            if (tensors.size() == 1) {
                instance = tensors.get(0).row(i);
            } else {
                Map<String, Object> named = new LinkedHashMap<>();
                for (Tensors.Tensor tensor : tensors) {
                    named.put(tensor.name(), tensor.row(i));
                }
                instance = named;
            }
            predictions.add(predict(Tensors.convert(instance, inputType, "row " + i), "v2"));
        }
        Map<String, Object> output;
        try {
            output = Tensors.output(config.outputName, predictions);
        } catch (IllegalArgumentException e) {
            throw new ServingException(500, "cannot make an output tensor: " + e.getMessage());
        }
        Object id = body.get("id");
        return write(JsonCodec.fields(
                "model_name",
                model,
                "model_version",
                config.version,
                "id",
                id instanceof String ? id : requestId(),
                "outputs",
                List.of(output)));
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

    private void requireReady(String model) {
        if (!isReady()) {
            throw new ServingException(
                    503,
                    loadFailure != null
                            ? "Model with name " + model + " failed to load: " + loadFailure
                            : "Model with name " + model + " is not ready.");
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ServingException(405, method + " is not allowed here (use " + allowed + ")");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object predict(Object instance, String protocol) {
        try {
            return ((Predictor) config.predictor).predict(instance);
        } catch (ClassCastException e) {
            metrics.predictorError(protocol);
            throw new ServingException(
                    400,
                    "the predictor cannot take this input: " + e.getMessage()
                            + " (a lambda predictor gets JSON values: List, Map, String, Long, Double, Boolean;"
                            + " set ModelServer.Builder.inputType for arrays)");
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)) {
                throw (Error) e;
            }
            metrics.predictorError(protocol);
            throw new ServingException(500, "prediction failed: " + e);
        }
    }

    private static Reply write(Object response) {
        try {
            return Reply.json(200, response);
        } catch (IllegalArgumentException e) {
            throw new ServingException(500, "cannot write the predictions as JSON: " + e.getMessage());
        }
    }

    private Map<?, ?> body(HttpExchange exchange, Call call) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw Tensors.bad("bad Content-Length: " + length);
            }
            if (declared > config.maxRequestBytes) {
                call.closeConnection = true;
                throw new ServingException(
                        413, "request body of " + declared + " bytes is over the limit of " + config.maxRequestBytes);
            }
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, config.maxRequestBytes + 1));
        }
        if (bytes.length > config.maxRequestBytes) {
            call.closeConnection = true;
            throw new ServingException(413, "request body is over the limit of " + config.maxRequestBytes + " bytes");
        }
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
        private int queue = 1024;
        private Duration gracePeriod = Duration.ofSeconds(30);
        private String modelUri;
        private ModelLoader loader;
        private Class<?> inputType;
        private String outputName = "output-0";
        private final List<Map<String, Object>> inputs = new ArrayList<>();
        private final List<Map<String, Object>> outputs = new ArrayList<>();

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

        /** Worker threads (default max(4, 2 x CPUs)) and queued connections beyond them (default 1024). */
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

        /** A tensor in the V2 metadata's {@code inputs} (-1 for a variable dimension). */
        public Builder input(String name, String datatype, long... shape) {
            inputs.add(tensorMetadata(name, datatype, shape));
            return this;
        }

        /** A tensor in the V2 metadata's {@code outputs}. */
        public Builder output(String name, String datatype, long... shape) {
            outputs.add(tensorMetadata(name, datatype, shape));
            return this;
        }

        private static Map<String, Object> tensorMetadata(String name, String datatype, long... shape) {
            if (!Tensors.DATATYPES.contains(datatype)) {
                throw new IllegalArgumentException("unsupported datatype: " + datatype);
            }
            return JsonCodec.fields("name", name, "datatype", datatype, "shape", shape.clone());
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
