package io.jfairing.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jfairing.runtime.runner.Predictor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model artifacts from URLs: capped, same-host redirects only, removed after the load, errors that quote nothing. */
class ModelFetcherTest {
    private static final byte[] MODEL = "4.6".getBytes(StandardCharsets.UTF_8);
    private HttpServer artifacts;
    private String base;

    @TempDir
    Path temp;

    @BeforeEach
    void serve() throws IOException {
        artifacts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        artifacts.createContext("/m.txt", exchange -> send(exchange, 200, MODEL));
        artifacts.createContext("/big", exchange -> send(exchange, 200, new byte[10_000]));
        artifacts.createContext("/streamed", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no length to refuse up front
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(new byte[1000]);
                }
            }
        });
        artifacts.createContext("/same-host", exchange -> {
            exchange.getResponseHeaders().set("Location", "/m.txt");
            send(exchange, 302, new byte[0]);
        });
        artifacts.createContext("/other-host", exchange -> {
            // localhost is the same machine, but another host name: what a redirect to an attacker's host looks like
            exchange.getResponseHeaders()
                    .set(
                            "Location",
                            "http://localhost:" + artifacts.getAddress().getPort() + "/m.txt");
            send(exchange, 302, new byte[0]);
        });
        artifacts.createContext(
                "/passwd",
                exchange -> send(exchange, 200, "root:x:0:0:root:/root:/bin/bash\n".getBytes(StandardCharsets.UTF_8)));
        artifacts.start();
        base = "http://127.0.0.1:" + artifacts.getAddress().getPort();
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stop() {
        artifacts.stop(0);
    }

    private long downloads() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.count();
        }
    }

    @Test
    void aDownloadLivesInATempFolderUntilClosed() throws Exception {
        ModelFetcher fetcher = new ModelFetcher(1000, temp);
        Path folder;
        try (ModelFetcher.Artifact artifact = fetcher.fetch(base + "/m.txt?sig=abc")) {
            assertThat(Files.readAllBytes(artifact.path())).isEqualTo(MODEL);
            assertThat(artifact.path().getFileName().toString()).isEqualTo("m.txt");
            folder = artifact.downloadFolder();
            assertThat(folder.getFileName().toString()).startsWith("jfairing-model-");
        }
        assertThat(folder).doesNotExist();
        assertThat(downloads()).isZero();
    }

    @Test
    void aLocalFileIsUsedInPlaceAndKept() throws Exception {
        Path local = Files.write(temp.resolve("local.bin"), MODEL);
        try (ModelFetcher.Artifact artifact =
                new ModelFetcher(1000, temp).fetch(local.toUri().toString())) {
            assertThat(artifact.path()).isEqualTo(local);
        }
        assertThat(local).exists();
    }

    @Test
    void downloadsOverTheCapFailAndLeaveNothing() {
        ModelFetcher fetcher = new ModelFetcher(1000, temp);
        assertThatThrownBy(() -> fetcher.fetch(base + "/big"))
                .isInstanceOf(ModelFetcher.FetchException.class)
                .hasMessageContaining("is 10000 bytes, over the limit of 1000");
        assertThatThrownBy(() -> fetcher.fetch(base + "/streamed"))
                .isInstanceOf(ModelFetcher.FetchException.class)
                .hasMessageContaining("over the limit of 1000 bytes");
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void redirectsStayOnTheSameHost() throws Exception {
        ModelFetcher fetcher = new ModelFetcher(1000, temp);
        try (ModelFetcher.Artifact artifact = fetcher.fetch(base + "/same-host")) {
            assertThat(Files.readAllBytes(artifact.path())).isEqualTo(MODEL);
        }
        assertThatThrownBy(() -> fetcher.fetch(base + "/other-host?token=SECRET"))
                .isInstanceOf(ModelFetcher.FetchException.class)
                .hasMessageContaining("redirects to another host (http://localhost:")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> fetcher.fetch(base + "/none?token=SECRET"))
                .hasMessage("GET " + base + "/none answered HTTP 404");
        assertThat(temp).isEmptyDirectory();
    }

    /** Reads its threshold with Double.parseDouble, whose message quotes the file. */
    static final class Threshold implements Predictor<double[], Integer> {
        static final AtomicReference<Path> LOADED = new AtomicReference<>();
        volatile double threshold;

        @Override
        public void load(Path artifact) throws IOException {
            LOADED.set(artifact);
            threshold = Double.parseDouble(Files.readString(artifact).strip());
        }

        @Override
        public Integer predict(double[] x) {
            return x[2] > threshold ? 2 : 1;
        }
    }

    @Test
    void theServerRemovesTheDownloadAfterTheLoadAndQuotesNoContents() throws Exception {
        ModelServer server = ModelServer.builder(new Threshold())
                .modelName("iris")
                .port(0)
                .modelUri(base + "/m.txt")
                .start();
        try {
            assertThat(server.awaitReady(Duration.ofSeconds(10))).isTrue();
            assertThat(Threshold.LOADED.get().getParent()).doesNotExist();
        } finally {
            server.shutdown(Duration.ZERO);
        }
        ModelServer broken = ModelServer.builder(new Threshold())
                .modelName("iris")
                .port(0)
                .modelUri(base + "/passwd")
                .start();
        try {
            assertThat(broken.awaitReady(Duration.ofSeconds(10))).isFalse();
            assertThat(Threshold.LOADED.get().getParent())
                    .as("removed after a failed load too")
                    .doesNotExist();
            assertThat(broken.loadFailure())
                    .get()
                    .asString()
                    .startsWith("java.lang.NumberFormatException at " + Threshold.class.getName() + ".load(")
                    .doesNotContain("root:");
        } finally {
            broken.shutdown(Duration.ZERO);
        }
        Path passwd = Files.writeString(temp.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        ModelServer local = ModelServer.builder(new Threshold())
                .modelName("iris")
                .port(0)
                .modelUri(passwd.toUri().toString())
                .start();
        try {
            assertThat(local.awaitReady(Duration.ofSeconds(10))).isFalse();
            assertThat(local.loadFailure()).get().asString().doesNotContain("root:");
            assertThat(passwd).as("a local model file is the user's: kept").exists();
        } finally {
            local.shutdown(Duration.ZERO);
        }
        ModelServer capped = ModelServer.builder(new Threshold())
                .modelName("iris")
                .port(0)
                .maxModelBytes(100)
                .modelUri(base + "/big")
                .start();
        try {
            assertThat(capped.awaitReady(Duration.ofSeconds(10))).isFalse();
            assertThat(capped.loadFailure()).get().asString().contains("over the limit of 100");
        } finally {
            capped.shutdown(Duration.ZERO);
        }
    }
}
