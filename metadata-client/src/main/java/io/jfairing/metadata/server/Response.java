package io.jfairing.metadata.server;

/** A response with an explicit status; {@code body} null means no body. */
record Response(int status, Object body, String contentType) {

    static Response json(int status, Object body) {
        return new Response(status, body, "application/json");
    }

    static Response noContent() {
        return new Response(204, null, null);
    }
}
