package io.jfairing.runtime.display;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rich output: a MIME bundle ({@code text/plain} first, and always there) such as {@link Display#html} and the like
 * make. {@link #toString()} is the {@code text/plain} form, which is what a log shows. The kernel shows the bundle as
 * it is; the image's runner writes it into the executed notebook.
 */
public final class MimeBundle implements Renderable {
    private final Map<String, String> data;

    private MimeBundle(Map<String, String> data) {
        this.data = Collections.unmodifiableMap(data);
    }

    /** A bundle of one MIME type and its {@code text/plain} form. */
    public static MimeBundle of(String mimeType, String content, String plain) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", plain);
        bundle.put(mimeType, content);
        return new MimeBundle(bundle);
    }

    /** A bundle of these forms; {@code text/plain} is put first (and made empty when missing). */
    public static MimeBundle of(Map<String, String> forms) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", forms.getOrDefault("text/plain", ""));
        bundle.putAll(forms);
        return new MimeBundle(bundle);
    }

    /** The MIME bundle, {@code text/plain} first. */
    public Map<String, String> data() {
        return data;
    }

    /** The content for one MIME type, or null. */
    public String get(String mimeType) {
        return data.get(mimeType);
    }

    /** This bundle with {@code text/plain} and the given types only; all of it when none is given. */
    public MimeBundle only(String... mimeTypes) {
        if (mimeTypes.length == 0) {
            return this;
        }
        List<String> wanted = Arrays.asList(mimeTypes);
        Map<String, String> kept = new LinkedHashMap<>(data);
        kept.keySet().removeIf(type -> !type.equals("text/plain") && !wanted.contains(type));
        return new MimeBundle(kept);
    }

    @Override
    public MimeBundle toMimeBundle() {
        return this;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MimeBundle bundle && bundle.data.equals(data);
    }

    @Override
    public int hashCode() {
        return data.hashCode();
    }

    @Override
    public String toString() {
        return data.get("text/plain");
    }
}
