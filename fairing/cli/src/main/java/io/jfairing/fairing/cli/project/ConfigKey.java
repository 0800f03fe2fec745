package io.jfairing.fairing.cli.project;

import io.jfairing.fairing.deploy.InvalidJobSpecException;
import io.jfairing.fairing.deploy.Resources;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The settings of {@code %fairing config}: name, default, what it means, and what values it accepts. */
public enum ConfigKey {
    BACKEND("backend", "local", "where jobs and model servers run: local (child JVMs), podman, kubernetes") {
        @Override
        void check(String value) throws ConfigException {
            oneOf(value, "local", "podman", "kubernetes");
        }
    },
    REGISTRY(
            "registry",
            "local",
            "where images are pushed: 'local' (a registry jfairing starts on 127.0.0.1) or host[:port][/path]") {
        @Override
        void check(String value) throws ConfigException {
            if (!value.strip().equals("local")
                    && !REGISTRY_PATTERN.matcher(value.strip()).matches()) {
                throw new ConfigException(
                        "registry '" + value + "' is not 'local' or host[:port][/path], e.g. 127.0.0.1:5000/team");
            }
        }
    },
    BASE_IMAGE(
            "base-image",
            "",
            "the image the notebook's image is built on (default: a JRE made with jlink, in the registry)"),
    INSECURE_REGISTRY(
            "insecure-registry", "false", "allow HTTP and self-signed registries (always allowed for 'local')") {
        @Override
        void check(String value) throws ConfigException {
            oneOf(value, "true", "false");
        }
    },
    NAMESPACE("namespace", "", "the Kubernetes namespace (default: the kubeconfig context's)") {
        @Override
        void check(String value) throws ConfigException {
            if (!value.isBlank() && !value.strip().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                throw new ConfigException("namespace '" + value
                        + "' is not a valid Kubernetes namespace (lower-case letters, digits and '-', at most 63)");
            }
        }
    },
    CPU("cpu", "", "CPU request of each replica, e.g. 500m or 2") {
        @Override
        void check(String value) throws ConfigException {
            quantity("cpu", value);
        }
    },
    MEMORY("memory", "", "memory request and limit of each replica, e.g. 2Gi") {
        @Override
        void check(String value) throws ConfigException {
            quantity("memory", value);
        }
    },
    GPUS("gpus", "0", "nvidia.com/gpu of each replica") {
        @Override
        void check(String value) throws ConfigException {
            if (!value.strip().matches("\\d{1,3}")) {
                throw new ConfigException("gpus '" + value + "' is not a whole number, e.g. 0 or 1");
            }
        }
    },
    EXPERIMENT("experiment", "", "the metadata experiment runs go into (default: the project folder's name)"),
    METADATA(
            "metadata",
            "",
            "the metadata store: a SQLite file, or an http(s) server URL (default: $JFAIRING_METADATA_URI, else ~/.jfairing/metadata.db)");

    private static final Pattern REGISTRY_PATTERN = Pattern.compile("[A-Za-z0-9.-]+(:\\d{1,5})?(/[a-z0-9._/-]+)?");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Throws when {@code value} is not accepted. */
    void check(String value) throws ConfigException {
        if (value == null) {
            throw new ConfigException(key + " needs a value");
        }
    }

    public static Optional<ConfigKey> find(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(k -> k.key.equals(wanted)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(ConfigKey::key).collect(Collectors.joining(", "));
    }

    private static void oneOf(String value, String... accepted) throws ConfigException {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (Arrays.stream(accepted).noneMatch(v::equals)) {
            throw new ConfigException("'" + value + "' is not one of " + String.join(", ", accepted));
        }
    }

    private static void quantity(String name, String value) throws ConfigException {
        if (value.isBlank()) {
            return;
        }
        try {
            Resources.none().request(name, value.strip());
        } catch (InvalidJobSpecException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
