package io.jfairing.metadata;

/**
 * The request is malformed or breaks a documented limit: unknown JSON fields, wrong types, an oversize batch, bad
 * filter syntax, an invalid key. Nothing was written. HTTP 400 (413 for a body over the size limit).
 */
public class InvalidRequestException extends MetadataException {
    private static final long serialVersionUID = 1L;

    public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
    public static final String UNKNOWN_FIELD = "UNKNOWN_FIELD";
    public static final String WRONG_TYPE = "WRONG_TYPE";
    public static final String MALFORMED_JSON = "MALFORMED_JSON";
    public static final String BATCH_TOO_LARGE = "BATCH_TOO_LARGE";
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    public static final String BAD_FILTER = "BAD_FILTER";

    public InvalidRequestException(String message) {
        this(INVALID_ARGUMENT, message);
    }

    public InvalidRequestException(String code, String message) {
        this(code, PAYLOAD_TOO_LARGE.equals(code) ? 413 : 400, message, null);
    }

    protected InvalidRequestException(String code, int httpStatus, String message, Throwable cause) {
        super(code, httpStatus, message, cause);
    }
}
