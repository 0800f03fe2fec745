package io.jfairing.fairing.image;

import io.jfairing.fairing.registry.RegistryCredentials;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a built image goes: a registry ({@code host[:port]/repository[:tag]}), or a tarball that {@code podman load}
 * or {@code docker load} reads (docker-archive), or an OCI image layout tarball.
 */
public final class ImageTarget {
    public enum Kind {
        REGISTRY,
        DOCKER_ARCHIVE,
        OCI_ARCHIVE
    }

    private final Kind kind;
    private final String reference;
    private final Path file;
    private final RegistryCredentials credentials;

    private ImageTarget(Kind kind, String reference, Path file, RegistryCredentials credentials) {
        this.kind = kind;
        this.reference = Objects.requireNonNull(reference, "reference");
        this.file = file;
        this.credentials = credentials;
    }

    /** A registry image, with the credentials Docker and podman would use ({@link RegistryCredentials#fromEnvironment()}). */
    public static ImageTarget registry(String reference) {
        return new ImageTarget(Kind.REGISTRY, reference, null, RegistryCredentials.fromEnvironment());
    }

    /** A docker-archive tarball ({@code podman load -i FILE}); {@code reference} is the name it loads as. */
    public static ImageTarget dockerArchive(Path file, String reference) {
        return new ImageTarget(Kind.DOCKER_ARCHIVE, reference, file, RegistryCredentials.none());
    }

    /** An OCI image layout tarball. */
    public static ImageTarget ociArchive(Path file, String reference) {
        return new ImageTarget(Kind.OCI_ARCHIVE, reference, file, RegistryCredentials.none());
    }

    public ImageTarget withCredentials(RegistryCredentials newCredentials) {
        return new ImageTarget(kind, reference, file, Objects.requireNonNull(newCredentials, "credentials"));
    }

    public Kind kind() {
        return kind;
    }

    public String reference() {
        return reference;
    }

    /** The tarball, for the archive kinds. */
    public Path file() {
        return file;
    }

    public RegistryCredentials credentials() {
        return credentials;
    }

    @Override
    public String toString() {
        return kind == Kind.REGISTRY
                ? reference
                : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + file + " (" + reference + ")";
    }
}
