package io.jfairing.metadata;

/** The run, experiment, artifact, execution, context or type does not exist. HTTP 404. */
public class NotFoundException extends MetadataException {
    private static final long serialVersionUID = 1L;

    public static final String NOT_FOUND = "NOT_FOUND";

    public NotFoundException(String message) {
        super(NOT_FOUND, 404, message, null);
    }
}
