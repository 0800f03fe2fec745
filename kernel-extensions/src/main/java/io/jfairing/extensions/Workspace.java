package io.jfairing.extensions;

import io.jfairing.extensions.display.Frontend;
import io.jfairing.fairing.cli.project.ConfigException;
import io.jfairing.fairing.cli.project.ConfigKey;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.fairing.cli.project.ProjectConfig;
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

    private final Project project;
    private final Frontend frontend;
    private String storeLocation;
    private Run notebookRun;

    public Workspace(Path project, Frontend frontend) {
        this.project = new Project(project);
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
        return project.folder();
    }

    /** The project as the command line sees it: the same settings, experiment and store. */
    public Project projectContext() {
        return project;
    }

    public Frontend frontend() {
        return frontend;
    }

    /** The project's settings as saved now (read again on every call: another notebook may have changed them). */
    public ProjectConfig config() throws ConfigException {
        return project.config();
    }

    /** The experiment runs go into: the setting, or the project folder's name. */
    public String experiment() throws ConfigException {
        return project.experiment();
    }

    /** The project's metadata store (the setting, else {@code $JFAIRING_METADATA_URI}, else ~/.jfairing/metadata.db). */
    public synchronized MetadataStore metadata() throws ConfigException {
        String location = config().get(ConfigKey.METADATA).strip();
        if (!location.equals(storeLocation) && notebookRun != null) {
            notebookRun.close(); // the notebook's run belongs to the store it was started in
            notebookRun = null;
        }
        storeLocation = location;
        return project.metadata();
    }

    /** Where the metadata store is, for messages: its file or URL. */
    public String metadataLocation() throws ConfigException {
        return project.metadataLocation();
    }

    /** The run of this notebook session (started on first use, ended when the kernel stops). */
    public synchronized Run notebookRun() throws ConfigException {
        if (notebookRun == null) {
            notebookRun = metadata()
                    .startRun(RunSpec.builder(experiment())
                            .name("notebook " + project().getFileName())
                            .tag("jfairing.source", "notebook")
                            .build());
        }
        return notebookRun;
    }

    @Override
    public synchronized void close() {
        if (notebookRun != null) {
            notebookRun.close();
            notebookRun = null;
        }
        project.close();
    }
}
