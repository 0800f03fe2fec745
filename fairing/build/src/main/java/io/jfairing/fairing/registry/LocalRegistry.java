package io.jfairing.fairing.registry;

import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.baseimage.JlinkBaseImage;
import io.jfairing.fairing.image.ImageBuildListener;
import io.jfairing.fairing.image.ImageTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry jfairing runs for itself when no other is configured: Debian's {@code docker-registry} on 127.0.0.1
 * (the port it had before when that is free, else a free one), storing under {@code $JFAIRING_HOME/registry}. Started
 * on first use; other processes find it through its {@code address} file. The command line leaves the registry it
 * started running for the next command; a kernel stops the one it started as it ends
 * ({@link #stopStartedByThisProcess()}), and leaves alone one it found running. {@link #stop()} ends it.
 *
 * <pre>{@code
 * LocalRegistry registry = LocalRegistry.ensureRunning(Path.of(System.getProperty("user.home"), ".jfairing"));
 * String base = registry.ensureBaseImage(ImageBuildListener.NONE);   // a jlink JRE, made once
 * }</pre>
 */
public final class LocalRegistry {
    /** The registry program (Debian package {@code docker-registry}). */
    public static final Path PROGRAM = Path.of("/usr/bin/docker-registry");
    /** Where in the registry {@link #ensureBaseImage} puts the JRE base image. */
    public static final String BASE_REPOSITORY = "jfairing/jre";

    /** Bumped when what {@link JlinkBaseImage} puts in a base image changes, so that a new one is made. */
    static final int BASE_REVISION = 3;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** docker-registry takes about 3 s to exit after SIGTERM. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private static final Pattern CONFIGURED_PORT = Pattern.compile("(?m)^  addr: 127\\.0\\.0\\.1:(\\d+)$");
    /** The registries this JVM started: registry folder -> its process. */
    private static final Map<Path, ProcessHandle> STARTED = new HashMap<>();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path folder;
    private final String host;

    private LocalRegistry(Path folder, String host) {
        this.folder = folder;
        this.host = host;
    }

    /** The running registry under {@code home/registry}, started if it is not running. */
    public static synchronized LocalRegistry ensureRunning(Path home) throws FairingException {
        Path folder = home.resolve("registry");
        Optional<LocalRegistry> running = find(home);
        if (running.isPresent()) {
            return running.get();
        }
        if (!Files.isExecutable(PROGRAM)) {
            throw new FairingException(
                    "no registry is configured and " + PROGRAM + " is missing: install Debian's "
                            + "docker-registry (apt-get install docker-registry), or set one with %fairing config registry=HOST[:PORT]");
        }
        try {
            Files.createDirectories(folder.resolve("storage"));
            Path config = folder.resolve("config.yml");
            String address = "127.0.0.1:" + port(config);
            Files.writeString(
                    config,
                    "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
                            + folder.resolve("storage") + "\n  delete:\n    enabled: true\nhttp:\n  addr: " + address
                            + "\n",
                    StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(PROGRAM.toString(), "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("registry.log").toFile())
                    .start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!answers(address)) {
                if (!process.isAlive()) {
                    throw new FairingException("the local registry exited at start with status " + process.exitValue()
                            + "; see " + folder.resolve("registry.log"));
                }
                if (System.nanoTime() > deadline) {
                    process.destroy();
                    throw new FairingException("the local registry did not answer on " + address + " within "
                            + START_TIMEOUT.toSeconds() + " s; see " + folder.resolve("registry.log"));
                }
                Thread.sleep(50);
            }
            Files.writeString(folder.resolve("address"), address, StandardCharsets.UTF_8);
            Files.writeString(folder.resolve("pid"), Long.toString(process.pid()), StandardCharsets.UTF_8);
            STARTED.put(folder, process.toHandle());
            return new LocalRegistry(folder, address);
        } catch (IOException e) {
            throw new FairingException("cannot start the local registry in " + folder + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FairingException("interrupted while starting the local registry", e);
        }
    }

    /**
     * The port the registry had before (in its {@code config.yml}), so that image references stay valid across
     * restarts, when that port is free; else a free one.
     */
    private static int port(Path config) throws IOException {
        if (Files.isRegularFile(config)) {
            Matcher before = CONFIGURED_PORT.matcher(Files.readString(config, StandardCharsets.UTF_8));
            if (before.find()) {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(before.group(1))));
                    return socket.getLocalPort();
                } catch (IOException | IllegalArgumentException taken) {
                    // another program has it now
                }
            }
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    /** The registry under {@code home/registry} when it is running. */
    public static Optional<LocalRegistry> find(Path home) {
        Path folder = home.resolve("registry");
        try {
            Path file = folder.resolve("address");
            if (Files.isRegularFile(file)) {
                String address = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (answers(address)) {
                    return Optional.of(new LocalRegistry(folder, address));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean answers(String address) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + "/v2/"))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code 127.0.0.1:PORT}: prefix of image references. */
    public String host() {
        return host;
    }

    /** Whether {@code repository:tag} is in this registry. */
    public boolean hasImage(String repository, String tag) {
        try {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://" + host + "/v2/" + repository + "/manifests/" + tag))
                    .timeout(Duration.ofSeconds(5))
                    .header(
                            "Accept",
                            "application/vnd.docker.distribution.manifest.v2+json, "
                                    + "application/vnd.oci.image.manifest.v1+json")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A JRE base image ({@link JlinkBaseImage}, this machine's JDK: no Docker Hub needed) in this registry, made on
     * first use; returns its reference.
     */
    public String ensureBaseImage(ImageBuildListener listener) throws FairingException {
        String tag = Runtime.version().feature() + "-r" + BASE_REVISION;
        String reference = host + "/" + BASE_REPOSITORY + ":" + tag;
        if (!hasImage(BASE_REPOSITORY, tag)) {
            JlinkBaseImage.builder().insecure(true).listener(listener).build().build(ImageTarget.registry(reference));
        }
        return reference;
    }

    /** Stops the registry and waits until it has exited (its images stay on disk for the next start). */
    public void stop() throws IOException {
        synchronized (LocalRegistry.class) {
            Optional<ProcessHandle> process =
                    recordedPid(folder).flatMap(ProcessHandle::of).filter(LocalRegistry::isRegistry);
            if (process.isPresent()) {
                terminate(process.get());
            }
            forget(folder);
            STARTED.remove(folder);
        }
    }

    /** Whether {@code process} runs the registry program (not another that got the pid of one that ended). */
    private static boolean isRegistry(ProcessHandle process) {
        return process.info()
                .command()
                .map(command -> Path.of(command).getFileName().equals(PROGRAM.getFileName()))
                .orElse(true);
    }

    /**
     * Stops the registries this JVM started and waits until each has exited. A kernel calls it as it ends: the
     * registry its {@code %fairing build} started goes with it, while one it found running (another kernel's, the
     * command line's) is left alone, as is a registry the user configured, which never comes here.
     */
    public static synchronized void stopStartedByThisProcess() throws IOException {
        for (Map.Entry<Path, ProcessHandle> started : STARTED.entrySet()) {
            terminate(started.getValue());
            if (recordedPid(started.getKey())
                    .equals(Optional.of(started.getValue().pid()))) {
                forget(started.getKey()); // else another process has started a registry there since
            }
        }
        STARTED.clear();
    }

    /** The pid in the folder's {@code pid} file, if there is one. */
    private static Optional<Long> recordedPid(Path folder) throws IOException {
        Path pid = folder.resolve("pid");
        return Files.isRegularFile(pid)
                ? Optional.of(Long.parseLong(
                        Files.readString(pid, StandardCharsets.UTF_8).strip()))
                : Optional.empty();
    }

    private static void forget(Path folder) throws IOException {
        Files.deleteIfExists(folder.resolve("pid"));
        Files.deleteIfExists(folder.resolve("address"));
    }

    /** SIGTERM, then SIGKILL if it has not exited in {@link #STOP_TIMEOUT}; returns once it has exited. */
    private static void terminate(ProcessHandle process) throws IOException {
        process.destroy();
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            try {
                process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException stuck) {
                throw new IOException("the local registry (pid " + process.pid() + ") did not exit after SIGKILL");
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException e) {
            throw new IOException("cannot wait for the local registry (pid " + process.pid() + ") to exit", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
