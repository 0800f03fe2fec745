package io.jfairing.fairing.pipeline;

import java.util.Objects;

/**
 * A value that crosses between steps (or comes in as a pipeline parameter): its name, its Java type as declared in the
 * notebook, and how it travels. Parameters are KFP parameters (primitives, strings, lists and maps of them, as their
 * text or JSON); artifacts are files (a {@code Path} as itself, a record or a collection holding records as JSON).
 */
public record StepValue(String name, String javaType, Passing passing) {
    /** How a value travels: as a KFP parameter of a type, or as an artifact of a schema. */
    public enum Passing {
        STRING("STRING", null),
        INTEGER("NUMBER_INTEGER", null),
        DOUBLE("NUMBER_DOUBLE", null),
        BOOLEAN("BOOLEAN", null),
        LIST("LIST", null),
        STRUCT("STRUCT", null),
        DATASET(null, "system.Dataset"),
        MODEL(null, "system.Model"),
        ARTIFACT(null, "system.Artifact");

        private final String parameterType;
        private final String schemaTitle;

        Passing(String parameterType, String schemaTitle) {
            this.parameterType = parameterType;
            this.schemaTitle = schemaTitle;
        }

        public boolean isArtifact() {
            return schemaTitle != null;
        }

        /** The KFP {@code ParameterType} name, or null for an artifact. */
        public String parameterType() {
            return parameterType;
        }

        /** The KFP artifact schema title, or null for a parameter. */
        public String schemaTitle() {
            return schemaTitle;
        }
    }

    public StepValue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(javaType, "javaType");
        Objects.requireNonNull(passing, "passing");
    }
}
