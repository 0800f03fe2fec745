package io.jfairing.fairing.image;

import io.jfairing.fairing.FairingException;

/** The image could not be built or pushed; {@link #reason()} says which kind of problem it was. */
public final class ImageBuildException extends FairingException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** No connection to the registry (refused, unknown host, timeout). */
        UNREACHABLE,
        /** The registry refused the credentials, or there were none (401/403). */
        UNAUTHORIZED,
        /** The registry needs HTTP or an unverified certificate, and insecure registries are not allowed. */
        INSECURE,
        /** The base image does not exist. */
        BASE_IMAGE_NOT_FOUND,
        /** A bad image reference. */
        INVALID_REFERENCE,
        /** Anything else: I/O, an unexpected registry error. */
        OTHER
    }

    private final Reason reason;

    public ImageBuildException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
