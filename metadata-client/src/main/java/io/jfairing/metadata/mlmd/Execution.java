package io.jfairing.metadata.mlmd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An MLMD execution: a step that consumed and produced artifacts. Every run of the run-centric API is an execution
 * of type {@code jfairing.Run}.
 *
 * @param id assigned by the store; null for a new execution
 * @param type the execution type's name
 */
public record Execution(
        Long id,
        String type,
        String name,
        ExecutionState state,
        String externalId,
        Map<String, Value> properties,
        Map<String, Value> customProperties,
        Long createTime,
        Long updateTime) {

    public Execution {
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
        b.name = name;
        b.state = state;
        b.externalId = externalId;
        b.properties.putAll(properties);
        b.customProperties.putAll(customProperties);
        return b;
    }

    public static final class Builder {
        private Long id;
        private final String type;
        private String name;
        private ExecutionState state;
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

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder state(ExecutionState state) {
            this.state = state;
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

        public Execution build() {
            return new Execution(id, type, name, state, externalId, properties, customProperties, null, null);
        }
    }
}
