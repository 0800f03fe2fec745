package io.jfairing.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The serving entry point's settings: options over environment over defaults. */
class ServingMainTest {
    @Test
    void defaultsOutsideAndInsideAContainer() {
        ServingMain.Settings local = ServingMain.Settings.parse(new String[0], Map.of());
        assertThat(local.program()).isEqualTo(Path.of("/app/code/program.txt"));
        assertThat(local.host()).isEqualTo("127.0.0.1");
        assertThat(local.port()).isEqualTo(8080);
        assertThat(local.modelName()).isEqualTo("model");
        assertThat(local.modelUri()).isNull();
        assertThat(local.maxRequestBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(local.grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(local.maxModelBytes()).isEqualTo(8L * 1024 * 1024 * 1024);
        assertThat(local.requestTimeoutSeconds()).isEqualTo(30);
        assertThat(local.allowedHosts()).isEmpty();
        assertThat(ServingMain.Settings.parse(new String[0], Map.of("FAIRING_RUNTIME", "container"))
                        .host())
                .isEqualTo("0.0.0.0");
        assertThat(ServingMain.Settings.parse(new String[0], Map.of("PORT", "9000"))
                        .port())
                .isEqualTo(9000);
    }

    @Test
    void optionsOverrideTheEnvironment() {
        Map<String, String> env = Map.of(
                "FAIRING_MODEL_NAME",
                "iris",
                "FAIRING_PREDICTOR",
                "Iris",
                "FAIRING_MODEL_URI",
                "/m",
                "FAIRING_SERVING_PORT",
                "8081",
                "PORT",
                "9000",
                "FAIRING_MAX_REQUEST_BYTES",
                "1024",
                "FAIRING_GRACE_SECONDS",
                "5",
                "FAIRING_MAX_MODEL_BYTES",
                "1000",
                "FAIRING_REQUEST_TIMEOUT_SECONDS",
                "5");
        env = new java.util.HashMap<>(env);
        env.put("FAIRING_ALLOWED_HOSTS", "iris.example, iris.internal");
        env.put("FAIRING_ALLOWED_ORIGINS", "https://app.example");
        ServingMain.Settings fromEnv = ServingMain.Settings.parse(new String[] {"/tmp/p.txt"}, env);
        assertThat(fromEnv)
                .isEqualTo(new ServingMain.Settings(
                        Path.of("/tmp/p.txt"),
                        "Iris",
                        "iris",
                        "/m",
                        "127.0.0.1",
                        8081,
                        1024,
                        Duration.ofSeconds(5),
                        1000,
                        5,
                        List.of("iris.example", "iris.internal"),
                        List.of("https://app.example")));
        ServingMain.Settings fromArgs = ServingMain.Settings.parse(
                new String[] {
                    "--model-name",
                    "rose",
                    "--predictor",
                    "Rose",
                    "--model-uri",
                    "https://x/m",
                    "--port",
                    "0",
                    "--host",
                    "::1",
                    "--max-request-bytes",
                    "10",
                    "--grace-seconds",
                    "0",
                    "--max-model-bytes",
                    "77",
                    "--request-timeout-seconds",
                    "9",
                    "--allowed-hosts",
                    "",
                    "--allowed-origins",
                    "http://a.example,http://b.example"
                },
                env);
        assertThat(fromArgs)
                .isEqualTo(new ServingMain.Settings(
                        Path.of("/app/code/program.txt"),
                        "Rose",
                        "rose",
                        "https://x/m",
                        "::1",
                        0,
                        10,
                        Duration.ZERO,
                        77,
                        9,
                        List.of(),
                        List.of("http://a.example", "http://b.example")));
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> ServingMain.Settings.parse(new String[] {"--port", "70000"}, Map.of()))
                .hasMessage("port must be between 0 and 65535, got 70000");
        assertThatThrownBy(() -> ServingMain.Settings.parse(new String[0], Map.of("FAIRING_SERVING_PORT", "http")))
                .hasMessage("bad port: http");
        assertThatThrownBy(() -> ServingMain.Settings.parse(new String[] {"--verbose"}, Map.of()))
                .hasMessage("unknown option --verbose");
        assertThatThrownBy(() -> ServingMain.Settings.parse(new String[] {"--model-uri"}, Map.of()))
                .hasMessage("--model-uri needs a value");
    }
}
