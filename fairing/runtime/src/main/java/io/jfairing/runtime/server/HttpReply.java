package io.jfairing.runtime.server;

import io.jfairing.runtime.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer of the model server: status, content type, body and extra headers. */
record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static HttpReply json(int status, Object value) {
        return new HttpReply(
                status, RequestGuard.JSON, JsonCodec.write(value).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A JSON error, as KServe answers: {@code {"error": "..."}}. */
    static HttpReply error(int status, String message) {
        return json(status, JsonCodec.fields("error", message));
    }

    /** A status without a body (health endpoints). */
    static HttpReply empty(int status) {
        return new HttpReply(status, RequestGuard.JSON, new byte[0], Map.of());
    }

    HttpReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpReply(status, contentType, body, Map.copyOf(more));
    }
}
