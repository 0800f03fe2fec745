package io.jfairing.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The metadata dashboard over the store the onboarding notebooks wrote: the metadata server (from the kernel
 * extension's jars) serves {@code JFAIRING_HOME/metadata.db} on 127.0.0.1 and a free port, and the dashboard's
 * browser script ({@code metadata-client/src/main/ui/e2e/onboarding.mjs}, playwright-core and Debian's Chromium)
 * opens every view; this checks what the pages show. Screenshots land in {@code target/dashboard-screenshots}.
 */
final class OnboardingDashboard {
    private OnboardingDashboard() {}

    static void check(Path home, Path extension) throws Exception {
        Path ui = Path.of(System.getProperty("dashboard.ui.dir", "../metadata-client/src/main/ui"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(ui.resolve("node_modules/playwright-core"))) {
            fail("playwright-core is missing from " + ui + "/node_modules: build metadata-client first (its npm ci)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            fail("/usr/bin/chromium is missing: install Debian's chromium (bin/setup-deps)");
        }
        Path err = Files.createTempFile("metadata-serve", ".err");
        Process server = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        extension.resolve("*").toString(),
                        "io.jfairing.metadata.server.MetadataServerCommand",
                        "serve",
                        "--db",
                        home.resolve("metadata.db").toString(),
                        "--port",
                        "0")
                .redirectError(err.toFile())
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String banner = out.readLine();
            assertThat(banner).as(Files.readString(err)).isNotNull().contains("dashboard at");
            String url = banner.substring(banner.indexOf("http://"), banner.indexOf(' ', banner.indexOf("http://")));
            JsonNode f = browse(ui, url);
            assertThat(f.get("problems")).as("errors in the page or the script").isEmpty();
            assertThat(texts(f.get("experiments"))).contains("wine");
            assertThat(f.get("runRows").asInt()).isPositive();
            assertThat(texts(f.get("columns"))).contains("learning_rate", "epochs", "seed");
            assertThat(f.get("runCharts").asInt())
                    .as("a chart per metric")
                    .isEqualTo(f.get("runMetricKeys").asInt())
                    .isPositive();
            assertThat(f.get("runArtifacts").toString()).contains("[\"INPUT\",\"system.Dataset\",\"wine\"]");
            assertThat(texts(f.get("compareCanvases"))).contains("overlay", "parallel");
            assertThat(f.get("lineageNodes").toString()).contains("t-system-dataset", "execution");
            assertThat(f.get("modelsShown").asText()).isEqualTo("Model registry");
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(err);
        }
    }

    private static JsonNode browse(Path ui, String url) throws Exception {
        Path shots = Path.of("target/dashboard-screenshots").toAbsolutePath();
        Path log = Files.createTempFile("onboarding-dashboard", ".err");
        Process p = new ProcessBuilder("node", "e2e/onboarding.mjs", url, shots.toString())
                .directory(ui.toFile())
                .redirectError(log.toFile())
                .start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the dashboard script did not finish in 3 minutes: " + Files.readString(log));
        }
        assertThat(p.exitValue())
                .as("node e2e/onboarding.mjs: " + Files.readString(log))
                .isZero();
        Files.deleteIfExists(log);
        return new ObjectMapper().readTree(stdout.substring(stdout.lastIndexOf('\n') + 1));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
