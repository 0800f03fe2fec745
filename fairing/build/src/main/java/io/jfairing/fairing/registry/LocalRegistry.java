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
import java.util.Optional;

/**
 * The registry jfairing runs for itself when no other is configured: Debian's {@code docker-registry} on 127.0.0.1
 * (a free port), storing under {@code $JFAIRING_HOME/registry}. Started on first use and left running for later
 * sessions and notebooks, which find it through its {@code address} file; {@link #stop()} ends it.
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
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                port = socket.getLocalPort();
            }
            String address = "127.0.0.1:" + port;
            Path config = folder.resolve("config.yml");
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
            return new LocalRegistry(folder, address);
        } catch (IOException e) {
            throw new FairingException("cannot start the local registry in " + folder + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FairingException("interrupted while starting the local registry", e);
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

    /** Stops the registry (its images stay on disk for the next start). */
    public void stop() throws IOException {
        Path pid = folder.resolve("pid");
        if (Files.isRegularFile(pid)) {
            long id =
                    Long.parseLong(Files.readString(pid, StandardCharsets.UTF_8).strip());
            ProcessHandle.of(id).ifPresent(ProcessHandle::destroy);
            Files.deleteIfExists(pid);
        }
        Files.deleteIfExists(folder.resolve("address"));
    }
}
