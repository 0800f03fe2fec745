package io.jfairing.fairing.job;

import io.jfairing.fairing.backend.local.LocalProcessBackend;
import io.jfairing.fairing.backend.podman.PodmanBackend;
import io.jfairing.fairing.container.Podman;

import java.nio.file.Path;

/**
 * The backends jobs run on. More options: the backends' builders ({@code LocalProcessBackend}, {@code PodmanBackend},
 * {@code KubernetesBackend}).
 *
 * <pre>{@code
 * try (Backend local = Backends.local()) { ... }                    // child JVMs, state in $JFAIRING_HOME/jobs
 * try (Backend containers = Backends.podman()) { ... }              // podman from the PATH
 * }</pre>
 */
public final class Backends {
    private Backends() {
    }

    /** Child JVMs on this machine, with their state in {@code $JFAIRING_HOME/jobs} (default {@code ~/.jfairing/jobs}). */
    public static LocalProcessBackend local() {
        return LocalProcessBackend.builder().build();
    }

    /** Child JVMs on this machine, with their state in {@code stateDirectory}. */
    public static LocalProcessBackend local(Path stateDirectory) {
        return LocalProcessBackend.builder().stateDirectory(stateDirectory).build();
    }

    /**
     * A Kubernetes cluster from the kubeconfig (or in-cluster config), in {@code namespace}, or the context's namespace
     * when null.
     */
    public static io.jfairing.fairing.backend.kubernetes.KubernetesBackend kubernetes(String namespace) throws JobException {
        io.jfairing.fairing.backend.kubernetes.KubernetesBackend.Builder builder = io.jfairing.fairing.backend.kubernetes.KubernetesBackend.builder();
        if (namespace != null) {
            builder.namespace(namespace);
        }
        return builder.build();
    }

    /** podman containers on this machine, with podman from the PATH and its default configuration. */
    public static PodmanBackend podman() {
        return PodmanBackend.builder(Podman.system()).build();
    }

    /** podman containers on this machine, run by {@code podman} (its configuration: CONTAINERS_CONF and the like). */
    public static PodmanBackend podman(Podman podman) {
        return PodmanBackend.builder(podman).build();
    }
}
