package io.jfairing.metadata.query;

import io.jfairing.metadata.InvalidRequestException;

/** A filter or order-by clause that does not parse or does not type-check; the message names the position. */
public final class FilterSyntaxException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    private final int position;

    FilterSyntaxException(String what, String text, int position, String problem) {
        super(
                BAD_FILTER,
                400,
                "invalid " + what + " at position " + position + ": " + problem + " (in: " + text + ")",
                null);
        this.position = position;
    }

    /** 1-based character position of the problem in the text. */
    public int position() {
        return position;
    }
}
