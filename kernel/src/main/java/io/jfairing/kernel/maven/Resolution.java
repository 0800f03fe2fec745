package io.jfairing.kernel.maven;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a resolution: the requested artifacts and their runtime dependencies, in classpath order.
 *
 * @param artifacts every resolved artifact (jars and, when asked for, other extensions), in classpath order
 */
public record Resolution(List<ResolvedArtifact> artifacts) {
    public Resolution {
        artifacts = List.copyOf(artifacts);
    }

    /** The {@code .jar} files among {@link #artifacts()}, in classpath order. */
    public List<Path> jars() {
        return artifacts.stream()
                .map(ResolvedArtifact::file)
                .filter(f -> f.getFileName().toString().endsWith(".jar"))
                .toList();
    }
}
