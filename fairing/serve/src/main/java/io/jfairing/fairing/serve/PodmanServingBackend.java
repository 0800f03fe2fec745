package io.jfairing.fairing.serve;

import io.fabric8.kubernetes.api.model.Quantity;
import io.jfairing.fairing.container.CommandResult;
import io.jfairing.fairing.container.PodmanException;
import io.jfairing.runtime.server.ServingMain;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the serving image in a local container with podman: {@code podman run -d} with the port published on
 * 127.0.0.1 only, the model options as environment, a model file or folder of this machine mounted read-only at
 * {@code /mnt/models} (a path that does not exist here is taken as a path in the image), and the cpu and memory
 * limits of the spec's resources.
 *
 * <pre>{@code
 * ServingHandle h = PodmanServingBackend.builder().insecureRegistries(true).build()
 *         .deploy(ServingSpec.builder("iris").image("127.0.0.1:5000/iris:1").build())
 *         .waitUntilReady(Duration.ofMinutes(1));
 * }</pre>
 */
public final class PodmanServingBackend implements ServingBackend {
    static final String CONTAINER_PREFIX = "jfairing-serve-";
    private static final String MODEL_MOUNT = "/mnt/models";
    private final io.jfairing.fairing.container.Podman podman;
    private final boolean insecure;
    private final boolean pull;

    private PodmanServingBackend(Builder b) {
        this.podman = io.jfairing.fairing.container.Podman.builder()
                .executable(b.executable)
                .environment(b.environment)
                .build();
        this.insecure = b.insecure;
        this.pull = b.pull;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "podman";
    }

    @Override
    public ServingHandle deploy(ServingSpec spec) throws ServeException {
        String image = spec.image()
                .orElseThrow(() -> new InvalidServingSpecException(
                        "the podman backend needs a serving image (build one with Fairing.notebook(...).serving())"));
        if (!spec.secretEnv().isEmpty()) {
            throw new InvalidServingSpecException(
                    "secret environment (" + spec.secretEnv() + ") needs the Kubernetes backend");
        }
        String container = CONTAINER_PREFIX + spec.name();
        List<String> args = new ArrayList<>(List.of(
                "run", "-d", "--name", container, "--replace", "--label", "io.jfairing.serving=" + spec.name()));
        if (insecure) {
            args.add("--tls-verify=false");
        }
        args.add("--pull=" + (pull ? "always" : "missing"));
        int port;
        try {
            port = freePort();
        } catch (IOException e) {
            throw new ServeException("cannot find a free port: " + e.getMessage(), e);
        }
        args.addAll(List.of("-p", "127.0.0.1:" + port + ":" + ServingPods.PORT));
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.putAll(spec.serverEnvironment());
        spec.modelUri().ifPresent(uri -> env.put(ServingMain.ENV_MODEL_URI, modelUri(uri, args)));
        env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
        limits(spec, args);
        args.add(image);
        CommandResult result = call(args);
        if (!result.succeeded()) {
            throw new ServeException(
                    "podman run " + image + " failed: " + result.stderr().strip());
        }
        return new PodmanHandle(spec, container, URI.create("http://127.0.0.1:" + port), podman);
    }

    /**
     * A file or folder that exists on this machine is mounted read-only at {@code /mnt/models}; any other path is a
     * path in the image (such as an input file under {@code /app/work}); an http(s) URL is passed as is.
     */
    private static String modelUri(String uri, List<String> args) {
        String scheme = ServingSpec.scheme(uri);
        if (scheme.equals("http") || scheme.equals("https")) {
            return uri;
        }
        if (scheme.equals("models")) {
            throw ServedModel.unresolved(uri);
        }
        if (!scheme.equals("file")) {
            throw new InvalidServingSpecException(
                    "the podman backend serves a model from a local path or an http(s) URL, not " + scheme + "://");
        }
        Path path = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        if (!Files.exists(path)) {
            return path.toString();
        }
        String target = MODEL_MOUNT + "/" + path.getFileName();
        args.addAll(List.of("-v", path.toAbsolutePath() + ":" + target + ":ro,Z"));
        return target;
    }

    private static void limits(ServingSpec spec, List<String> args) {
        String cpu = spec.resources().limits().get("cpu");
        if (cpu != null) {
            BigDecimal cores = Quantity.getAmountInBytes(new Quantity(cpu));
            args.add("--cpus="
                    + cores.setScale(3, RoundingMode.HALF_UP)
                            .stripTrailingZeros()
                            .toPlainString());
        }
        String memory = spec.resources().limits().get("memory");
        if (memory != null) {
            args.add("--memory="
                    + Quantity.getAmountInBytes(new Quantity(memory)).toBigInteger() + "b");
        }
    }

    private CommandResult call(List<String> args) throws ServeException {
        return call(podman, args);
    }

    /** {@code podman ARGS} to its end, whatever its exit code; a podman that cannot run is a {@link ServeException}. */
    static CommandResult call(io.jfairing.fairing.container.Podman podman, List<String> args) throws ServeException {
        try {
            return podman.exec(args);
        } catch (PodmanException e) {
            throw new ServeException(e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The serving image in a podman container. */
    static final class PodmanHandle implements ServingHandle {
        private final ServingSpec spec;
        private final String container;
        private final URI url;
        private final io.jfairing.fairing.container.Podman podman;

        PodmanHandle(ServingSpec spec, String container, URI url, io.jfairing.fairing.container.Podman podman) {
            this.spec = spec;
            this.container = container;
            this.url = url;
            this.podman = podman;
        }

        @Override
        public String name() {
            return spec.name();
        }

        @Override
        public String modelName() {
            return spec.modelName();
        }

        @Override
        public String backend() {
            return "podman";
        }

        @Override
        public URI url() {
            return url;
        }

        /** The container's name ({@code jfairing-serve-NAME}). */
        public String container() {
            return container;
        }

        @Override
        public ServingHandle waitUntilReady(Duration timeout) throws ServeException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (PredictionClient.ready(url)) {
                    return this;
                }
                CommandResult state =
                        call(List.of("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", container));
                String status = state.stdout().strip();
                if (!state.succeeded() || status.startsWith("exited") || status.startsWith("stopped")) {
                    throw new ServeException("the container " + container + " stopped before it was ready ("
                            + (state.succeeded() ? status : state.stderr().strip()) + "):\n" + Polling.tail(logs()));
                }
                Polling.sleep(100);
            }
            throw new ServeException("the container " + container + " was not ready after " + timeout.toSeconds()
                    + " s:\n" + Polling.tail(logs()));
        }

        @Override
        public String logs() throws ServeException {
            CommandResult r = call(List.of("logs", container));
            if (!r.succeeded()) {
                throw new ServeException(
                        "podman logs " + container + " failed: " + r.stderr().strip());
            }
            return r.stdout() + r.stderr();
        }

        /** {@code podman stop} (SIGTERM: requests in flight finish) within the grace period, then {@code podman rm}. */
        @Override
        public void delete() throws ServeException {
            int grace = spec.terminationGraceSeconds().orElse(30);
            call(List.of("stop", "-t", Integer.toString(grace), container));
            CommandResult rm = call(List.of("rm", "-f", container));
            if (!rm.succeeded() && !rm.stderr().contains("no such container")) {
                throw new ServeException(
                        "podman rm " + container + " failed: " + rm.stderr().strip());
            }
        }

        private CommandResult call(List<String> args) throws ServeException {
            return PodmanServingBackend.call(podman, args);
        }

        @Override
        public String toString() {
            return "podman model server " + name() + " at " + url + " (container " + container + ")";
        }
    }

    /** Options of the podman backend. */
    public static final class Builder {
        private String executable = "podman";
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean insecure;
        private boolean pull;

        private Builder() {}

        /** The podman executable (default {@code podman} on the PATH). */
        public Builder executable(String path) {
            this.executable = Objects.requireNonNull(path);
            return this;
        }

        /** Environment for every podman call, such as {@code CONTAINERS_CONF} or {@code REGISTRY_AUTH_FILE}. */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** Pull from registries over plain HTTP or with unverified certificates ({@code --tls-verify=false}). */
        public Builder insecureRegistries(boolean allow) {
            this.insecure = allow;
            return this;
        }

        /** Pull the image at each deploy (default: only when missing). */
        public Builder alwaysPull(boolean always) {
            this.pull = always;
            return this;
        }

        public PodmanServingBackend build() {
            return new PodmanServingBackend(this);
        }
    }
}
