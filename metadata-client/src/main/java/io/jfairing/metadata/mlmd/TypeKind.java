package io.jfairing.metadata.mlmd;

/** What a {@link Type} describes. */
public enum TypeKind {
    ARTIFACT,
    EXECUTION,
    CONTEXT
}
