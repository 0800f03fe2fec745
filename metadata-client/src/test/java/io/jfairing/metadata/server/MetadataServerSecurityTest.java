package io.jfairing.metadata.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server under attack: slow and idle clients (raw sockets on 127.0.0.1), cross-site writes and DNS rebinding
 * (foreign Origin and Host, non-JSON bodies), and the HTTP edge (JSON errors everywhere, HEAD).
 */
class MetadataServerSecurityTest {
    private static final String TOKEN = "security-test-token";

    @TempDir
    Path dir;

    MetadataStore store;
    final List<Socket> sockets = new ArrayList<>();
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void open() {
        store = MetadataStore.open(dir.resolve("m.db"));
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        store.close();
    }

    // ---------------------------------------------------------------- slow clients (item 3)

    @Test
    void halfSentRequestsTwiceTheThreadCountDoNotStarveANormalRequest() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store).threads(8).start()) {
            assertThat(get(server, "/api/v1/health", Duration.ofSeconds(20)).statusCode())
                    .isEqualTo(200); // warm up
            for (int i = 0; i < 16; i++) {
                Socket s = connect(server);
                String half =
                        i % 2 == 0
                                ? "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                                        + "\r\nX-Slow: " // head never ends
                                : "POST /api/v1/experiments HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                                        + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"na"; // body never ends
                s.getOutputStream().write(half.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            // a bounded wait (a 1 s client timeout), not a speed claim: it answers while all 16 stay open
            HttpResponse<String> health = get(server, "/api/v1/health", Duration.ofSeconds(1));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("ok");
            HttpResponse<String> write = http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/experiments"))
                            .timeout(Duration.ofSeconds(1))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"busy\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(write.statusCode()).isEqualTo(200);
            assertThat(store.findExperiment("busy")).isPresent();
            for (Socket s : sockets) {
                assertThat(s.isClosed()).isFalse();
                s.setSoTimeout(1);
                assertThat(readsNothingYet(s))
                        .as("a half-sent request is not answered before its timeout")
                        .isTrue();
            }
        }
    }

    @Test
    void aRequestWhoseHeadOrBodyDoesNotArriveInTimeGets408AndIsClosed() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store)
                .timeouts(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(30))
                .start()) {
            Socket head = connect(server);
            head.getOutputStream()
                    .write("GET /api/v1/health HTTP/1.1\r\nHost: 127".getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(head);
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close");
            assertError(answer, "REQUEST_TIMEOUT", "the request line and headers did not arrive within 300 ms");

            Socket body = connect(server);
            body.getOutputStream()
                    .write(("POST /api/v1/experiments HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                                    + "\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{")
                            .getBytes(StandardCharsets.US_ASCII));
            answer = readAll(body);
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertError(answer, "REQUEST_TIMEOUT", "the request body (20 bytes) did not arrive within 300 ms");
            assertThat(store.listExperiments()).isEmpty();
        }
    }

    @Test
    void aClientThatDoesNotReadItsAnswerIsCutOff() throws Exception {
        long run = store.startRun("big").id();
        for (int k = 0; k < 150; k++) { // an answer of about 8 MB: more than the kernel buffers hold
            RunBatch.Builder b = RunBatch.builder();
            for (int i = 0; i < 1000; i++) {
                b.metric(new io.jfairing.metadata.MetricPoint("m", i, k * 1000L + i, 1000L + i));
            }
            store.logBatch(run, b.build());
        }
        try (MetadataServer server = MetadataServer.builder(store)
                .writeTimeout(Duration.ofMillis(300))
                .start()) {
            Socket reader = new Socket();
            sockets.add(reader);
            reader.setReceiveBufferSize(4096); // before connecting, so that the window stays small
            reader.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            reader.getOutputStream()
                    .write(("GET /api/v1/runs/" + run + "/metric-history?key=m HTTP/1.1\r\nHost: " + local(server)
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            reader.getOutputStream().flush();
            Thread.sleep(2000); // does not read: the answer cannot go out
            // the server gave up on it: what arrives ends early (the connection was closed), not with the whole answer
            String answer = readAll(reader);
            assertThat(answer).startsWith("HTTP/1.1 200 ");
            int length = Integer.parseInt(answer.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
            assertThat(answer.length() - answer.indexOf("\r\n\r\n") - 4).isLessThan(length);
            assertThat(raw(
                            server,
                            "GET /api/v1/health HTTP/1.1\r\nHost: " + local(server) + "\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void connectionsAreLimitedAndTheLimitIsAJsonError() throws Exception {
        try (MetadataServer server =
                MetadataServer.builder(store).maxConnections(4, 4).start()) {
            List<Socket> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Socket s = connect(server);
                s.getOutputStream().write("GET /api/v1/health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                held.add(s);
            }
            Socket fifth = connect(server);
            String answer = readAll(fifth);
            assertThat(answer).startsWith("HTTP/1.1 503 ");
            assertError(answer, "UNAVAILABLE", "too many connections from 127.0.0.1 (at most 4 per client)");
            for (Socket s : held) {
                s.close();
            }
            // once they are gone (the server notices within a bounded wait), others get in again
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String again;
            do {
                again = raw(
                        server,
                        "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                                + "\r\nConnection: close\r\n\r\n");
            } while (!again.startsWith("HTTP/1.1 200") && System.nanoTime() < deadline && sleep(20));
            assertThat(again).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void twoHundredConcurrentClientsFromOneAddressAreAllAnswered() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store).start()) {
            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Socket s = connect(server);
                s.getOutputStream()
                        .write(("GET /api/v1/health HTTP/1.1\r\nHost: " + local(server)
                                        + "\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                clients.add(s);
            }
            for (Socket s : clients) {
                assertThat(readAll(s)).startsWith("HTTP/1.1 200 ");
            }
        }
    }

    @Test
    void idleKeepAliveConnectionsMakeRoomForNewOnes() throws Exception {
        try (MetadataServer server =
                MetadataServer.builder(store).maxConnections(2, 2).start()) {
            for (int i = 0; i < 2; i++) {
                Socket s = connect(server);
                s.getOutputStream()
                        .write(("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                s.setSoTimeout(10_000);
                assertThat(new String(s.getInputStream().readNBytes(15), StandardCharsets.US_ASCII))
                        .isEqualTo("HTTP/1.1 200 OK");
            }
            // both are idle now (kept alive): a third client is answered, not refused (a bounded wait: the server marks
            // a connection idle just after its answer has gone out)
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String third;
            do {
                third = raw(
                        server,
                        "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                                + "\r\nConnection: close\r\n\r\n");
            } while (third.startsWith("HTTP/1.1 503") && System.nanoTime() < deadline && sleep(20));
            assertThat(third).startsWith("HTTP/1.1 200");
        }
    }

    // ---------------------------------------------------------------- cross-site writes and rebinding (item 4)

    @Test
    void aCrossSiteTextPlainPostWithAForeignHostWritesNothing() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store).start()) {
            String attack = request(
                    server,
                    "POST",
                    "/api/v1/experiments",
                    "evil.example:" + server.port(),
                    "http://evil.example",
                    "text/plain",
                    "{\"name\":\"pwn\"}");
            assertThat(attack).startsWith("HTTP/1.1 403 ");
            assertError(
                    attack,
                    "HOST_NOT_ALLOWED",
                    "Host 'evil.example:" + server.port() + "' is not one this server" + " answers to",
                    "--allowed-host");
            // DNS rebinding reads are refused the same way
            assertThat(request(server, "GET", "/api/v1/experiments", "evil.example:" + server.port(), null, null, null))
                    .startsWith("HTTP/1.1 403 ");
            // the right host on the wrong port is another server
            assertThat(request(server, "GET", "/api/v1/health", "127.0.0.1:1", null, null, null))
                    .startsWith("HTTP/1.1 403 ");

            String foreignOrigin = request(
                    server,
                    "POST",
                    "/api/v1/experiments",
                    local(server),
                    "http://evil.example",
                    "application/json",
                    "{\"name\":\"pwn\"}");
            assertThat(foreignOrigin).startsWith("HTTP/1.1 403 ");
            assertError(
                    foreignOrigin,
                    "ORIGIN_NOT_ALLOWED",
                    "requests from web pages at 'http://evil.example' are not" + " allowed");
            assertThat(request(
                            server,
                            "POST",
                            "/api/v1/experiments",
                            local(server),
                            "null",
                            "application/json",
                            "{\"name\":\"pwn\"}"))
                    .startsWith("HTTP/1.1 403 ");

            for (String type :
                    new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}) {
                String notJson =
                        request(server, "POST", "/api/v1/experiments", local(server), null, type, "{\"name\":\"pwn\"}");
                assertThat(notJson).startsWith("HTTP/1.1 415 ");
                assertError(
                        notJson,
                        "UNSUPPORTED_MEDIA_TYPE",
                        "POST /api/v1/experiments takes a JSON body: send" + " 'Content-Type: application/json', not '"
                                + type + "'");
            }
            assertError(
                    request(server, "POST", "/api/v1/experiments", local(server), null, null, "{\"name\":\"pwn\"}"),
                    "UNSUPPORTED_MEDIA_TYPE",
                    "takes a JSON body");
            assertThat(store.listExperiments()).isEmpty();

            // what is allowed: loopback names with the port, the server's own origin, JSON
            for (String host : new String[] {"127.0.0.1", "localhost", "LOCALHOST", "[::1]"}) {
                assertThat(request(server, "GET", "/api/v1/health", host + ":" + server.port(), null, null, null))
                        .as(host)
                        .startsWith("HTTP/1.1 200 ");
            }
            assertThat(request(
                            server,
                            "POST",
                            "/api/v1/experiments",
                            local(server),
                            "http://127.0.0.1:" + server.port(),
                            "application/json; charset=utf-8",
                            "{\"name\":\"ok\"}"))
                    .startsWith("HTTP/1.1 200 ");
            assertThat(store.findExperiment("ok")).isPresent();
        }
    }

    @Test
    void allowedHostsAndOriginsCanBeConfigured() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store)
                .allowedHosts(List.of("metadata.lan"))
                .allowedOrigins(List.of("https://ui.lan"))
                .start()) {
            assertThat(request(
                            server,
                            "POST",
                            "/api/v1/experiments",
                            "metadata.lan:" + server.port(),
                            "https://ui.lan",
                            "application/json",
                            "{\"name\":\"lan\"}"))
                    .startsWith("HTTP/1.1 200 ");
            assertThat(request(server, "GET", "/api/v1/health", local(server), null, null, null))
                    .startsWith("HTTP/1.1 403 ");
            assertThat(request(
                            server,
                            "GET",
                            "/api/v1/health",
                            "metadata.lan:" + server.port(),
                            "http://evil.example",
                            null,
                            null))
                    .startsWith("HTTP/1.1 403 ");
        }
    }

    @Test
    void everyAnswerIsJsonAndHeadWorksWhereGetDoes() throws Exception {
        try (MetadataServer server = MetadataServer.builder(store).start()) {
            String head = request(server, "HEAD", "/api/v1/health", local(server), null, null, null);
            assertThat(head)
                    .startsWith("HTTP/1.1 200 ")
                    .contains("Content-Length: ")
                    .endsWith("\r\n\r\n");
            assertThat(request(server, "HEAD", "/openapi.yaml", local(server), null, null, null))
                    .startsWith("HTTP/1.1 200 ")
                    .endsWith("\r\n\r\n");
            assertThat(request(server, "HEAD", "/api/v1/runs/42", local(server), null, null, null))
                    .startsWith("HTTP/1.1 404 ")
                    .endsWith("\r\n\r\n");
            String options = request(server, "OPTIONS", "/api/v1/experiments", local(server), null, null, null);
            assertThat(options).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD, POST");
            assertError(options, "METHOD_NOT_ALLOWED", "OPTIONS is not allowed");
            assertError(raw(server, "NONSENSE\r\n\r\n"), "BAD_REQUEST", "malformed request line");
            assertError(
                    raw(server, "GET /api/v1/health HTTP/1.1\r\nConnection: close\r\n\r\n"),
                    "INVALID_ARGUMENT",
                    "exactly one Host header");
            assertError(
                    raw(
                            server,
                            "POST /api/v1/experiments HTTP/1.1\r\nHost: " + local(server)
                                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                    "LENGTH_REQUIRED",
                    "Content-Length");
            assertError(
                    raw(
                            server,
                            "GET /api/v1/health HTTP/1.1\r\nHost: " + local(server) + "\r\nContent-Length: x\r\n\r\n"),
                    "BAD_REQUEST",
                    "invalid Content-Length");
            assertError(
                    raw(
                            server,
                            "GET /api/v1/health HTTP/1.1\r\nHost: " + local(server) + "\r\nX: " + "a".repeat(40_000)
                                    + "\r\n\r\n"),
                    "BAD_REQUEST",
                    "larger than");
            assertError(
                    raw(
                            server,
                            "GET /api/v1/runs/%zz HTTP/1.1\r\nHost: " + local(server)
                                    + "\r\nConnection: close\r\n\r\n"),
                    "INVALID_ARGUMENT",
                    "");
            assertError(
                    raw(
                            server,
                            "GET http://evil.example/api/v1/health HTTP/1.1\r\nHost: " + local(server) + "\r\n\r\n"),
                    "BAD_REQUEST",
                    "must be a path");
        }
    }

    @Test
    void clientMistakesAre4xxNever5xx() throws Exception {
        long run = store.startRun("mistakes").id();
        String[][] cases = {
            {"POST", "/api/v1/experiments", "null"},
            {"POST", "/api/v1/experiments", "[]"},
            {"POST", "/api/v1/experiments", "{}"},
            {"POST", "/api/v1/experiments", "{\"name\":null}"},
            {"POST", "/api/v1/experiments", ""},
            {"POST", "/api/v1/experiments", "{\"name\":\"a\u0000b\"}"},
            {"POST", "/api/v1/runs", "null"},
            {"POST", "/api/v1/runs", "{}"},
            {"POST", "/api/v1/runs/search", "null"},
            {"POST", "/api/v1/runs/search", "{\"pageSize\":-1}"},
            {"POST", "/api/v1/runs/search", "{\"pageToken\":\"garbage\"}"},
            {"POST", "/api/v1/runs/" + run + "/batch", "null"},
            {"POST", "/api/v1/runs/" + run + "/batch", "{\"metrics\":[null]}"},
            {"POST", "/api/v1/runs/" + run + "/batch", "{\"tags\":{\"t\":null}}"},
            {"POST", "/api/v1/runs/" + run + "/end", "null"},
            {"POST", "/api/v1/runs/" + run + "/end", "{}"},
            {"POST", "/api/v1/runs/" + run + "/artifacts", "null"},
            {"POST", "/api/v1/runs/" + run + "/artifacts", "{\"type\":\"INPUT\"}"},
            {"POST", "/api/v1/mlmd/types", "null"},
            {"POST", "/api/v1/mlmd/types", "{}"},
            {"POST", "/api/v1/mlmd/artifacts", "null"},
            {"POST", "/api/v1/mlmd/artifacts", "{}"},
            {"POST", "/api/v1/mlmd/executions", "{}"},
            {"POST", "/api/v1/mlmd/contexts", "{}"},
            {"POST", "/api/v1/mlmd/events", "null"},
            {"POST", "/api/v1/mlmd/events", "{\"events\":[null]}"},
            {"POST", "/api/v1/mlmd/events", "{\"events\":[{}]}"},
            {"POST", "/api/v1/mlmd/links", "{\"attributions\":[{}]}"},
            {"POST", "/api/v1/mlmd/parent-contexts", "{\"parentContexts\":[{}]}"},
            {"GET", "/api/v1/runs/" + run + "/metric-history", null},
            {"GET", "/api/v1/runs/" + run + "/metric-history?key=m&maxPoints=-5", null},
            {"GET", "/api/v1/lineage/1?maxHops=-1", null},
            {"GET", "/api/v1/lineage/1?maxHops=99999999999", null},
            {"GET", "/api/v1/lineage/abc", null},
            {"GET", "/api/v1/mlmd/types", null},
            {"GET", "/api/v1/mlmd/artifacts?limit=0", null},
            {"GET", "/api/v1/mlmd/events?artifactId=x", null},
            {"GET", "/api/v1/experiments/99999999999999999999", null},
            {"GET", "/api/v1/experiments?name=a&name=b", null},
        };
        try (MetadataServer server = MetadataServer.builder(store).start()) {
            List<String> wrong = new ArrayList<>();
            for (String[] c : cases) {
                String answer = request(
                        server, c[0], c[1], local(server), null, c[2] == null ? null : "application/json", c[2]);
                int status = Integer.parseInt(answer.substring(9, 12));
                if (status < 400 || status >= 500) {
                    wrong.add(
                            c[0] + " " + c[1] + " " + c[2] + " -> " + answer.substring(answer.indexOf("\r\n\r\n") + 4));
                } else {
                    assertError(
                            answer,
                            new ObjectMapper()
                                    .readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4))
                                    .get("error")
                                    .get("code")
                                    .asText());
                }
            }
            assertThat(wrong).isEmpty();
        }
    }

    // ---------------------------------------------------------------- reads off loopback (item 11)

    @Test
    void offLoopbackReadsNeedTheTokenToo() throws Exception {
        try (MetadataServer server =
                MetadataServer.builder(store).host("0.0.0.0").token(TOKEN).start()) {
            String anonymous =
                    request(server, "GET", "/api/v1/experiments", "metadata.team:" + server.port(), null, null, null);
            assertThat(anonymous).startsWith("HTTP/1.1 401 ");
            assertError(anonymous, "UNAUTHENTICATED", "missing bearer token");
            assertThat(raw(
                            server,
                            "GET /api/v1/experiments HTTP/1.1\r\nHost: metadata.team:" + server.port()
                                    + "\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200 ");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String local(MetadataServer server) {
        return "127.0.0.1:" + server.port();
    }

    private HttpResponse<String> get(MetadataServer server, String path, Duration timeout) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path))
                        .timeout(timeout)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Socket connect(MetadataServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        sockets.add(s);
        return s;
    }

    private String request(
            MetadataServer server,
            String method,
            String path,
            String host,
            String origin,
            String contentType,
            String body)
            throws IOException {
        StringBuilder r = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        if (origin != null) {
            r.append("Origin: ").append(origin).append("\r\n");
        }
        if (contentType != null) {
            r.append("Content-Type: ").append(contentType).append("\r\n");
        }
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            r.append("Content-Length: ").append(b.length).append("\r\n");
        }
        r.append("Connection: close\r\n\r\n");
        return raw(server, r + (body == null ? "" : body));
    }

    /** Sends bytes as they are and reads the answer until the server closes (a bounded wait: 10 s). */
    private String raw(MetadataServer server, String request) throws IOException {
        Socket s = connect(server);
        s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return readAll(s);
    }

    private static String readAll(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int r;
            while ((r = in.read(buf)) != -1) {
                out.write(buf, 0, r);
            }
        } catch (java.net.SocketException reset) {
            // the server closed after answering, before reading all we sent
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean readsNothingYet(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < -1;
        } catch (java.net.SocketTimeoutException expected) {
            return true;
        }
    }

    private static boolean sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    private static void assertError(String answer, String code, String... messageParts) throws IOException {
        int split = answer.indexOf("\r\n\r\n");
        assertThat(split).as(answer).isPositive();
        assertThat(answer.substring(0, split)).contains("Content-Type: application/json");
        JsonNode e = new ObjectMapper().readTree(answer.substring(split + 4)).get("error");
        assertThat(e).as(answer).isNotNull();
        assertThat(e.get("code").asText()).as(answer).isEqualTo(code);
        for (String part : messageParts) {
            assertThat(e.get("message").asText()).contains(part);
        }
    }

    @SuppressWarnings("unused")
    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }
}
