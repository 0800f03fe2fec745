package io.jfairing.fairing.cli.jobs;

import io.jfairing.fairing.backend.podman.PodmanJobBackend;
import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.project.ConfigException;
import io.jfairing.fairing.cli.project.ConfigKey;
import io.jfairing.fairing.cli.project.ImageSettings;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.fairing.container.Podman;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.Backends;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The job backends of a project (made on first use, by name) and the jobs submitted or attached to. A job started by
 * another process (a notebook, another command, before a kernel restart) is found by {@link #find} through its
 * backend: the local and podman backends keep their state in {@code $JFAIRING_HOME}, Kubernetes in the cluster.
 */
public final class JobBackends implements AutoCloseable {
    public static final String LOCAL = "local";
    public static final String PODMAN = "podman";
    public static final String KUBERNETES = "kubernetes";

    private final Project project;
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private final Map<String, JobHandle> handles = new LinkedHashMap<>();

    public JobBackends(Project project) {
        this.project = project;
    }

    /** The backend named, or the project's ({@code backend} setting) when {@code name} is null. */
    public synchronized Backend backend(String name) throws ConfigException, JobException, UsageException {
        String chosen = name != null
                ? name.strip().toLowerCase(Locale.ROOT)
                : project.config().get(ConfigKey.BACKEND);
        Backend backend = backends.get(chosen);
        if (backend == null) {
            backend = switch (chosen) {
                case LOCAL -> Backends.local(ImageSettings.home().resolve("jobs"));
                case PODMAN ->
                    PodmanJobBackend.builder(podman())
                            .tlsVerify(!insecureRegistry())
                            .build();
                case KUBERNETES -> Backends.kubernetes(namespace());
                default -> throw new UsageException("--backend '" + name + "' is not one of local, podman, kubernetes");
            };
            backends.put(chosen, backend);
        }
        return backend;
    }

    /** The project's Kubernetes namespace, or null for the kubeconfig context's. */
    private String namespace() throws ConfigException {
        String namespace = project.config().get(ConfigKey.NAMESPACE);
        return namespace.isBlank() ? null : namespace;
    }

    /** Whether images come from an HTTP registry: jfairing's local one, or one the settings say is insecure. */
    private boolean insecureRegistry() throws ConfigException {
        return project.config().get(ConfigKey.REGISTRY).equals("local")
                || Boolean.parseBoolean(project.config().get(ConfigKey.INSECURE_REGISTRY));
    }

    /** podman with the settings in {@code $JFAIRING_HOME/podman} when that folder exists (bin/demo writes it). */
    public static Podman podman() {
        Path folder = ImageSettings.home().resolve("podman");
        return Files.isDirectory(folder)
                ? Podman.builder().configDirectory(folder).build()
                : Podman.system();
    }

    public synchronized void remember(JobHandle handle) {
        handles.put(handle.name(), handle);
    }

    public synchronized Map<String, JobHandle> remembered() {
        return new LinkedHashMap<>(handles);
    }

    /** A job submitted here by name, else re-attached through {@code backendName} (or the project's backend). */
    public JobHandle find(String jobName, String backendName) throws ConfigException, JobException, UsageException {
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

    public synchronized void forget(String jobName) {
        handles.remove(jobName);
    }

    /** Fails before anything is built when {@code backend} already has a job of that name. */
    public static void requireFreeName(Backend backend, String name, String deleteCommand) throws UsageException {
        try {
            backend.attach(name);
        } catch (JobException notThere) {
            return;
        }
        throw new UsageException("a job named " + name + " already exists on " + backend.name() + ": delete it with "
                + deleteCommand + " " + name + " --backend " + backend.name() + ", or pass another --name");
    }

    @Override
    public synchronized void close() {
        for (Backend backend : backends.values()) {
            try {
                backend.close();
            } catch (Exception e) {
                // the process is stopping: nothing to tell
            }
        }
        backends.clear();
    }
}
