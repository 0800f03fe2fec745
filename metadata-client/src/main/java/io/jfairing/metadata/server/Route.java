package io.jfairing.metadata.server;

import java.util.List;
import java.util.Set;

/**
 * One endpoint: method, path template ({@code /api/v1/runs/{id}}), whether it writes (and so needs the token when
 * one is configured), the query parameters it accepts, and its handler.
 */
public record Route(String method, String template, boolean write, Set<String> queryParams, Handler handler) {

    /** Handles a matched request; returns the response body (serialized as JSON), or a {@link Response}. */
    @FunctionalInterface
    public interface Handler {
        Object handle(Request request) throws Exception;
    }

    List<String> segments() {
        return List.of(template.substring(1).split("/"));
    }
}
