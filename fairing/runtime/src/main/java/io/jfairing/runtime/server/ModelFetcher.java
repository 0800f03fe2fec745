package io.jfairing.runtime.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A model artifact as a local path: a file path or {@code file:} URI as it is; an http(s) URL downloaded into a
 * {@code jfairing-model-*} temporary folder, which {@link Artifact#close()} removes. Downloads have a size cap and
 * follow redirects only on the same host (never from https to http). Its errors name the URL without its query (a
 * signed URL's credentials) and never quote what was downloaded.
 */
final class ModelFetcher {
    private static final int MAX_REDIRECTS = 5;

    private final long maxBytes;
    private final Path tempParent;

    ModelFetcher(long maxBytes) {
        this(maxBytes, null);
    }

    /** Downloads into a {@code jfairing-model-*} folder under {@code tempParent} (null: the system's). */
    ModelFetcher(long maxBytes, Path tempParent) {
        this.maxBytes = maxBytes;
        this.tempParent = tempParent;
    }

    /** A fetched artifact; closing it removes a download (a local file stays). */
    record Artifact(Path path, Path downloadFolder) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (downloadFolder != null) {
                deleteTree(downloadFolder);
            }
        }
    }

    /** An error of fetching, whose message is safe to show (no file contents, no URL query). */
    static final class FetchException extends IOException {
        FetchException(String message) {
            super(message);
        }
    }

    Artifact fetch(String uri) throws IOException, InterruptedException {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            Path path;
            try {
                path = lower.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
            } catch (IllegalArgumentException e) {
                throw new FetchException("bad model URI " + uri + ": " + e.getMessage());
            }
            if (!Files.exists(path)) {
                throw new FetchException("no such file: " + path);
            }
            return new Artifact(path, null);
        }
        URI url;
        try {
            url = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new FetchException("bad model URL: " + e.getMessage());
        }
        Path folder = tempParent == null
                ? Files.createTempDirectory("jfairing-model-")
                : Files.createTempDirectory(tempParent, "jfairing-model-");
        try {
            String name = url.getPath() == null || url.getPath().isEmpty()
                    ? "model"
                    : Path.of(url.getPath()).getFileName() == null
                            ? "model"
                            : Path.of(url.getPath()).getFileName().toString();
            Path target = folder.resolve(name);
            download(url, target);
            return new Artifact(target, folder);
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(folder);
            throw e;
        }
    }

    private void download(URI url, Path target) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<InputStream> response = client.send(
                    HttpRequest.newBuilder(current).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status / 100 == 3 && response.headers().firstValue("Location").isPresent()) {
                response.body().close();
                URI next = current.resolve(
                        response.headers().firstValue("Location").get());
                if (redirects >= MAX_REDIRECTS) {
                    throw new FetchException("GET " + shown(url) + ": more than " + MAX_REDIRECTS + " redirects");
                }
                if (!sameServer(current, next)) {
                    throw new FetchException("GET " + shown(current) + " redirects to another host (" + shown(next)
                            + "): refused (give the final URL as the model URI)");
                }
                current = next;
                continue;
            }
            if (status != 200) {
                response.body().close();
                throw new FetchException("GET " + shown(current) + " answered HTTP " + status);
            }
            long declared =
                    response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                response.body().close();
                throw new FetchException("the model at " + shown(current) + " is " + declared
                        + " bytes, over the limit of " + maxBytes + " (--max-model-bytes)");
            }
            try (InputStream in = response.body();
                    OutputStream out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw new FetchException("the model at " + shown(current) + " is over the limit of " + maxBytes
                                + " bytes (--max-model-bytes)");
                    }
                    out.write(buffer, 0, n);
                }
            }
            return;
        }
    }

    private static boolean sameServer(URI from, URI to) {
        String fromScheme = from.getScheme().toLowerCase(Locale.ROOT);
        String toScheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        boolean schemeOk = toScheme.equals(fromScheme) || (fromScheme.equals("http") && toScheme.equals("https"));
        return schemeOk
                && to.getHost() != null
                && to.getHost().equalsIgnoreCase(from.getHost())
                && (toScheme.equals(fromScheme) ? port(to) == port(from) : true);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** A model URI as a message may show it: an http(s) URL without user info and query. */
    static String shown(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                return shown(URI.create(uri));
            } catch (IllegalArgumentException e) {
                return "(a malformed URL)";
            }
        }
        return uri;
    }

    /** The URL without user info and query: what an error may show. */
    static String shown(URI url) {
        String port = url.getPort() == -1 ? "" : ":" + url.getPort();
        return url.getScheme() + "://" + url.getHost() + port + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
