package io.jfairing.lab;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A scenario of {@code lab/browser} run with node: playwright-core drives Debian's Chromium on a {@link LabServer},
 * saves screenshots and writes what the page showed as JSON, which the test then asserts on.
 */
final class BrowserScenario {
    static final String CHROMIUM = "/usr/bin/chromium";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BrowserScenario() {}

    static JsonNode run(Path labDir, Path build, LabServer server, String name, Map<String, String> extraEnv)
            throws Exception {
        return run(labDir, build, server.url(), server.token(), server.root(), server::log, name, extraEnv);
    }

    /**
     * Runs scenario {@code name} against the JupyterLab at {@code url} (a {@link LabServer}, or one in a container),
     * with {@code root} for the browser's home and its result file; {@code serverLog} reads the server's log for a
     * failure's message.
     */
    static JsonNode run(
            Path labDir,
            Path build,
            String url,
            String token,
            Path root,
            Callable<String> serverLog,
            String name,
            Map<String, String> extraEnv)
            throws Exception {
        Path result = root.resolve(name + ".json");
        Path screenshots = Path.of(System.getProperty("screenshots.dir", "target/screenshots"))
                .toAbsolutePath()
                .resolve(name);
        Processes.deleteTree(screenshots); // no screenshot of an earlier run lingers
        Map<String, String> env = new HashMap<>(LabServer.isolatedEnvironment(root));
        env.put("NODE_PATH", build.resolve("node_modules").toString());
        env.put("LAB_URL", url);
        env.put("LAB_TOKEN", token);
        env.put("SCREENSHOTS", screenshots.toString());
        env.put("RESULT_FILE", result.toString());
        env.put("CHROMIUM", CHROMIUM);
        env.putAll(extraEnv);
        Processes.Result r = Processes.run(labDir.resolve("browser"), env, 5, "node", name + ".js");
        JsonNode observed = Files.exists(result) ? JSON.readTree(result.toFile()) : JSON.createObjectNode();
        if (Files.exists(result)) {
            // kept beside the screenshots: the figures (timings) docs/benchmarks.md reports come from here
            Files.createDirectories(screenshots);
            Files.copy(result, screenshots.resolve("observed.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (r.exitCode() != 0) {
            fail("browser scenario " + name + " failed (exit " + r.exitCode() + "; screenshots in " + screenshots
                    + "):\n" + r.output() + "\n" + observed.path("error").asText() + "\nserver log:\n"
                    + tail(serverLog.call()));
        }
        return observed;
    }

    private static String tail(String text) {
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }
}
