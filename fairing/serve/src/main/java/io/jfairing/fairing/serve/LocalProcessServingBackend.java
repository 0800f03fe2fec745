package io.jfairing.fairing.serve;

import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.job.LocalProgram;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;

/**
 * Serves a compiled notebook in a child JVM on this machine, as the serving image would (same entry point, same
 * classes), on a free port of 127.0.0.1. The spec's image is not used; a model URI must be a local path or an
 * http(s) URL. The process's output goes to a log file.
 *
 * <pre>{@code
 * CompiledNotebook code = Fairing.notebook(Path.of("iris.ipynb")).compile();
 * ServingHandle h = new LocalProcessServingBackend(code).deploy(ServingSpec.builder("iris").build()).waitUntilReady(Duration.ofSeconds(60));
 * }</pre>
 */
public final class LocalProcessServingBackend implements ServingBackend {
    private final CompiledNotebook code;
    private final Path javaExecutable;

    public LocalProcessServingBackend(CompiledNotebook code) {
        this.code = Objects.requireNonNull(code, "code");
        this.javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public synchronized ServingHandle deploy(ServingSpec spec) throws ServeException {
        spec.modelUri().ifPresent(uri -> {
            String scheme = ServingSpec.scheme(uri);
            if (scheme.equals("models")) {
                throw ServedModel.unresolved(uri);
            }
            if (!List.of("file", "http", "https").contains(scheme)) {
                throw new InvalidServingSpecException(
                        "the local backend serves a model from a path or an http(s) URL, not " + scheme + "://");
            }
        });
        if (!spec.secretEnv().isEmpty()) {
            throw new InvalidServingSpecException(
                    "secret environment (" + spec.secretEnv() + ") needs the Kubernetes backend");
        }
        try {
            Path dir = Files.createTempDirectory("jfairing-serve-");
            LocalProgram program;
            try {
                program = LocalProgram.ofCompiledNotebook(code, dir.resolve("code"))
                        .serving();
            } catch (IOException e) {
                FileUtils.deleteQuietly(dir.toFile());
                throw e;
            }
            Path work = program.workingFiles() != null
                    ? program.workingFiles()
                    : Files.createDirectories(dir.resolve("work"));
            int port = freePort();
            List<String> command = new ArrayList<>(program.javaCommand(
                    javaExecutable.toString(), List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")));
            command.addAll(
                    List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--model-name", spec.modelName()));
            spec.predictor().ifPresent(p -> command.addAll(List.of("--predictor", p)));
            spec.modelUri().ifPresent(u -> command.addAll(List.of("--model-uri", u)));
            spec.terminationGraceSeconds()
                    .ifPresent(s -> command.addAll(List.of("--grace-seconds", Integer.toString(s))));
            spec.maxRequestBytes().ifPresent(n -> command.addAll(List.of("--max-request-bytes", Long.toString(n))));
            Path log = Files.createTempFile(dir, spec.name() + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("FAIRING_"));
            env.putAll(spec.env());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                FileUtils.deleteQuietly(dir.toFile());
                throw e;
            }
            return new LocalHandle(spec, process, URI.create("http://127.0.0.1:" + port), log, dir);
        } catch (IOException e) {
            throw new ServeException("cannot start the model server process: " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A child JVM running the serving entry point. */
    static final class LocalHandle implements ServingHandle {
        private final ServingSpec spec;
        private final Process process;
        private final URI url;
        private final Path log;
        private final Path staging;
        private volatile String logAfterDelete;

        LocalHandle(ServingSpec spec, Process process, URI url, Path log, Path staging) {
            this.spec = spec;
            this.process = process;
            this.url = url;
            this.log = log;
            this.staging = staging;
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
            return "local";
        }

        @Override
        public URI url() {
            return url;
        }

        /** The child's process id. */
        public long pid() {
            return process.pid();
        }

        @Override
        public ServingHandle waitUntilReady(Duration timeout) throws ServeException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new ServeException("the model server " + name() + " exited with status " + process.exitValue()
                            + " before it was ready:\n" + Polling.tail(logs()));
                }
                if (PredictionClient.ready(url)) {
                    return this;
                }
                Polling.sleep(50);
            }
            throw new ServeException("the model server " + name() + " was not ready after " + timeout.toSeconds()
                    + " s:\n" + Polling.tail(logs()));
        }

        @Override
        public String logs() throws ServeException {
            String kept = logAfterDelete;
            if (kept != null) {
                return kept;
            }
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ServeException("cannot read the log " + log + ": " + e.getMessage(), e);
            }
        }

        /**
         * SIGTERM (the server drains its requests in flight), then a kill after the grace period; then the staged code,
         * input files and log file are removed (the log stays readable from this handle).
         */
        @Override
        public void delete() throws ServeException {
            process.destroy();
            try {
                long grace = spec.terminationGraceSeconds().orElse(30) + 5L;
                if (!process.waitFor(grace, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new ServeException("interrupted while stopping " + name(), e);
            }
            if (!process.isAlive() && Files.isDirectory(staging)) {
                logAfterDelete = logs();
                FileUtils.deleteQuietly(staging.toFile());
            }
        }

        /** The folder of the staged code, input files and log; removed by {@link #delete()}. */
        public Path staging() {
            return staging;
        }

        @Override
        public String toString() {
            return "local model server " + name() + " at " + url + " (pid " + process.pid() + ")";
        }
    }
}
