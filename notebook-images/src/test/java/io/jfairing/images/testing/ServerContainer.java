package io.jfairing.images.testing;

import io.jfairing.fairing.testing.Containers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An image's server run by podman as Kubeflow runs a notebook server: detached, from the image's own entrypoint, its
 * port 8888 published on a free port of 127.0.0.1. {@link #close()} removes the container.
 *
 * <pre>{@code
 * try (ServerContainer server = ServerContainer.start(containers, "jfairing-lab", image, "-e", "NB_PREFIX=/x")) {
 *     String status = server.awaitOk("/x/api/status");
 * }
 * }</pre>
 */
public final class ServerContainer implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Containers containers;
    private final String name;
    private final int port;

    private ServerContainer(Containers containers, String name, int port) {
        this.containers = containers;
        this.name = name;
        this.port = port;
    }

    /**
     * Runs {@code image} in a container named {@code namePrefix-RANDOM}, with podman's {@code options} (environment,
     * volumes) before the image; an {@link AssertionError} with podman's message when it does not start.
     */
    public static ServerContainer start(Containers containers, String namePrefix, String image, String... options)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String name = namePrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> run = new ArrayList<>(
                List.of("run", "-d", "--name", name, "--tls-verify=false", "-p", "127.0.0.1:" + port + ":8888"));
        run.addAll(List.of(options));
        run.add(image);
        Containers.Result started = containers.podman(run.toArray(String[]::new));
        if (started.exitCode() != 0) {
            throw new AssertionError("podman could not start " + image + ": " + started.stderr());
        }
        return new ServerContainer(containers, name, port);
    }

    /** The container's name, for {@code podman exec}. */
    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:PORT}: the server's root. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits up to 90 s for {@code path} to answer 200 and returns the body (see {@link ContainerEndpoint}). */
    public String awaitOk(String path) throws InterruptedException {
        return new ContainerEndpoint(URI.create(url() + path), this::log, PATIENCE).awaitOk();
    }

    /** What the server wrote to its standard error (where Jupyter logs). */
    public String log() {
        try {
            return containers.podman("logs", name).stderr();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while reading the log of " + name + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        containers.podman("rm", "-f", name);
    }
}
