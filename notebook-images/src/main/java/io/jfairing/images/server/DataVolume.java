package io.jfairing.images.server;

/**
 * An existing volume claim mounted into the notebook server (shared datasets, models).
 *
 * @param claimName the PersistentVolumeClaim
 * @param mountPath where it appears in the container
 * @param readOnly mounted read-only
 */
public record DataVolume(String claimName, String mountPath, boolean readOnly) {
    /** Parses {@code CLAIM:/mount/path[:ro]}. */
    public static DataVolume parse(String text) {
        String[] parts = text.split(":");
        if (parts.length < 2
                || parts.length > 3
                || parts[0].isBlank()
                || parts[1].isBlank()
                || (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw"))) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a data volume: CLAIM:/mount/path, optionally :ro");
        }
        return new DataVolume(parts[0], parts[1], parts.length == 3 && parts[2].equals("ro"));
    }
}
