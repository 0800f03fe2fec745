package io.jfairing.runtime.use;

import java.util.List;

/**
 * A preset at the version a {@code %use NAME[@VERSION]} chose: what the kernel loads into a session and an image
 * build puts into the image.
 *
 * @param preset the descriptor
 * @param requestedVersion the version after {@code @}, or null for the preset's own
 */
public record PresetUse(LibraryPreset preset, String requestedVersion) {
    /** The version used: the one requested, else the preset's own. */
    public String version() {
        return requestedVersion == null ? preset.version() : requestedVersion;
    }

    /** The Maven coordinates at that version. */
    public List<String> coordinates() {
        return preset.coordinates(requestedVersion);
    }

    /** {@code name} or {@code name@version}, as it was asked for. */
    @Override
    public String toString() {
        return preset.name() + (requestedVersion == null ? "" : "@" + requestedVersion);
    }
}
