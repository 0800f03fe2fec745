package io.jfairing.runtime.server;

import io.jfairing.runtime.runner.NotebookRunner;
import io.jfairing.runtime.runner.Predictor;
import io.jfairing.runtime.runner.Program;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The serving image's entry point: runs the compiled notebook's cells (which define the {@link Predictor} class and
 * whatever it uses), instantiates the predictor, loads its model artifact and serves it with {@link ModelServer}
 * until SIGTERM, which drains the requests in flight.
 *
 * <pre>java -cp /app/runner:/app/code/classes:/app/libs/* io.jfairing.runtime.server.ServingMain /app/code/program.txt
 *     [--predictor NAME] [--model-name NAME] [--model-uri URI] [--host ADDRESS] [--port N]
 *     [--max-request-bytes N] [--grace-seconds N] [--max-model-bytes N] [--request-timeout-seconds N]
 *     [--allowed-hosts H,H] [--allowed-origins O,O]</pre>
 *
 * <p>Each option has an environment variable, which the option overrides: {@code FAIRING_PREDICTOR},
 * {@code FAIRING_MODEL_NAME}, {@code FAIRING_MODEL_URI}, {@code FAIRING_SERVING_HOST}, {@code FAIRING_SERVING_PORT}
 * (else {@code PORT}, as Knative sets it; else 8080), {@code FAIRING_MAX_REQUEST_BYTES},
 * {@code FAIRING_GRACE_SECONDS}, {@code FAIRING_MAX_MODEL_BYTES}, {@code FAIRING_REQUEST_TIMEOUT_SECONDS},
 * {@code FAIRING_ALLOWED_HOSTS}, {@code FAIRING_ALLOWED_ORIGINS} (comma-separated). The host defaults to 0.0.0.0 in a container ({@code FAIRING_RUNTIME=container}),
 * else 127.0.0.1. Exit status: 2 bad usage, 3 the notebook or the predictor failed, 4 the model failed to load.
 */
public final class ServingMain {
    public static final String ENV_PREDICTOR = "FAIRING_PREDICTOR";
    public static final String ENV_MODEL_NAME = "FAIRING_MODEL_NAME";
    public static final String ENV_MODEL_URI = "FAIRING_MODEL_URI";
    public static final String ENV_HOST = "FAIRING_SERVING_HOST";
    public static final String ENV_PORT = "FAIRING_SERVING_PORT";
    public static final String ENV_MAX_REQUEST_BYTES = "FAIRING_MAX_REQUEST_BYTES";
    public static final String ENV_GRACE_SECONDS = "FAIRING_GRACE_SECONDS";
    public static final String ENV_MAX_MODEL_BYTES = "FAIRING_MAX_MODEL_BYTES";
    public static final String ENV_REQUEST_TIMEOUT_SECONDS = "FAIRING_REQUEST_TIMEOUT_SECONDS";
    public static final String ENV_ALLOWED_HOSTS = "FAIRING_ALLOWED_HOSTS";
    public static final String ENV_ALLOWED_ORIGINS = "FAIRING_ALLOWED_ORIGINS";
    /** Printed on stderr once the server is ready: {@code jfairing serving: ready on http://HOST:PORT (model NAME)}. */
    public static final String READY_LINE = "jfairing serving: ready on ";

    public static final int USAGE = 2;
    public static final int NOTEBOOK_FAILED = 3;
    public static final int LOAD_FAILED = 4;

    private ServingMain() {}

    /** The settings, from the arguments over the environment. */
    record Settings(
            Path program,
            String predictor,
            String modelName,
            String modelUri,
            String host,
            int port,
            long maxRequestBytes,
            Duration grace,
            long maxModelBytes,
            int requestTimeoutSeconds,
            java.util.List<String> allowedHosts,
            java.util.List<String> allowedOrigins) {
        static Settings parse(String[] args, Map<String, String> env) {
            Path program = Path.of("/app/code/program.txt");
            String predictor = blankToNull(env.get(ENV_PREDICTOR));
            String modelName = env.getOrDefault(ENV_MODEL_NAME, "model");
            String modelUri = blankToNull(env.get(ENV_MODEL_URI));
            String host = blankToNull(env.get(ENV_HOST));
            String port = blankToNull(env.get(ENV_PORT));
            if (port == null) {
                port = blankToNull(env.get("PORT"));
            }
            String maxBytes = blankToNull(env.get(ENV_MAX_REQUEST_BYTES));
            String grace = blankToNull(env.get(ENV_GRACE_SECONDS));
            String maxModelBytes = blankToNull(env.get(ENV_MAX_MODEL_BYTES));
            String requestTimeout = blankToNull(env.get(ENV_REQUEST_TIMEOUT_SECONDS));
            String allowedHosts = blankToNull(env.get(ENV_ALLOWED_HOSTS));
            String allowedOrigins = blankToNull(env.get(ENV_ALLOWED_ORIGINS));
            java.util.Set<String> options = java.util.Set.of(
                    "--predictor",
                    "--model-name",
                    "--model-uri",
                    "--host",
                    "--port",
                    "--max-request-bytes",
                    "--grace-seconds",
                    "--max-model-bytes",
                    "--request-timeout-seconds",
                    "--allowed-hosts",
                    "--allowed-origins");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (options.contains(arg) && i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                switch (arg) {
                    case "--predictor" -> predictor = args[++i];
                    case "--model-name" -> modelName = args[++i];
                    case "--model-uri" -> modelUri = args[++i];
                    case "--host" -> host = args[++i];
                    case "--port" -> port = args[++i];
                    case "--max-request-bytes" -> maxBytes = args[++i];
                    case "--grace-seconds" -> grace = args[++i];
                    case "--max-model-bytes" -> maxModelBytes = args[++i];
                    case "--request-timeout-seconds" -> requestTimeout = args[++i];
                    case "--allowed-hosts" -> allowedHosts = args[++i];
                    case "--allowed-origins" -> allowedOrigins = args[++i];
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        program = Path.of(arg);
                    }
                }
            }
            if (host == null) {
                host = "container".equals(env.get("FAIRING_RUNTIME")) ? "0.0.0.0" : "127.0.0.1";
            }
            return new Settings(
                    program,
                    predictor,
                    modelName,
                    modelUri,
                    host,
                    port == null ? 8080 : number("port", port, 0, 65535).intValue(),
                    maxBytes == null ? 32L * 1024 * 1024 : number("max request bytes", maxBytes, 1, Long.MAX_VALUE),
                    Duration.ofSeconds(grace == null ? 30 : number("grace seconds", grace, 0, 3600)),
                    maxModelBytes == null
                            ? 8L * 1024 * 1024 * 1024
                            : number("max model bytes", maxModelBytes, 1, Long.MAX_VALUE),
                    requestTimeout == null
                            ? ModelServer.DEFAULT_REQUEST_SECONDS
                            : number("request timeout seconds", requestTimeout, 1, 3600)
                                    .intValue(),
                    list(allowedHosts),
                    list(allowedOrigins));
        }

        private static java.util.List<String> list(String commaSeparated) {
            if (commaSeparated == null) {
                return java.util.List.of();
            }
            return java.util.Arrays.stream(commaSeparated.split(","))
                    .map(String::trim)
                    .filter(item -> !item.isEmpty())
                    .toList();
        }

        private static Long number(String what, String text, long min, long max) {
            long value;
            try {
                value = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad " + what + ": " + text);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    public static void main(String[] args) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        if (ModuleLayer.boot().findModule("jdk.httpserver").isEmpty()) {
            err.println(
                    "jfairing serving: this Java runtime lacks the jdk.httpserver module: build the base image with "
                            + "`jfairing base-image` (its default modules include it) or add --modules ...,jdk.httpserver");
            System.exit(USAGE);
        }
        Settings settings;
        try {
            settings = Settings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("jfairing serving: " + e.getMessage());
            System.exit(USAGE);
            return;
        }
        // read once by the JDK's server, when the first one is made
        System.setProperty(ModelServer.REQUEST_SECONDS_PROPERTY, Integer.toString(settings.requestTimeoutSeconds()));
        System.exit(run(settings, ServingMain.class.getClassLoader(), out, err));
    }

    /** Runs the notebook, then serves until shutdown; returns the exit status. */
    static int run(Settings settings, ClassLoader loader, PrintStream out, PrintStream err) {
        Program program;
        try {
            program = Program.read(Files.readString(settings.program(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("jfairing serving: cannot read " + settings.program() + ": " + e.getMessage());
            return USAGE;
        }
        NotebookRunner.Outcome outcome = NotebookRunner.run(program, loader, out, err);
        if (outcome.failed()) {
            err.println("jfairing serving: the notebook failed ("
                    + outcome.failure().summary() + "): nothing to serve");
            return NOTEBOOK_FAILED;
        }
        Predictor<?, ?> predictor;
        String predictorName;
        try {
            Class<?> type = PredictorFinder.find(program, loader, settings.predictor());
            predictorName = PredictorFinder.displayName(type);
            predictor = PredictorFinder.instantiate(type);
        } catch (IllegalArgumentException | ReflectiveOperationException e) {
            err.println("jfairing serving: " + e.getMessage());
            return NOTEBOOK_FAILED;
        }
        ModelServer server;
        try {
            server = ModelServer.builder(predictor)
                    .modelName(settings.modelName())
                    .host(settings.host())
                    .port(settings.port())
                    .maxRequestBytes(settings.maxRequestBytes())
                    .gracePeriod(settings.grace())
                    .maxModelBytes(settings.maxModelBytes())
                    .allowedHosts(settings.allowedHosts())
                    .allowedOrigins(settings.allowedOrigins())
                    .modelUri(settings.modelUri())
                    .start();
        } catch (RuntimeException e) {
            err.println("jfairing serving: " + e.getMessage());
            return USAGE;
        }
        Thread hook = new Thread(
                () -> {
                    err.println("jfairing serving: stopping (finishing the requests in flight)");
                    server.shutdown(settings.grace());
                },
                "jfairing-serving-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.awaitReady(Duration.ofDays(1));
            if (server.loadFailure().isPresent()) {
                err.println("jfairing serving: cannot load the model " + ModelFetcher.shown(settings.modelUri()) + ": "
                        + server.loadFailure().get());
                Runtime.getRuntime().removeShutdownHook(hook);
                server.shutdown(Duration.ZERO);
                return LOAD_FAILED;
            }
            err.println(READY_LINE + "http://" + settings.host() + ":" + server.port() + " (model "
                    + settings.modelName() + ", predictor " + predictorName + ")");
            server.awaitShutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdown(settings.grace());
        }
        return 0;
    }
}
