package io.jfairing.images.builder;

import java.util.List;

/** The team libraries of a spec, resolved: a layer per library, and the kernel extensions' jars. */
public record ResolvedLibraries(List<LibraryLayer> layers, List<ResolvedJar> extensions) {
    public ResolvedLibraries {
        layers = List.copyOf(layers);
        extensions = List.copyOf(extensions);
    }

    /** Every library jar, in class path order. */
    public List<ResolvedJar> jars() {
        return layers.stream().flatMap(layer -> layer.jars().stream()).toList();
    }
}
