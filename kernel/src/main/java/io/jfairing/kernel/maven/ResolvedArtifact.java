package io.jfairing.kernel.maven;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One resolved artifact.
 *
 * @param coordinates {@code groupId:artifactId:extension[:classifier]:version}
 * @param file the file in the local repository
 */
public record ResolvedArtifact(String coordinates, Path file) {
    public ResolvedArtifact {
        Objects.requireNonNull(coordinates, "coordinates");
        Objects.requireNonNull(file, "file");
    }
}
