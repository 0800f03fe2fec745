package io.jfairing.fairing.cli.project;

import io.jfairing.metadata.MetadataStore;
import java.nio.file.Path;

/**
 * A project: a folder with its settings ({@code .jfairing/config.properties}), the experiment its runs go into and its
 * metadata store. The command line's and the magics' common ground: both read the same settings the same way.
 */
public final class Project implements AutoCloseable {
    private final Path folder;
    private MetadataStore store;
    private String storeLocation;

    public Project(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** The project's folder: where {@code .jfairing/config.properties} is. */
    public Path folder() {
        return folder;
    }

    /** The project's settings as saved now (read again on every call: another notebook may have changed them). */
    public ProjectConfig config() throws ConfigException {
        return ProjectConfig.load(folder);
    }

    /** The experiment runs go into: the setting, or the project folder's name. */
    public String experiment() throws ConfigException {
        String configured = config().get(ConfigKey.EXPERIMENT);
        if (!configured.isBlank()) {
            return configured;
        }
        Path name = folder.getFileName();
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
            store = MetadataStore.open(folder.resolve(location));
        }
        storeLocation = location;
        return store;
    }

    /** Where the metadata store is, for messages: its file or URL. */
    public String metadataLocation() throws ConfigException {
        String location = config().get(ConfigKey.METADATA).strip();
        if (!location.isEmpty()) {
            return location.startsWith("http")
                    ? location
                    : folder.resolve(location).toString();
        }
        String uri = System.getenv(MetadataStore.ENV_URI);
        return uri != null && !uri.isBlank()
                ? uri
                : MetadataStore.defaultFile(System.getenv()).toString();
    }

    private void closeStore() {
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
