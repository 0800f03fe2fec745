package io.jfairing.images.builder;

import io.jfairing.images.spec.Library;
import java.util.List;

/**
 * One team library with the dependencies it brought that no earlier library did: one image layer, so a new version
 * of this library changes (and pushes) this layer only.
 */
public record LibraryLayer(Library library, List<ResolvedJar> jars) {
    public LibraryLayer {
        jars = List.copyOf(jars);
    }

    /** The layer's name: {@code lib-ARTIFACT}. */
    public String layerName() {
        return "lib-" + library.artifactId();
    }
}
