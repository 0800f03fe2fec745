package io.jfairing.metadata.mlmd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An artifact, execution or context type: a name unique per kind and the typed properties its instances may carry.
 * KFP's artifact types {@code system.Dataset}, {@code system.Model}, {@code system.Metrics} are predefined.
 *
 * @param id assigned by the store; null before it is stored
 */
public record Type(
        Long id, TypeKind kind, String name, String version, String description, Map<String, PropertyType> properties) {

    public Type {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public static Builder builder(TypeKind kind, String name) {
        return new Builder(kind, name);
    }

    public static Type artifactType(String name) {
        return builder(TypeKind.ARTIFACT, name).build();
    }

    public static Type executionType(String name) {
        return builder(TypeKind.EXECUTION, name).build();
    }

    public static Type contextType(String name) {
        return builder(TypeKind.CONTEXT, name).build();
    }

    public static final class Builder {
        private final TypeKind kind;
        private final String name;
        private String version;
        private String description;
        private final Map<String, PropertyType> properties = new LinkedHashMap<>();

        private Builder(TypeKind kind, String name) {
            this.kind = kind;
            this.name = name;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder property(String name, PropertyType type) {
            properties.put(name, type);
            return this;
        }

        public Type build() {
            return new Type(null, kind, name, version, description, properties);
        }
    }
}
