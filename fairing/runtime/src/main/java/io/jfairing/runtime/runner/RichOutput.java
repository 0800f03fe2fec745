package io.jfairing.runtime.runner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rich output made by {@link CellDisplay#html}, {@link CellDisplay#markdown} and the like: a MIME bundle whose
 * {@code text/plain} form is what {@link #toString()} returns (and what the image's log shows).
 */
public final class RichOutput {
    private final Map<String, String> data;

    RichOutput(String mimeType, String content, String plain) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", plain);
        bundle.put(mimeType, content);
        this.data = Collections.unmodifiableMap(bundle);
    }

    /** The MIME bundle, {@code text/plain} first. */
    public Map<String, String> data() {
        return data;
    }

    /** The content for one MIME type, or null. */
    public String get(String mimeType) {
        return data.get(mimeType);
    }

    @Override
    public String toString() {
        return data.get("text/plain");
    }
}
