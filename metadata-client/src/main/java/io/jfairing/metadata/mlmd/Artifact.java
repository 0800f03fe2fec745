package io.jfairing.metadata.mlmd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An MLMD artifact: a piece of data (a dataset, a model, metrics) identified by its type and uri.
 *
 * @param id assigned by the store; null for a new artifact
 * @param type the artifact type's name, for example {@code system.Model}
 * @param properties values of the properties the type declares (checked against the type)
 * @param customProperties any other values
 * @param createTime milliseconds since the epoch, set by the store
 * @param updateTime milliseconds since the epoch, set by the store
 */
public record Artifact(
        Long id,
        String type,
        String uri,
        String name,
        ArtifactState state,
        String externalId,
        Map<String, Value> properties,
        Map<String, Value> customProperties,
        Long createTime,
        Long updateTime) {

    public Artifact {
        Objects.requireNonNull(type, "type");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        customProperties = customProperties == null ? Map.of() : Map.copyOf(customProperties);
    }

    public static Builder builder(String type) {
        return new Builder(type);
    }

    public Builder toBuilder() {
        Builder b = new Builder(type);
        b.id = id;
        b.uri = uri;
        b.name = name;
        b.state = state;
        b.externalId = externalId;
        b.properties.putAll(properties);
        b.customProperties.putAll(customProperties);
        return b;
    }

    /** A property, custom or declared; null when absent. */
    public Value property(String key) {
        Value v = properties.get(key);
        return v != null ? v : customProperties.get(key);
    }

    public static final class Builder {
        private Long id;
        private final String type;
        private String uri;
        private String name;
        private ArtifactState state;
        private String externalId;
        private final Map<String, Value> properties = new LinkedHashMap<>();
        private final Map<String, Value> customProperties = new LinkedHashMap<>();

        private Builder(String type) {
            this.type = type;
        }

        public Builder id(Long id) {
            this.id = id;
            return this;
        }

        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder state(ArtifactState state) {
            this.state = state;
            return this;
        }

        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        /** A declared property; {@code value} as accepted by {@link Value#ofObject}. Null values are skipped. */
        public Builder property(String key, Object value) {
            if (value != null) {
                properties.put(key, Value.ofObject(value));
            }
            return this;
        }

        public Builder customProperty(String key, Object value) {
            if (value != null) {
                customProperties.put(key, Value.ofObject(value));
            }
            return this;
        }

        public Artifact build() {
            return new Artifact(id, type, uri, name, state, externalId, properties, customProperties, null, null);
        }
    }
}
