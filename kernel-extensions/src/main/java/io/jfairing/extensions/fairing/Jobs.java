package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.extensions.config.ConfigException;
import io.jfairing.extensions.config.ConfigKey;
import io.jfairing.extensions.magic.ArgumentException;
import io.jfairing.fairing.container.Podman;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.backend.podman.PodmanJobBackend;
import io.jfairing.fairing.job.Backends;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The backends of one session (made on first use, by name) and the jobs it submitted or attached to. A job started
 * in another session or before a kernel restart is found by {@link #find} through its backend.
 */
final class Jobs implements AutoCloseable {
    static final String LOCAL = "local";
    static final String PODMAN = "podman";
    static final String KUBERNETES = "kubernetes";

    private final Workspace workspace;
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private final Map<String, JobHandle> handles = new LinkedHashMap<>();

    Jobs(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The backend named, or the project's ({@code %fairing config backend=...}) when {@code name} is null. */
    synchronized Backend backend(String name) throws ConfigException, JobException, ArgumentException {
        String chosen = name != null ? name.strip().toLowerCase(java.util.Locale.ROOT) : workspace.config().get(ConfigKey.BACKEND);
        Backend backend = backends.get(chosen);
        if (backend == null) {
            backend = switch (chosen) {
                case LOCAL -> Backends.local(ImageSettings.home().resolve("jobs"));
                case PODMAN -> PodmanJobBackend.builder(podman()).tlsVerify(!insecureRegistry()).build();
                case KUBERNETES -> KubernetesBackends.create(workspace.config().get(ConfigKey.NAMESPACE));
                default -> throw new ArgumentException("--backend '" + name + "' is not one of local, podman, kubernetes");
            };
            backends.put(chosen, backend);
        }
        return backend;
    }

    /** Whether images come from an HTTP registry: jfairing's local one, or one the settings say is insecure. */
    private boolean insecureRegistry() throws ConfigException {
        return workspace.config().get(ConfigKey.REGISTRY).equals("local")
                || Boolean.parseBoolean(workspace.config().get(ConfigKey.INSECURE_REGISTRY));
    }

    /** podman with the settings in {@code $JFAIRING_HOME/podman} when that folder exists (bin/demo writes it). */
    static Podman podman() {
        Path folder = ImageSettings.home().resolve("podman");
        return Files.isDirectory(folder) ? Podman.builder().configDirectory(folder).build() : Podman.system();
    }

    synchronized void remember(JobHandle handle) {
        handles.put(handle.name(), handle);
    }

    synchronized Map<String, JobHandle> remembered() {
        return new LinkedHashMap<>(handles);
    }

    /** A job of this session by name, else re-attached through {@code backendName} (or the project's backend). */
    JobHandle find(String jobName, String backendName) throws ConfigException, JobException, ArgumentException {
        synchronized (this) {
            JobHandle known = handles.get(jobName);
            if (known != null && (backendName == null || known.backend().equals(backendName))) {
                return known;
            }
        }
        JobHandle attached = backend(backendName).attach(jobName);
        remember(attached);
        return attached;
    }

    synchronized void forget(String jobName) {
        handles.remove(jobName);
    }

    @Override
    public synchronized void close() {
        for (Backend backend : backends.values()) {
            try {
                backend.close();
            } catch (Exception e) {
                // the kernel is stopping: nothing to tell
            }
        }
        backends.clear();
    }
}
