package io.jfairing.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.runtime.runner.Predictor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The model server under a browser's reach, slow clients and oversized bodies: real sockets, raw HTTP. */
class ModelServerSecurityTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Predictor<double[], Integer> IRIS = x -> x[2] > 4.6 ? 2 : 1;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<ModelServer> servers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    /** A raw answer: status line's code, headers (lower-case names), body. */
    record Raw(int status, String head, byte[] body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        JsonNode json() throws IOException {
            return MAPPER.readTree(body);
        }
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        servers.forEach(s -> s.shutdown(Duration.ZERO));
    }

    private ModelServer start(ModelServer.Builder builder) throws InterruptedException {
        ModelServer server = builder.port(0).start();
        servers.add(server);
        assertThat(server.awaitReady(Duration.ofSeconds(5))).isTrue();
        return server;
    }

    private ModelServer iris(int threads, int queue) throws InterruptedException {
        return start(ModelServer.builder(IRIS)
                .modelName("iris")
                .inputType(double[].class)
                .threads(threads, queue)
                .maxRequestBytes(4096));
    }

    private Socket connect(ModelServer server) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** Sends {@code request} as is and reads one answer (Content-Length framed, or to EOF). */
    private Raw exchange(ModelServer server, String request) throws IOException {
        return exchange(server, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private Raw exchange(ModelServer server, byte[] request) throws IOException {
        Socket socket = connect(server);
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        return read(socket.getInputStream(), request.length > 0 && new String(request, 0, 4).equals("HEAD"));
    }

    private static Raw read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the answer's head ended: " + headBytes);
            }
            headBytes.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = headBytes.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        Raw raw = new Raw(status, text, new byte[0]);
        String length = raw.header("Content-Length");
        byte[] body = head ? new byte[0] : length != null ? in.readNBytes(Integer.parseInt(length)) : new byte[0];
        return new Raw(status, text, body);
    }

    private static String post(String path, String host, String contentType, String origin, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static final String V1 = "{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}";

    private HttpResponse<String> predict(ModelServer server, Duration timeout) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models/iris:predict"))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(V1))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void twiceTheThreadCountOfStalledRequestsDoNotStopANormalOne() throws Exception {
        ModelServer server = iris(2, 16);
        assertThat(predict(server, Duration.ofSeconds(10)).statusCode()).isEqualTo(200); // warm
        for (int i = 0; i < 4; i++) {
            Socket halfHead = connect(server);
            halfHead.getOutputStream().write("GET /v2/health/re".getBytes(StandardCharsets.US_ASCII));
            halfHead.getOutputStream().flush();
            Socket halfBody = connect(server);
            halfBody.getOutputStream()
                    .write(post("/v1/models/iris:predict", "127.0.0.1", "application/json", null, V1 + " ".repeat(50))
                            .substring(0, 150)
                            .getBytes(StandardCharsets.US_ASCII));
            halfBody.getOutputStream().flush();
        }
        // 8 stalled connections, 2 predicting threads: the normal request still answers (issue 14: within 1 s)
        HttpResponse<String> answer = predict(server, Duration.ofSeconds(1));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(answer.body())).isEqualTo(MAPPER.readTree("{\"predictions\": [2]}"));
        HttpResponse<String> ready = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v2/health/ready"))
                        .timeout(Duration.ofSeconds(1))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
    }

    @Test
    void aConnectionBeyondCapacityIsClosedAtOnceNotQueued() throws Exception {
        ModelServer server = iris(1, 1);
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Socket s = connect(server);
            s.getOutputStream().write("GET /v2/hea".getBytes(StandardCharsets.US_ASCII));
            stalled.add(s);
        }
        Socket third = connect(server);
        third.getOutputStream()
                .write("GET /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int first;
        try {
            first = third.getInputStream().read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection beyond capacity waited instead of being closed", e);
        } catch (SocketException e) {
            first = -1; // reset: closed as well
        }
        assertThat(first).as("closed, no answer").isEqualTo(-1);
        for (Socket s : stalled) {
            s.close();
        }
        HttpResponse<String> later = null;
        for (int attempt = 0; attempt < 50 && (later == null || later.statusCode() != 200); attempt++) {
            try {
                later = predict(server, Duration.ofSeconds(5));
            } catch (IOException e) {
                Thread.sleep(100); // the closed connections' threads are being freed
            }
        }
        assertThat(later).isNotNull();
        assertThat(later.statusCode()).isEqualTo(200);
    }

    @Test
    void aStalledRequestIsClosedAfterTheReadTimeout() throws Exception {
        // surefire sets sun.net.httpserver.maxReqTime=2 for this module (the default is 30 s)
        assertThat(System.getProperty(ModelServer.REQUEST_SECONDS_PROPERTY)).isEqualTo("2");
        ModelServer server = iris(2, 4);
        Socket socket = connect(server);
        socket.getOutputStream()
                .write(post("/v1/models/iris:predict", "127.0.0.1", "application/json", null, V1)
                        .substring(0, 120)
                        .getBytes(StandardCharsets.US_ASCII));
        int read;
        try {
            read = socket.getInputStream().read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a stalled request open for 20 s", e);
        } catch (SocketException e) {
            read = -1;
        }
        assertThat(read).isEqualTo(-1);
    }

    @Test
    void crossSiteWritesAndReboundHostsAreRefusedWithJson() throws Exception {
        ModelServer server = iris(2, 4);
        String host = "127.0.0.1:" + server.port();
        String path = "/v1/models/iris:predict";
        Raw plain = exchange(server, post(path, host, "text/plain", "http://evil.example", V1));
        assertThat(plain.status()).isEqualTo(403);
        assertThat(plain.json().get("error").asText()).contains("cross-origin request from 'http://evil.example'");
        Raw form = exchange(server, post(path, host, "text/plain", null, V1));
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.header("Content-Type")).isEqualTo("application/json");
        assertThat(form.json().get("error").asText()).contains("Content-Type: application/json");
        Raw none = exchange(server, post(path, host, null, null, V1));
        assertThat(none.status()).isEqualTo(415);
        Raw formEncoded = exchange(server, post(path, host, "application/x-www-form-urlencoded", null, V1));
        assertThat(formEncoded.status()).isEqualTo(415);
        Raw rebound = exchange(server, post(path, "evil.example:" + server.port(), "application/json", null, V1));
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.json().get("error").asText()).contains("host 'evil.example:" + server.port() + "'");
        Raw reboundRead = exchange(server, "GET /v2/models/iris HTTP/1.1\r\nHost: attacker.example\r\n\r\n");
        assertThat(reboundRead.status()).isEqualTo(403);
        Raw foreignRead = exchange(
                server, "GET /v2/models/iris HTTP/1.1\r\nHost: " + host + "\r\nOrigin: https://evil.example\r\n\r\n");
        assertThat(foreignRead.status()).isEqualTo(403);

        for (String good : List.of(host, "localhost:" + server.port(), "LOCALHOST")) {
            Raw ok = exchange(server, post(path, good, "application/json; charset=utf-8", null, V1));
            assertThat(ok.status()).as(good).isEqualTo(200);
        }
        Raw sameOrigin = exchange(server, post(path, host, "application/json", "http://" + host, V1));
        assertThat(sameOrigin.status()).isEqualTo(200);

        ModelServer allowing = start(ModelServer.builder(IRIS)
                .modelName("iris")
                .inputType(double[].class)
                .allowedOrigins(List.of("https://app.example"))
                .allowedHosts(List.of("iris.internal")));
        assertThat(exchange(allowing, post(path, "iris.internal", "application/json", "https://app.example", V1))
                        .status())
                .isEqualTo(200);
        assertThat(exchange(allowing, post(path, "other.internal", "application/json", null, V1))
                        .status())
                .isEqualTo(403);

        ModelServer container = start(ModelServer.builder(IRIS)
                .modelName("iris")
                .inputType(double[].class)
                .host("0.0.0.0"));
        assertThat(exchange(container, post(path, "iris.default.svc.cluster.local", "application/json", null, V1))
                        .status())
                .as("bound to all addresses (a pod): any Host, as a Service or probe sends it")
                .isEqualTo(200);
    }

    @Test
    void headAnswersLikeGetWithoutABodyAndOtherMethodsGet405WithAllow() throws Exception {
        ModelServer server = iris(2, 4);
        String host = "Host: 127.0.0.1\r\n\r\n";
        Raw get = exchange(server, "GET /v2/models/iris HTTP/1.1\r\n" + host);
        Raw head = exchange(server, "HEAD /v2/models/iris HTTP/1.1\r\n" + host);
        assertThat(get.status()).isEqualTo(200);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).isEqualTo("application/json");
        assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(get.body().length));
        assertThat(exchange(server, "HEAD /metrics HTTP/1.1\r\n" + host).status())
                .isEqualTo(200);

        Raw delete = exchange(server, "DELETE /v2/models/iris/infer HTTP/1.1\r\n" + host);
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.header("Allow")).isEqualTo("POST");
        assertThat(delete.json().get("error").asText()).contains("DELETE is not allowed here");
        Raw put = exchange(server, "PUT /v2/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).isEqualTo("GET, HEAD");
        Raw options = exchange(server, "OPTIONS /v1/models/iris:predict HTTP/1.1\r\n" + host);
        assertThat(options.status()).isEqualTo(405);
        assertThat(options.header("Allow")).isEqualTo("POST");
        assertThat(options.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void everyErrorIsJson() throws Exception {
        ModelServer server = iris(2, 4);
        String host = "Host: 127.0.0.1\r\n\r\n";
        for (String request : List.of(
                "GET /nothing HTTP/1.1\r\n" + host,
                "GET /v2/models/rose HTTP/1.1\r\n" + host,
                "GET /v2/models/iris/versions/9 HTTP/1.1\r\n" + host,
                "PATCH /metrics HTTP/1.1\r\n" + host)) {
            Raw raw = exchange(server, request);
            assertThat(raw.status()).as(request).isBetween(400, 499);
            assertThat(raw.header("Content-Type")).as(request).isEqualTo("application/json");
            assertThat(raw.json().fieldNames()).toIterable().containsExactly("error");
        }
    }

    @Test
    void aBodyOverTheLimitIsReadAndAnswered413NotReset() throws Exception {
        ModelServer server = iris(2, 4);
        byte[] body = ("{\"instances\": [" + "[6.8, 2.8, 4.8, 1.4], ".repeat(100_000) + "[1, 2, 3, 4]]}")
                .getBytes(StandardCharsets.US_ASCII); // about 2 MB: beyond socket buffers and the JDK's drain
        byte[] head = ("POST /v1/models/iris:predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Socket socket = connect(server);
        OutputStream out = socket.getOutputStream();
        out.write(head);
        out.write(body); // the whole body goes through: the server reads it rather than closing on the client
        out.flush();
        Raw answer = read(socket.getInputStream(), false);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("error").asText())
                .isEqualTo("request body of " + body.length + " bytes is over the limit of 4096 bytes"
                        + " (--max-request-bytes)");
        // the same connection serves the next request
        out.write(post("/v1/models/iris:predict", "127.0.0.1", "application/json", null, V1)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(read(socket.getInputStream(), false).status()).isEqualTo(200);

        // chunked, without a length: read up to the limit, then the rest discarded, then 413
        HttpResponse<String> chunked = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models/iris:predict"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(MAPPER.readTree(chunked.body()).get("error").asText().toLowerCase(Locale.ROOT))
                .contains("over the limit of 4096");
    }

    @Test
    void badRowsAre400NamingTheRowPredictorFailuresAre500WithoutStackTraces() throws Exception {
        Predictor<double[], Integer> strict = x -> {
            if (x.length != 4) {
                throw new IllegalArgumentException("needs 4 features, got " + x.length);
            }
            if (x[0] < 0) {
                throw new IllegalStateException("negative sepal");
            }
            return 1;
        };
        ModelServer server = start(ModelServer.builder(strict).modelName("iris").inputType(double[].class));
        String host = "127.0.0.1";
        Raw bad = exchange(
                server,
                post(
                        "/v1/models/iris:predict",
                        host,
                        "application/json",
                        null,
                        "{\"instances\": [[1, 2, 3, 4], [1]]}"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).isEqualTo("instances[1]: needs 4 features, got 1");
        Raw failed = exchange(
                server,
                post("/v1/models/iris:predict", host, "application/json", null, "{\"instances\": [[-1, 2, 3, 4]]}"));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.json().get("error").asText())
                .isEqualTo("prediction failed for instances[0]: java.lang.IllegalStateException: negative sepal")
                .doesNotContain("\tat ");
        assertThat(server.metricsText())
                .contains("jfairing_serving_predictor_errors_total{protocol=\"v1\",model=\"iris\"} 1")
                .as("a bad row is the client's mistake, not a predictor error")
                .doesNotContain("predictor_errors_total{protocol=\"v1\",model=\"iris\"} 2");
    }
}
