package io.jfairing.images.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContainerEndpointTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void waitsThroughAnswersOtherThan200AndReturnsTheBody() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        URI url = serve(() -> asked.incrementAndGet() < 3 ? 503 : 200, "{\"started\": true}");

        String body = new ContainerEndpoint(url, () -> "unused", Duration.ofSeconds(30)).awaitOk();

        assertThat(body).isEqualTo("{\"started\": true}");
        assertThat(asked).hasValue(3);
    }

    @Test
    void failsWithTheLastAnswerAndTheServersLog() throws Exception {
        URI url = serve(() -> 404, "no such page");

        assertThatThrownBy(() -> new ContainerEndpoint(url, () -> "[I 10:00] Jupyter Server is starting", Duration.ZERO)
                        .awaitOk())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not answer " + url)
                .hasMessageContaining("(404 no such page)")
                .hasMessageEndingWith("its log:\n[I 10:00] Jupyter Server is starting");
    }

    private URI serve(java.util.function.IntSupplier status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/status", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.getAsInt(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/status");
    }
}
