package io.jfairing.metadata;

/**
 * Base of every error the metadata API throws. The embedded store and the HTTP client throw the same types, so
 * callers handle one hierarchy whichever store they talk to.
 *
 * <p>Each exception carries a stable {@link #code()} (also used in the server's JSON error bodies,
 * {@code {"error": {"code": ..., "message": ...}}}) and the HTTP status the server answers with.
 */
public class MetadataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int httpStatus;

    public MetadataException(String message) {
        this("INTERNAL", 500, message, null);
    }

    public MetadataException(String message, Throwable cause) {
        this("INTERNAL", 500, message, cause);
    }

    protected MetadataException(String code, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** A stable, machine-readable error code such as {@code INVALID_ARGUMENT} or {@code PARAM_CONFLICT}. */
    public String code() {
        return code;
    }

    /** The HTTP status the server answers with for this error. */
    public int httpStatus() {
        return httpStatus;
    }
}
