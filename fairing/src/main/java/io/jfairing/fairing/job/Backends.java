package io.jfairing.fairing.job;

import io.jfairing.fairing.backend.local.LocalProcessBackend;
import io.jfairing.fairing.backend.podman.PodmanBackend;
import io.jfairing.fairing.container.Podman;

import java.nio.file.Path;

/**
 * The backends jobs run on, by name. Kubernetes: {@code io.jfairing.fairing.backend.kubernetes.KubernetesBackend}'s
 * builder (client, namespace).
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

    /** podman containers on this machine, with podman from the PATH and its default configuration. */
    public static PodmanBackend podman() {
        return PodmanBackend.builder(Podman.system()).build();
    }

    /** podman containers on this machine, run by {@code podman} (its configuration: CONTAINERS_CONF and the like). */
    public static PodmanBackend podman(Podman podman) {
        return PodmanBackend.builder(podman).build();
    }
}
