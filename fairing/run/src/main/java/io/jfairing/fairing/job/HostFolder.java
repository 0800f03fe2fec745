package io.jfairing.fairing.job;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file or folder of this machine that a container job on this machine sees at {@code target} (podman: a bind mount,
 * {@code --volume SOURCE:TARGET[:ro]}). Only the podman backend has them: a local process sees this machine's paths
 * as they are, a pod sees none of them.
 *
 * @param source an absolute path on this machine
 * @param target an absolute path in the container
 * @param readOnly whether the container may only read it
 */
public record HostFolder(Path source, String target, boolean readOnly) {
    public HostFolder {
        Objects.requireNonNull(source, "source");
        if (!source.isAbsolute()) {
            throw new IllegalArgumentException("a host folder's source must be absolute, not " + source);
        }
        if (target == null || !target.startsWith("/") || target.contains(":") || target.contains(",")) {
            throw new IllegalArgumentException(
                    "a host folder's target must be an absolute container path without ':' or ',', not " + target);
        }
        if (source.toString().contains(":") || source.toString().contains(",")) {
            throw new IllegalArgumentException("podman cannot mount a path with ':' or ',' in it: " + source);
        }
    }

    /** The {@code --volume} value: {@code SOURCE:TARGET} or {@code SOURCE:TARGET:ro}. */
    public String volume() {
        return source + ":" + target + (readOnly ? ":ro" : "");
    }
}
