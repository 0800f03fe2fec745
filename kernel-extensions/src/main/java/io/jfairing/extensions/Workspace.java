package io.jfairing.extensions;

import io.jfairing.extensions.config.ConfigException;
import io.jfairing.extensions.config.ConfigKey;
import io.jfairing.extensions.config.ProjectConfig;
import io.jfairing.extensions.display.Frontend;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.Run;
import io.jfairing.metadata.RunSpec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the magics of one kernel session share, and the Java API for cells: the project's settings, its metadata
 * store, and the notebook's own run (where {@code %metadata log} writes).
 *
 * <pre>{@code
 * MetadataStore store = Workspace.current().metadata();
 * try (Run run = store.startRun(Workspace.current().experiment())) { run.logMetric("accuracy", 0.93); }
 * }</pre>
 */
public final class Workspace implements AutoCloseable {
    private static volatile Workspace current;

    private final Path project;
    private final Frontend frontend;
    private MetadataStore store;
    private String storeLocation;
    private Run notebookRun;

    public Workspace(Path project, Frontend frontend) {
        this.project = project.toAbsolutePath().normalize();
        this.frontend = Objects.requireNonNull(frontend, "frontend");
    }

    /** The workspace of this kernel session. */
    public static Workspace current() {
        Workspace w = current;
        if (w == null) {
            throw new IllegalStateException("the jfairing extension is not loaded in this kernel"
                    + " (install the kernel with --extension jfairing-kernel-extensions.jar)");
        }
        return w;
    }

    static void setCurrent(Workspace workspace) {
        current = workspace;
    }

    /** The notebook's folder: where {@code .jfairing/config.properties} is. */
    public Path project() {
        return project;
    }

    public Frontend frontend() {
        return frontend;
    }

    /** The project's settings as saved now (read again on every call: another notebook may have changed them). */
    public ProjectConfig config() throws ConfigException {
        return ProjectConfig.load(project);
    }

    /** The experiment runs go into: the setting, or the project folder's name. */
    public String experiment() throws ConfigException {
        String configured = config().get(ConfigKey.EXPERIMENT);
        if (!configured.isBlank()) {
            return configured;
        }
        Path name = project.getFileName();
        return name == null ? "default" : name.toString();
    }

    /** The project's metadata store (the setting, else {@code $JFAIRING_METADATA_URI}, else ~/.jfairing/metadata.db). */
    public synchronized MetadataStore metadata() throws ConfigException {
        String location = config().get(ConfigKey.METADATA).strip();
        if (store != null && location.equals(storeLocation)) {
            return store;
        }
        closeStore();
        if (location.isEmpty()) {
            store = MetadataStore.fromEnvironment();
        } else if (location.startsWith("http://") || location.startsWith("https://")) {
            store = MetadataStore.connect(location, System.getenv(MetadataStore.ENV_TOKEN));
        } else {
            store = MetadataStore.open(project.resolve(location));
        }
        storeLocation = location;
        return store;
    }

    /** Where the metadata store is, for messages: its file or URL. */
    public String metadataLocation() throws ConfigException {
        String location = config().get(ConfigKey.METADATA).strip();
        if (!location.isEmpty()) {
            return location.startsWith("http") ? location : project.resolve(location).toString();
        }
        String uri = System.getenv(MetadataStore.ENV_URI);
        return uri != null && !uri.isBlank() ? uri : MetadataStore.defaultFile(System.getenv()).toString();
    }

    /** The run of this notebook session (started on first use, ended when the kernel stops). */
    public synchronized Run notebookRun() throws ConfigException {
        if (notebookRun == null) {
            notebookRun = metadata().startRun(RunSpec.builder(experiment()).name("notebook " + project.getFileName())
                    .tag("jfairing.source", "notebook").build());
        }
        return notebookRun;
    }

    private void closeStore() {
        if (notebookRun != null) {
            notebookRun.close();
            notebookRun = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    @Override
    public synchronized void close() {
        closeStore();
    }
}
