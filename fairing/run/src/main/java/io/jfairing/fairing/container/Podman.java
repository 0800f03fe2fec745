package io.jfairing.fairing.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The podman command line, run with a configurable environment ({@code CONTAINERS_CONF},
 * {@code CONTAINERS_STORAGE_CONF}, {@code CONTAINERS_REGISTRIES_CONF}, {@code REGISTRY_AUTH_FILE}: see the field
 * notes for what works on a host without cgroup v2 or CAP_SYS_RESOURCE). Thread-safe; every call runs one command.
 *
 * <pre>{@code
 * Podman podman = Podman.builder().environment(Map.of("CONTAINERS_CONF", "/etc/jfairing/containers.conf")).build();
 * String id = podman.run(ContainerRun.builder(image).name("job-worker-0").network("host").build());
 * int exit = podman.await("job-worker-0");
 * ContainerState state = podman.inspect("job-worker-0").orElseThrow();   // exit code, OOMKilled, error
 * }</pre>
 */
public final class Podman {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String executable;
    private final Map<String, String> environment;
    private final Duration timeout;

    private Podman(Builder b) {
        this.executable = b.executable;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.timeout = b.timeout;
    }

    /** {@code podman} from the PATH, with this process's environment. */
    public static Podman system() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The variables set for every podman command, on top of this process's environment. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Whether the executable runs ({@code podman version}). */
    public boolean available() {
        try {
            return exec(List.of("version", "--format", "{{.Client.Version}}")).succeeded();
        } catch (PodmanException e) {
            return false;
        }
    }

    /** {@code podman pull IMAGE}; the error names the image and carries podman's message. */
    public void pull(String image, boolean tlsVerify) throws PodmanException {
        List<String> args = new ArrayList<>(List.of("pull", "--quiet"));
        if (!tlsVerify) {
            args.add("--tls-verify=false");
        }
        args.add(image);
        checked("pull " + image, args);
    }

    /** Whether the image is in local storage. */
    public boolean imageExists(String image) throws PodmanException {
        return exec(List.of("image", "exists", image)).succeeded();
    }

    /** {@code podman run -d ...}: starts the container and returns its id. */
    public String run(ContainerRun run) throws PodmanException {
        return checked("run " + run.image(), run.toArguments()).stdout().strip();
    }

    /** The container's state, or empty when there is no such container. */
    public Optional<ContainerState> inspect(String nameOrId) throws PodmanException {
        CommandResult result = exec(List.of("container", "inspect", nameOrId));
        if (!result.succeeded()) {
            if (result.stderr().contains("no such container")) {
                return Optional.empty();
            }
            throw new PodmanException("podman inspect " + nameOrId + " failed: " + result.error(), result);
        }
        List<ContainerState> states = parseInspect(result.stdout());
        return states.isEmpty() ? Optional.empty() : Optional.of(states.get(0));
    }

    /** Every container (running or not) carrying all of {@code labels}, with its full state. */
    public List<ContainerState> list(Map<String, String> labels) throws PodmanException {
        List<String> args = new ArrayList<>(List.of("ps", "-a", "--format", "{{.Names}}"));
        labels.forEach((k, v) -> args.addAll(List.of("--filter", "label=" + k + "=" + v)));
        List<String> names = checked("ps", args)
                .stdout()
                .lines()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (names.isEmpty()) {
            return List.of();
        }
        List<String> inspect = new ArrayList<>(List.of("container", "inspect"));
        inspect.addAll(names);
        CommandResult result = exec(inspect);
        // a container removed between ps and inspect makes inspect fail for it but still print the others
        return parseInspect(result.stdout());
    }

    /** {@code podman wait}: blocks until the container exits and returns its exit code. */
    public int await(String nameOrId) throws PodmanException {
        CommandResult result = checkedNoTimeout("wait " + nameOrId, List.of("wait", nameOrId));
        return Integer.parseInt(
                result.stdout().strip().lines().reduce((a, b) -> b).orElse("-1").strip());
    }

    /** {@code podman stop -t SECONDS}: SIGTERM, then SIGKILL after the grace period. */
    public void stop(String nameOrId, Duration grace) throws PodmanException {
        CommandResult result = exec(List.of("stop", "--ignore", "-t", Long.toString(grace.toSeconds()), nameOrId));
        if (!result.succeeded() && !result.stderr().contains("no such container")) {
            throw new PodmanException("podman stop " + nameOrId + " failed: " + result.error(), result);
        }
    }

    /** {@code podman rm -f --ignore}: removes it, running or not, and does nothing when it is gone. */
    public void remove(String nameOrId) throws PodmanException {
        checked("rm " + nameOrId, List.of("rm", "-f", "--ignore", nameOrId));
    }

    /**
     * Starts {@code podman logs --timestamps [-f] [--since TIME]}: stdout and stderr merged, each line starting with
     * its RFC 3339 timestamp (see {@link ContainerLogLine#parse}). The caller reads and ends the process.
     */
    public Process logs(String nameOrId, boolean follow, Instant since) throws PodmanException {
        List<String> args = new ArrayList<>(List.of("logs", "--timestamps"));
        if (follow) {
            args.add("--follow");
        }
        if (since != null) {
            args.addAll(List.of("--since", since.toString()));
        }
        args.add(nameOrId);
        try {
            return processBuilder(args).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new PodmanException("cannot start " + executable + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code podman ARGS} to its end (or the timeout) and returns what it did, whatever its exit code. */
    public CommandResult exec(List<String> args) throws PodmanException {
        return exec(args, timeout);
    }

    private CommandResult exec(List<String> args, Duration limit) throws PodmanException {
        List<String> command = command(args);
        Process process;
        try {
            process = processBuilder(args).start();
        } catch (IOException e) {
            throw new PodmanException(
                    "cannot start " + executable + " (is podman installed? bin/setup-deps installs it): "
                            + e.getMessage(),
                    e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing is written to podman's stdin
        }
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        try {
            if (limit == null) {
                process.waitFor();
            } else if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new PodmanException(
                        String.join(" ", command) + " did not finish in " + limit.toSeconds() + " s",
                        (CommandResult) null);
            }
            return new CommandResult(command, process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PodmanException(String.join(" ", command) + " was interrupted", e);
        }
    }

    private CommandResult checked(String what, List<String> args) throws PodmanException {
        CommandResult result = exec(args);
        if (!result.succeeded()) {
            throw new PodmanException("podman " + what + " failed: " + result.error(), result);
        }
        return result;
    }

    private CommandResult checkedNoTimeout(String what, List<String> args) throws PodmanException {
        CommandResult result = exec(args, null);
        if (!result.succeeded()) {
            throw new PodmanException("podman " + what + " failed: " + result.error(), result);
        }
        return result;
    }

    private List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(args);
        return command;
    }

    private ProcessBuilder processBuilder(List<String> args) {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().putAll(environment);
        return builder;
    }

    private static CompletableFuture<String> read(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    static List<ContainerState> parseInspect(String json) throws PodmanException {
        if (json.isBlank()) {
            return List.of();
        }
        try {
            JsonNode array = JSON.readTree(json);
            List<ContainerState> out = new ArrayList<>();
            array.forEach(node -> out.add(ContainerState.fromInspect(node)));
            return out;
        } catch (IOException e) {
            throw new PodmanException("cannot read podman inspect's output: " + e.getMessage(), e);
        }
    }

    /** Builds a {@link Podman}. */
    public static final class Builder {
        private String executable = "podman";
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Duration timeout = Duration.ofMinutes(10);

        private Builder() {}

        /** The podman executable (default {@code podman} from the PATH). */
        public Builder executable(String value) {
            this.executable = value;
            return this;
        }

        /** Variables for every command, such as {@code CONTAINERS_CONF}. */
        public Builder environment(Map<String, String> values) {
            environment.putAll(values);
            return this;
        }

        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /**
         * Points podman at configuration files in {@code directory} that exist there: {@code containers.conf},
         * {@code storage.conf}, {@code registries.conf}, {@code auth.json}.
         */
        public Builder configDirectory(Path directory) {
            setIfExists("CONTAINERS_CONF", directory.resolve("containers.conf"));
            setIfExists("CONTAINERS_STORAGE_CONF", directory.resolve("storage.conf"));
            setIfExists("CONTAINERS_REGISTRIES_CONF", directory.resolve("registries.conf"));
            setIfExists("REGISTRY_AUTH_FILE", directory.resolve("auth.json"));
            return this;
        }

        /** How long one command (other than {@code wait} and {@code logs}) may take; default 10 minutes (pulls). */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        private void setIfExists(String name, Path file) {
            if (Files.isRegularFile(file)) {
                environment.put(name, file.toString());
            }
        }

        public Podman build() {
            return new Podman(this);
        }
    }
}
