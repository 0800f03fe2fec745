package io.jfairing.metadata;

import io.jfairing.metadata.mlmd.Artifact;

/**
 * Something a run can log as an input or output: {@link Dataset}, {@link Model}, {@link Metrics}, or any MLMD
 * artifact through {@link #of(Artifact)}.
 */
public interface LoggableArtifact {

    /** The MLMD artifact to store. */
    Artifact toArtifact();

    static LoggableArtifact of(Artifact artifact) {
        return () -> artifact;
    }
}
