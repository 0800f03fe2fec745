package io.jfairing.metadata.server;

import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A matched request: path parameters, query parameters and the (size-limited) body. */
public final class Request {
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final byte[] body;

    Request(Map<String, String> pathParams, Map<String, List<String>> query, byte[] body) {
        this.pathParams = pathParams;
        this.query = query;
        this.body = body;
    }

    /** A path parameter, as sent (decoded). */
    public String path(String name) {
        return pathParams.get(name);
    }

    /** A path parameter that must be a whole number (an id). */
    public long pathLong(String name) {
        String v = pathParams.get(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(
                    InvalidRequestException.WRONG_TYPE,
                    "path parameter '" + name + "' must be a whole number, got '" + abbreviate(v) + "'");
        }
    }

    public String query(String name) {
        List<String> v = query.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new InvalidRequestException("query parameter '" + name + "' is given " + v.size() + " times");
        }
        return v.get(0);
    }

    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    public Long queryLong(String name) {
        String v = query(name);
        return v == null ? null : parseLong(name, v);
    }

    public List<Long> queryLongs(String name) {
        List<Long> out = new ArrayList<>();
        for (String v : queryAll(name)) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(parseLong(name, part.trim()));
                }
            }
        }
        return out;
    }

    public String required(String name) {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            throw new InvalidRequestException("query parameter '" + name + "' is required");
        }
        return v;
    }

    public <T> T body(Class<T> type) {
        return Json.read(body, type);
    }

    private static long parseLong(String name, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(
                    InvalidRequestException.WRONG_TYPE,
                    "query parameter '" + name + "' must be a whole number, got '" + abbreviate(v) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
