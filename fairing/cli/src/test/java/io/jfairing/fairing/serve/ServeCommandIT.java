package io.jfairing.fairing.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.cli.JfairingCommand;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.RunStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jfairing serve deploy NOTEBOOK} with the local backend, as a user runs it: a JVM that compiles the notebook,
 * serves it until it is stopped (SIGTERM, as Ctrl-C), then stops its model server and ends the recorded run.
 */
@Tag("slow")
class ServeCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void servesANotebookUntilStopped(@TempDir Path dir) throws Exception {
        Path notebook = ServingNotebooks.iris(dir, false);
        Path model = ServingNotebooks.threshold(dir, 4.6);
        Path metadata = dir.resolve("metadata.db");
        Process cli = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        JfairingCommand.class.getName(),
                        "serve",
                        "deploy",
                        notebook.toString(),
                        "--name",
                        "iris",
                        "--model-uri",
                        model.toString(),
                        "--metadata",
                        "sqlite:" + metadata)
                .redirectError(dir.resolve("cli.err").toFile())
                .start();
        String url;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
            url = out.readLine();
            assertThat(url).as(() -> read(dir.resolve("cli.err"))).startsWith("http://127.0.0.1:");
            HttpResponse<String> v1 = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "/v1/models/iris:predict"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(ServingNotebooks.V1_BODY))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(v1.body())).isEqualTo(JSON.readTree("{\"predictions\": [2, 1]}"));
            try (MetadataStore store = MetadataStore.connect("sqlite:" + metadata)) {
                List<RunInfo> runs = store.searchRuns(RunQuery.builder()
                                .experiment("jfairing-serving")
                                .build())
                        .items();
                assertThat(runs)
                        .singleElement()
                        .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.RUNNING));
            }
            cli.destroy();
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            cli.destroyForcibly();
        }
        assertThat(read(dir.resolve("cli.err")))
                .contains("serving iris at " + url)
                .contains("Ctrl-C stops it");
        String stopped = url;
        assertThatThrownBy(() -> HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(stopped + "/v2/health/live"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding()))
                .as("the model server stopped with the command")
                .isInstanceOf(java.net.ConnectException.class);
        try (MetadataStore store = MetadataStore.connect("sqlite:" + metadata)) {
            assertThat(store.searchRuns(RunQuery.builder()
                                    .experiment("jfairing-serving")
                                    .build())
                            .items())
                    .singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.FINISHED));
        }
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
