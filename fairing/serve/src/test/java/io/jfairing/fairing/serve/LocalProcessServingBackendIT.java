package io.jfairing.fairing.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookWriter;
import io.jfairing.runtime.server.ServingMain;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notebook's Predictor served by the local process backend: the serving entry point in a child JVM, over HTTP. */
@Tag("slow")
class LocalProcessServingBackendIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final java.util.List<ServingHandle> started = new java.util.ArrayList<>();

    /** Stops every server a test started, also those that should have exited by themselves. */
    @org.junit.jupiter.api.AfterEach
    void stopAll() throws ServeException {
        for (ServingHandle h : started) {
            h.delete();
        }
    }

    private ServingHandle deploy(LocalProcessServingBackend backend, ServingSpec spec) throws ServeException {
        ServingHandle h = backend.deploy(spec);
        started.add(h);
        return h;
    }

    private HttpResponse<String> post(ServingHandle h, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(h.url().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheNotebooksPredictorWithItsModelOverBothProtocols(@TempDir Path dir) throws Exception {
        CompiledNotebook code =
                Fairing.notebook(ServingNotebooks.iris(dir, false)).compile();
        Path model = ServingNotebooks.threshold(dir, 4.6);
        ServingHandle h = deploy(
                        new LocalProcessServingBackend(code),
                        ServingSpec.builder("iris")
                                .modelUri(model.toString())
                                .terminationGraceSeconds(5)
                                .build())
                .waitUntilReady(Duration.ofSeconds(60));
        try {
            assertThat(h.url().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> v1 = post(h, "/v1/models/iris:predict", ServingNotebooks.V1_BODY);
            assertThat(v1.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(v1.body())).isEqualTo(JSON.readTree("{\"predictions\": [2, 1]}"));
            HttpResponse<String> v2 = post(h, "/v2/models/iris/infer", ServingNotebooks.V2_BODY);
            assertThat(v2.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(v2.body()).get("outputs"))
                    .isEqualTo(JSON.readTree(
                            "[{\"name\": \"output-0\", \"shape\": [2], \"datatype\": \"INT32\", \"data\": [2, 1]}]"));
            assertThat(h.predict(List.of(List.of(6.8, 2.8, 4.8, 1.4)))).containsExactly(2);

            HttpResponse<String> thrown = post(h, "/v1/models/iris:predict", "{\"instances\": [[-1, 2, 3, 4]]}");
            // the predictor's IllegalArgumentException says the row is bad: the client's mistake, named with its row
            assertThat(thrown.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(thrown.body()).get("error").asText())
                    .isEqualTo("instances[0]: negative sepal length -1.0");
            assertThatThrownBy(() -> h.predict(List.of(List.of(-1, 2, 3, 4))))
                    .isInstanceOf(ServeException.class)
                    .hasMessageContaining("HTTP 400")
                    .hasMessageContaining("negative sepal length");
            assertThat(post(h, "/v1/models/iris:predict", ServingNotebooks.V1_BODY)
                            .statusCode())
                    .isEqualTo(200);

            assertThat(h.logs())
                    .contains("loaded threshold 4.6")
                    .contains("defined Iris")
                    .contains(ServingMain.READY_LINE + h.url() + " (model iris, predictor Iris)");
            assertThat(((LocalProcessServingBackend.LocalHandle) h).staging()).isDirectory();
        } finally {
            h.delete();
        }
        assertThat(h.logs()).contains("stopping (finishing the requests in flight)");
        assertThat(((LocalProcessServingBackend.LocalHandle) h).staging())
                .as("the staged code is removed")
                .doesNotExist();
        assertThatThrownBy(() -> h.predict(List.of(List.of(1, 2, 3, 4))))
                .isInstanceOf(ServeException.class)
                .hasMessageContaining("cannot reach the model server");
    }

    @Test
    void theModelFileDecides(@TempDir Path dir) throws Exception {
        CompiledNotebook code =
                Fairing.notebook(ServingNotebooks.iris(dir, true)).compile();
        LocalProcessServingBackend backend = new LocalProcessServingBackend(code);
        ServingHandle h = deploy(
                        backend,
                        ServingSpec.builder("strict")
                                .modelName("iris")
                                .predictor("Iris")
                                .modelUri(ServingNotebooks.threshold(dir, 5.0)
                                        .toUri()
                                        .toString())
                                .build())
                .waitUntilReady(Duration.ofSeconds(60));
        try {
            assertThat(h.predict(List.of(List.of(6.8, 2.8, 4.8, 1.4), List.of(6.0, 3.4, 5.1, 1.6))))
                    .containsExactly(1, 2);
        } finally {
            h.delete();
        }
        ServingHandle ambiguous = deploy(backend, ServingSpec.builder("which").build());
        assertThatThrownBy(() -> ambiguous.waitUntilReady(Duration.ofSeconds(60)))
                .isInstanceOf(ServeException.class)
                .hasMessageContaining("exited with status 3")
                .hasMessageContaining("several Predictor classes (Echo, Iris)")
                .hasMessageContaining("--predictor");
        ServingHandle missing = deploy(
                backend,
                ServingSpec.builder("missing")
                        .predictor("Iris")
                        .modelUri(dir.resolve("nope.txt").toString())
                        .build());
        assertThatThrownBy(() -> missing.waitUntilReady(Duration.ofSeconds(60)))
                .isInstanceOf(ServeException.class)
                .hasMessageContaining("exited with status 4")
                .hasMessageContaining("no such file");
    }

    @Test
    void aNotebookWithoutAPredictorOrThatFailsIsReported(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain.ipynb");
        NotebookWriter.write(new Notebook("plain.ipynb", List.of(NotebookCell.code(1, "int x = 1;"))), plain);
        ServingHandle none = deploy(
                new LocalProcessServingBackend(Fairing.notebook(plain).compile()),
                ServingSpec.builder("none").build());
        assertThatThrownBy(() -> none.waitUntilReady(Duration.ofSeconds(60)))
                .hasMessageContaining("defines no class implementing");

        Path failing = dir.resolve("failing.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "failing.ipynb",
                        List.of(
                                NotebookCell.code(1, "import io.jfairing.runtime.runner.Predictor;"),
                                NotebookCell.code(2, ServingNotebooks.IRIS),
                                NotebookCell.code(3, "throw new IllegalStateException(\"no data\");"))),
                failing);
        ServingHandle broken = deploy(
                new LocalProcessServingBackend(Fairing.notebook(failing).compile()),
                ServingSpec.builder("broken").build());
        assertThatThrownBy(() -> broken.waitUntilReady(Duration.ofSeconds(60)))
                .hasMessageContaining("exited with status 3")
                .hasMessageContaining("the notebook failed (cell 3: java.lang.IllegalStateException: no data)");
    }

    @Test
    void aLocalBackendRefusesWhatOnlyAClusterHas(@TempDir Path dir) throws Exception {
        LocalProcessServingBackend backend = new LocalProcessServingBackend(
                Fairing.notebook(ServingNotebooks.iris(dir, false)).compile());
        assertThatThrownBy(() -> backend.deploy(ServingSpec.builder("iris")
                        .modelUri("pvc://models/iris")
                        .build()))
                .isInstanceOf(InvalidServingSpecException.class)
                .hasMessageContaining("not pvc://");
        assertThatThrownBy(() -> backend.deploy(
                        ServingSpec.builder("iris").secretEnv("creds").build()))
                .isInstanceOf(InvalidServingSpecException.class)
                .hasMessageContaining("needs the Kubernetes backend");
    }
}
