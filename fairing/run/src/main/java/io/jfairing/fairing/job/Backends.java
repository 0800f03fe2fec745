package io.jfairing.fairing.job;

import io.jfairing.fairing.backend.local.LocalProcessJobBackend;
import io.jfairing.fairing.backend.podman.PodmanJobBackend;
import io.jfairing.fairing.container.Podman;
import java.nio.file.Path;

/**
 * The backends jobs run on. More options: the backends' builders ({@code LocalProcessJobBackend}, {@code PodmanJobBackend},
 * {@code KubernetesBackend}).
 *
 * <pre>{@code
 * try (Backend local = Backends.local()) { ... }                    // child JVMs, state in $JFAIRING_HOME/jobs
 * try (Backend containers = Backends.podman()) { ... }              // podman from the PATH
 * }</pre>
 */
public final class Backends {
    private Backends() {}

    /** Child JVMs on this machine, with their state in {@code $JFAIRING_HOME/jobs} (default {@code ~/.jfairing/jobs}). */
    public static LocalProcessJobBackend local() {
        return LocalProcessJobBackend.builder().build();
    }

    /** Child JVMs on this machine, with their state in {@code stateDirectory}. */
    public static LocalProcessJobBackend local(Path stateDirectory) {
        return LocalProcessJobBackend.builder().stateDirectory(stateDirectory).build();
    }

    /**
     * A Kubernetes cluster from the kubeconfig (or in-cluster config), in {@code namespace}, or the context's namespace
     * when null.
     */
    public static io.jfairing.fairing.backend.kubernetes.KubernetesJobBackend kubernetes(String namespace)
            throws JobException {
        io.jfairing.fairing.backend.kubernetes.KubernetesJobBackend.Builder builder =
                io.jfairing.fairing.backend.kubernetes.KubernetesJobBackend.builder();
        if (namespace != null) {
            builder.namespace(namespace);
        }
        return builder.build();
    }

    /** podman containers on this machine, with podman from the PATH and its default configuration. */
    public static PodmanJobBackend podman() {
        return PodmanJobBackend.builder(Podman.system()).build();
    }

    /** podman containers on this machine, run by {@code podman} (its configuration: CONTAINERS_CONF and the like). */
    public static PodmanJobBackend podman(Podman podman) {
        return PodmanJobBackend.builder(podman).build();
    }
}
