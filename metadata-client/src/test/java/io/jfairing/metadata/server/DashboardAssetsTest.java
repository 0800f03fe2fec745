package io.jfairing.metadata.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.metadata.MetadataStore;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's files at {@code /ui/}, over raw HTTP/1.1: the page, script and style built into the jar, its
 * Content-Security-Policy, and the server's rules (Host, Origin, read-only, no file outside the folder).
 */
class DashboardAssetsTest {
    @TempDir
    Path dir;

    MetadataStore store;

    @BeforeEach
    void open() {
        store = MetadataStore.open(dir.resolve("m.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void servesThePageItsScriptAndStyleWithAPolicyThatAllowsOnlyThemselves() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store).start()) {
            String page = request(server, "GET /ui/ HTTP/1.1", "Host: 127.0.0.1:" + server.port());
            assertThat(page).startsWith("HTTP/1.1 200 ").contains("Content-Type: text/html; charset=utf-8");
            assertThat(header(page, "Content-Security-Policy"))
                    .contains("default-src 'none'")
                    .contains("script-src 'self';")
                    .contains("connect-src 'self'")
                    .contains("frame-ancestors 'self'")
                    .doesNotContain("unsafe-eval");
            assertThat(header(page, "X-Content-Type-Options")).isEqualTo("nosniff");
            // no CDN: every script and style the page loads is one of ours
            assertThat(page).contains("<script src=\"app.js\"></script>").doesNotContain("http://", "https://");
            String script = request(server, "GET /ui/app.js HTTP/1.1", "Host: localhost:" + server.port());
            assertThat(script).startsWith("HTTP/1.1 200 ").contains("Content-Type: text/javascript");
            assertThat(script.length()).isGreaterThan(100_000); // the bundle, charts and graph layout included
            assertThat(request(server, "HEAD /ui/style.css HTTP/1.1", "Host: 127.0.0.1:" + server.port()))
                    .startsWith("HTTP/1.1 200 ")
                    .contains("Content-Type: text/css");
        }
    }

    @Test
    void theBarePathRedirectsToTheFolderSoRelativeFilesResolve() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store).start()) {
            String answer = request(server, "GET /ui HTTP/1.1", "Host: 127.0.0.1:" + server.port());
            assertThat(answer).startsWith("HTTP/1.1 308 ");
            assertThat(header(answer, "Location")).isEqualTo("/ui/");
        }
    }

    @Test
    void nothingOutsideTheDashboardFolderAndNoWrites() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store).start()) {
            String host = "Host: 127.0.0.1:" + server.port();
            for (String path : List.of(
                    "/ui/../openapi.yaml",
                    "/ui/%2e%2e/openapi.yaml",
                    "/ui/..%2fserver%2fopenapi.yaml",
                    "/ui/nothing.js",
                    "/ui/.hidden",
                    "/ui/sub/app.js")) {
                String answer = request(server, "GET " + path + " HTTP/1.1", host);
                assertThat(answer).as(path).startsWith("HTTP/1.1 404 ").contains("\"code\":\"NOT_FOUND\"");
            }
            String post = request(
                    server,
                    "POST /ui/ HTTP/1.1",
                    host,
                    "Content-Type: application/json",
                    "Content-Length: 2",
                    "",
                    "{}");
            assertThat(post).startsWith("HTTP/1.1 405 ");
            assertThat(header(post, "Allow")).isEqualTo("GET, HEAD");
        }
    }

    @Test
    void foreignHostsAndOriginsAreRefusedAsEverywhere() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store).start()) {
            // DNS rebinding: a foreign name that resolves to 127.0.0.1
            assertThat(request(server, "GET /ui/ HTTP/1.1", "Host: evil.example:" + server.port()))
                    .startsWith("HTTP/1.1 403 ")
                    .contains("HOST_NOT_ALLOWED");
            assertThat(request(
                            server,
                            "GET /ui/app.js HTTP/1.1",
                            "Host: 127.0.0.1:" + server.port(),
                            "Origin: http://evil.example"))
                    .startsWith("HTTP/1.1 403 ")
                    .contains("ORIGIN_NOT_ALLOWED");
        }
    }

    @Test
    void anEmbeddingOriginMayFrameTheDashboard() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store)
                .allowedOrigins(List.of("http://127.0.0.1:8888"))
                .start()) {
            String page = request(server, "GET /ui/ HTTP/1.1", "Host: 127.0.0.1:" + server.port());
            assertThat(header(page, "Content-Security-Policy"))
                    .endsWith("frame-ancestors 'self' http://127.0.0.1:8888");
        }
    }

    @Test
    void withProtectedReadsThePageLoadsButTheDataNeedsTheToken() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store)
                .token("dashboard-test-token")
                .protectReads(true)
                .start()) {
            String host = "Host: 127.0.0.1:" + server.port();
            assertThat(request(server, "GET /ui/ HTTP/1.1", host)).startsWith("HTTP/1.1 200 ");
            assertThat(request(server, "GET /api/v1/experiments HTTP/1.1", host))
                    .startsWith("HTTP/1.1 401 ");
        }
    }

    /** Sends a request (lines joined by CRLF, the head ended for you when no body follows) and reads the answer. */
    static String request(MetadataServer server, String... lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        boolean hasBody = List.of(lines).contains("");
        for (String line : lines) {
            sb.append(line).append("\r\n");
        }
        if (!hasBody) {
            sb.append("Connection: close\r\n\r\n");
        }
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            String text = sb.toString();
            if (hasBody) {
                text = text.replaceFirst("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
                text = text.substring(0, text.length() - 2); // the body has no line end
            }
            s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String header(String answer, String name) {
        for (String line : answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
