package io.jfairing.metadata;

import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.SystemTypes;
import io.jfairing.metadata.mlmd.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A data set, stored as a {@code system.Dataset} artifact. Logging the same dataset (same name and uri) from many
 * runs links them all to one artifact, so lineage shows every run that used it.
 */
public record Dataset(
        String name,
        String uri,
        String version,
        String description,
        String owner,
        String query,
        Map<String, String> labels)
        implements LoggableArtifact {

    public Dataset {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Artifact toArtifact() {
        return Artifact.builder(SystemTypes.DATASET)
                .name(name)
                .uri(uri)
                .property("version", version)
                .property("description", description)
                .property("owner", owner)
                .property("query", query)
                .property("labels", labels.isEmpty() ? null : labels)
                .build();
    }

    /** Reads a {@code system.Dataset} artifact back. */
    public static Dataset fromArtifact(Artifact a) {
        return new Dataset(
                a.name(),
                a.uri(),
                str(a, "version"),
                str(a, "description"),
                str(a, "owner"),
                str(a, "query"),
                stringMap(a.property("labels")));
    }

    static String str(Artifact a, String key) {
        Value v = a.property(key);
        return v == null ? null : String.valueOf(v.raw());
    }

    static Map<String, String> stringMap(Value v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v != null && v.raw() instanceof Map<?, ?> m) {
            m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
        }
        return out;
    }

    public static final class Builder {
        private String name;
        private String uri;
        private String version;
        private String description;
        private String owner;
        private String query;
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

        public Builder query(String query) {
            this.query = query;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Dataset build() {
            return new Dataset(name, uri, version, description, owner, query, labels);
        }
    }
}
