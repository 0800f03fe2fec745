package io.jfairing.metadata;

/** The server needs a bearer token for this request and none, or a wrong one, was sent. HTTP 401. */
public class UnauthorizedException extends MetadataException {
    private static final long serialVersionUID = 1L;

    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";

    public UnauthorizedException(String message) {
        super(UNAUTHENTICATED, 401, message, null);
    }
}
