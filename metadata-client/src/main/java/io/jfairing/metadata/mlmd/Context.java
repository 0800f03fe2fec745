package io.jfairing.metadata.mlmd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An MLMD context: a group of artifacts (attributions) and executions (associations), such as an experiment.
 * Names are unique per type. Contexts may have parent contexts.
 *
 * @param id assigned by the store; null for a new context
 */
public record Context(
        Long id,
        String type,
        String name,
        String externalId,
        Map<String, Value> properties,
        Map<String, Value> customProperties,
        Long createTime,
        Long updateTime) {

    public Context {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        customProperties = customProperties == null ? Map.of() : Map.copyOf(customProperties);
    }

    public static Builder builder(String type, String name) {
        return new Builder(type, name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(type, name);
        b.id = id;
        b.externalId = externalId;
        b.properties.putAll(properties);
        b.customProperties.putAll(customProperties);
        return b;
    }

    public static final class Builder {
        private Long id;
        private final String type;
        private final String name;
        private String externalId;
        private final Map<String, Value> properties = new LinkedHashMap<>();
        private final Map<String, Value> customProperties = new LinkedHashMap<>();

        private Builder(String type, String name) {
            this.type = type;
            this.name = name;
        }

        public Builder id(Long id) {
            this.id = id;
            return this;
        }

        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

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

        public Context build() {
            return new Context(id, type, name, externalId, properties, customProperties, null, null);
        }
    }
}
