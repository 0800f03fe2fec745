package io.jfairing.metadata.mlmd;

/** MLMD's {@code Artifact.State}. */
public enum ArtifactState {
    UNKNOWN,
    PENDING,
    LIVE,
    MARKED_FOR_DELETION,
    DELETED,
    ABANDONED,
    REFERENCE
}
