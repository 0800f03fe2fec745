package io.jfairing.fairing.cli.project;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The {@code %fairing config} of a project (the notebook's folder), kept in {@code .jfairing/config.properties} there:
 * only the settings the user set; the rest are {@link ConfigKey} defaults. Immutable; {@link #with} returns a copy.
 * Credentials never go here: registry auth comes from Docker/podman config files, cluster access from kubeconfig.
 */
public final class ProjectConfig {
    /** The file, relative to the project folder. */
    public static final String FILE = ".jfairing/config.properties";

    private final Path project;
    private final Map<ConfigKey, String> values;

    private ProjectConfig(Path project, Map<ConfigKey, String> values) {
        this.project = project;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Reads the project's file; a project without one has every default. */
    public static ProjectConfig load(Path project) throws ConfigException {
        Path file = project.resolve(FILE);
        Map<ConfigKey, String> values = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(file + " cannot be read: " + e.getMessage());
            }
            for (String name : new TreeMap<>(properties)
                    .keySet().stream().map(Object::toString).toList()) {
                ConfigKey key = ConfigKey.find(name)
                        .orElseThrow(() -> new ConfigException(
                                file + ": unknown setting '" + name + "'; known: " + ConfigKey.names()));
                String value = properties.getProperty(name);
                try {
                    key.check(value);
                } catch (ConfigException e) {
                    throw new ConfigException(file + ": " + e.getMessage());
                }
                values.put(key, value.strip());
            }
        }
        return new ProjectConfig(project.toAbsolutePath().normalize(), values);
    }

    public Path project() {
        return project;
    }

    /** The value set, or the key's default (which may be empty: no value). */
    public String get(ConfigKey key) {
        String value = values.get(key);
        return value != null ? value : key.defaultValue();
    }

    public boolean isSet(ConfigKey key) {
        return values.containsKey(key);
    }

    /** A copy with {@code key} set to {@code value} (checked), or unset when {@code value} is null. */
    public ProjectConfig with(ConfigKey key, String value) throws ConfigException {
        Map<ConfigKey, String> copy = new LinkedHashMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            key.check(value);
            copy.put(key, value.strip());
        }
        return new ProjectConfig(project, copy);
    }

    /** Writes the set values to the project's file (atomically: a crash leaves the old file or the new one). */
    public void save() throws ConfigException {
        Path file = project.resolve(FILE);
        Properties properties = new Properties();
        values.forEach((key, value) -> properties.setProperty(key.key(), value));
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "config", ".tmp");
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(writer, "jfairing project settings (%fairing config)");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfigException("cannot save " + file + ": " + e.getMessage());
        }
    }

    /** Every key with its effective value, in {@link ConfigKey} order. */
    public Map<ConfigKey, String> effective() {
        Map<ConfigKey, String> out = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKey.values()) {
            out.put(key, get(key));
        }
        return out;
    }
}
