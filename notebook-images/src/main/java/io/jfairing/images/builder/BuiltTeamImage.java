package io.jfairing.images.builder;

import io.jfairing.fairing.image.BuiltImage;
import java.time.Duration;
import java.util.List;

/**
 * A team image that was built and pushed.
 *
 * @param reference where it went ({@code registry/team/data-exploration:2024-06})
 * @param digest the manifest digest: the same spec and inputs give the same digest
 * @param layers the layers over the base, in order, with their file counts
 * @param blobs every blob the push considered: pushed, or already in the registry
 */
public record BuiltTeamImage(
        String reference,
        String digest,
        String imageId,
        List<BuiltImage.Layer> layers,
        List<BuiltImage.Blob> blobs,
        Duration duration) {
    public BuiltTeamImage {
        layers = List.copyOf(layers);
        blobs = List.copyOf(blobs);
    }

    /** Bytes sent to the registry (what it did not have yet). */
    public long bytesPushed() {
        return blobs.stream()
                .filter(BuiltImage.Blob::pushed)
                .mapToLong(BuiltImage.Blob::size)
                .sum();
    }

    /** The {@code repository@digest} form. */
    public String pinnedReference() {
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        return (colon > slash ? reference.substring(0, colon) : reference) + "@" + digest;
    }
}
