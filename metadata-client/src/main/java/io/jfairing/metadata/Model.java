package io.jfairing.metadata;

import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.SystemTypes;
import io.jfairing.metadata.mlmd.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model, stored as a {@code system.Model} artifact with its framework and hyperparameters (as the
 * kubeflow-metadata SDK's Model).
 *
 * @param hyperparameters numbers, strings, booleans, lists or maps
 */
public record Model(
        String name,
        String uri,
        String version,
        String description,
        String owner,
        String modelType,
        String framework,
        String frameworkVersion,
        Map<String, Object> hyperparameters,
        Map<String, String> labels)
        implements LoggableArtifact {

    public Model {
        Objects.requireNonNull(name, "name");
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Artifact toArtifact() {
        return Artifact.builder(SystemTypes.MODEL)
                .name(name)
                .uri(uri)
                .property("version", version)
                .property("description", description)
                .property("owner", owner)
                .property("model_type", modelType)
                .property("framework", framework)
                .property("framework_version", frameworkVersion)
                .property("hyperparameters", hyperparameters.isEmpty() ? null : hyperparameters)
                .property("labels", labels.isEmpty() ? null : labels)
                .build();
    }

    /** Reads a {@code system.Model} artifact back. */
    public static Model fromArtifact(Artifact a) {
        Map<String, Object> hp = new LinkedHashMap<>();
        Value v = a.property("hyperparameters");
        if (v != null && v.raw() instanceof Map<?, ?> m) {
            m.forEach((k, val) -> hp.put(String.valueOf(k), val));
        }
        return new Model(
                a.name(),
                a.uri(),
                Dataset.str(a, "version"),
                Dataset.str(a, "description"),
                Dataset.str(a, "owner"),
                Dataset.str(a, "model_type"),
                Dataset.str(a, "framework"),
                Dataset.str(a, "framework_version"),
                hp,
                Dataset.stringMap(a.property("labels")));
    }

    public static final class Builder {
        private String name;
        private String uri;
        private String version;
        private String description;
        private String owner;
        private String modelType;
        private String framework;
        private String frameworkVersion;
        private final Map<String, Object> hyperparameters = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder modelType(String modelType) {
            this.modelType = modelType;
            return this;
        }

        /** The training framework, for example {@code djl}, {@code xgboost4j}, {@code tribuo}. */
        public Builder framework(String framework) {
            this.framework = framework;
            return this;
        }

        public Builder frameworkVersion(String frameworkVersion) {
            this.frameworkVersion = frameworkVersion;
            return this;
        }

        public Builder hyperparameter(String key, Object value) {
            hyperparameters.put(key, value);
            return this;
        }

        public Builder hyperparameters(Map<String, ?> values) {
            hyperparameters.putAll(values);
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Model build() {
            return new Model(
                    name,
                    uri,
                    version,
                    description,
                    owner,
                    modelType,
                    framework,
                    frameworkVersion,
                    hyperparameters,
                    labels);
        }
    }
}
