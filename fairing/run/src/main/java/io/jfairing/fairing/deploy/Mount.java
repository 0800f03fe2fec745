package io.jfairing.fairing.deploy;

import java.util.Objects;

/** A volume mounted into the training container: a PVC, a secret or a config map as files. */
public record Mount(Source source, String name, String mountPath, boolean readOnly) {

    public enum Source {
        PERSISTENT_VOLUME_CLAIM,
        SECRET,
        CONFIG_MAP
    }

    public Mount {
        Objects.requireNonNull(source, "source");
        if (name == null || name.isBlank()) {
            throw new InvalidJobSpecException("a " + source + " volume needs a name");
        }
        if (mountPath == null || !mountPath.startsWith("/")) {
            throw new InvalidJobSpecException(
                    "mount path of " + source + " '" + name + "' must be absolute, got '" + mountPath + "'");
        }
    }

    public static Mount pvc(String claimName, String mountPath) {
        return new Mount(Source.PERSISTENT_VOLUME_CLAIM, claimName, mountPath, false);
    }

    public static Mount secret(String secretName, String mountPath) {
        return new Mount(Source.SECRET, secretName, mountPath, true);
    }

    public static Mount configMap(String configMapName, String mountPath) {
        return new Mount(Source.CONFIG_MAP, configMapName, mountPath, true);
    }

    public Mount readOnly(boolean value) {
        return new Mount(source, name, mountPath, value);
    }
}
