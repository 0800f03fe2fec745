package io.jfairing.metadata.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard's files (built with npm into the jar under {@value #RESOURCE_DIR}), answered at {@code /ui/}. Only
 * plain file names of that one folder are served, each with a Content-Security-Policy that lets the page load
 * nothing but its own script and style and talk to nothing but this server.
 */
final class DashboardAssets {
    static final String PREFIX = "/ui";
    static final String RESOURCE_DIR = "/io/jfairing/metadata/ui/";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "txt", "text/plain; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private final String frameAncestors;

    /** @param embedders origins allowed to show the dashboard in a frame (e.g. JupyterLab's), besides its own */
    DashboardAssets(Collection<String> embedders) {
        StringBuilder sb = new StringBuilder("'self'");
        for (String origin : embedders) {
            if (origin.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                sb.append(' ').append(origin);
            }
        }
        this.frameAncestors = sb.toString();
    }

    static boolean isDashboardPath(String rawPath) {
        return rawPath.equals(PREFIX) || rawPath.startsWith(PREFIX + "/");
    }

    /** Headers of every dashboard answer. */
    Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        // ECharts writes style attributes into its tooltips: styles may be inline, scripts may not
        h.put(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:;"
                        + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none';"
                        + " frame-ancestors " + frameAncestors);
        h.put("Referrer-Policy", "no-referrer"); // (the transport adds nosniff and no-store to every answer)
        return h;
    }

    /**
     * The file for a path under {@code /ui/} ({@code /ui/} itself is the page); empty for anything else, such as
     * a name with a slash or dots that would leave the folder.
     */
    Optional<Response> file(String rawPath) throws IOException {
        String name = rawPath.equals(PREFIX + "/") ? "index.html" : rawPath.substring(PREFIX.length() + 1);
        if (!FILE_NAME.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        try (InputStream in = DashboardAssets.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                return Optional.empty();
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(
                    new Response(200, in.readAllBytes(), TYPES.getOrDefault(ext, "application/octet-stream")));
        }
    }
}
