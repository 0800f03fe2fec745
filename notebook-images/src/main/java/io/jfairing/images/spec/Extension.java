package io.jfairing.images.spec;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A kernel extension (a jar with a {@code io.jfairing.kernel.spi.KernelExtension} service): Maven coordinates, or a
 * jar file relative to the spec's folder. It goes on the kernel's class path, so the kernel loads it at start-up.
 */
public record Extension(String value, SpecLocation location, Path jar) {
    /** The coordinates, when this extension is a Maven artifact. */
    public Optional<Library> asLibrary() {
        return jar == null ? Optional.of(new Library(value, location)) : Optional.empty();
    }
}
