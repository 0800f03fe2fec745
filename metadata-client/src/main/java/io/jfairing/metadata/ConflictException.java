package io.jfairing.metadata;

/**
 * The write conflicts with what is stored, for example a param logged again with a different value (params are
 * write-once). Nothing of the request was written. HTTP 409.
 */
public class ConflictException extends MetadataException {
    private static final long serialVersionUID = 1L;

    public static final String PARAM_CONFLICT = "PARAM_CONFLICT";
    public static final String ALREADY_EXISTS = "ALREADY_EXISTS";
    /** The run has ended: it takes no more metrics, and cannot be ended again with another status. */
    public static final String RUN_ENDED = "RUN_ENDED";

    public ConflictException(String code, String message) {
        super(code, 409, message, null);
    }
}
