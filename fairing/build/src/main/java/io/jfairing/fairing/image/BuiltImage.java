package io.jfairing.fairing.image;

import java.time.Duration;
import java.util.List;

/**
 * An image that was built: where it went, its manifest digest and image id (config digest), the layers jfairing
 * added (with their file counts), the blobs sent to the registry and how many bytes that was.
 *
 * @param reference the target ({@code 127.0.0.1:5000/train:latest}, or the tarball's name)
 * @param digest the manifest digest ({@code sha256:...}): the same inputs give the same digest
 * @param imageId the config digest
 * @param codeDigest the digest of the compiled notebook code (also the {@code io.jfairing.code-digest} label)
 * @param layers jfairing's layers over the base, in order
 * @param blobs every blob the push considered, pushed or already there (empty for tarballs)
 * @param duration how long the build took
 */
public record BuiltImage(
        String reference,
        String digest,
        String imageId,
        String codeDigest,
        List<Layer> layers,
        List<Blob> blobs,
        Duration duration) {
    public BuiltImage {
        layers = List.copyOf(layers);
        blobs = List.copyOf(blobs);
    }

    /** One of jfairing's layers: {@code dependencies}, {@code runner}, {@code code}, {@code files}. */
    public record Layer(String name, int files) {}

    /**
     * A blob of the push: a layer or the config.
     *
     * @param pushed false when the target repository had it already
     * @param baseLayer a layer of the base image: when the base is in the same registry, the registry mounts it
     *     from the base's repository instead of receiving it
     */
    public record Blob(String digest, long size, boolean pushed, boolean baseLayer) {}

    /** The bytes of the blobs the target repository did not have (base layers mounted from another repository included). */
    public long bytesPushed() {
        return blobs.stream().filter(Blob::pushed).mapToLong(Blob::size).sum();
    }

    /** {@link #bytesPushed()} without the base image's layers: what this build's own layers and config cost. */
    public long bytesPushedOverBase() {
        return blobs.stream()
                .filter(Blob::pushed)
                .filter(b -> !b.baseLayer())
                .mapToLong(Blob::size)
                .sum();
    }

    /** The {@code repository@digest} form, which always names exactly this image. */
    public String pinnedReference() {
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        String repository = colon > slash ? reference.substring(0, colon) : reference;
        int at = repository.indexOf('@');
        return (at >= 0 ? repository.substring(0, at) : repository) + "@" + digest;
    }
}
