package io.jfairing.lab;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JupyterLab of {@code lab/app} (JupyterLab's dev_mode app with npm overrides and the widgets manager), installed
 * with {@code npm ci} from its lock file and built with rspack into {@code target/jupyterlab/<hash of the inputs>}.
 * A build whose inputs have not changed is reused, so only the first run pays for npm (about a minute).
 */
final class JupyterLabBuild {
    private static final String MARKER = ".jfairing-built";

    private JupyterLabBuild() {}

    /** The folder of a complete build: {@code static/}, {@code schemas/}, {@code themes/}, {@code node_modules/}. */
    static Path ensure(Path appSources, Path targetDir) throws IOException, InterruptedException {
        List<Path> inputs = inputs(appSources);
        Path builds = targetDir.resolve("jupyterlab");
        Path dir = builds.resolve(hash(appSources, inputs));
        if (Files.exists(dir.resolve(MARKER))) {
            return dir;
        }
        if (Files.exists(builds)) {
            try (Stream<Path> old = Files.list(builds)) {
                for (Path stale : old.toList()) {
                    Processes.deleteTree(stale);
                }
            }
        }
        Files.createDirectories(dir);
        for (Path input : inputs) {
            Path to = dir.resolve(appSources.relativize(input).toString());
            Files.createDirectories(to.getParent());
            Files.copy(input, to);
        }
        Map<String, String> env =
                Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "npm_config_update_notifier", "false");
        Processes.Result install =
                Processes.run(dir, env, 10, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        if (install.exitCode() != 0) {
            fail("npm ci for JupyterLab failed in " + dir + " (exit " + install.exitCode() + "); is the npm registry"
                    + " reachable? \n" + install.output());
        }
        Processes.Result build = Processes.run(dir, env, 10, "npm", "run", "build");
        if (build.exitCode() != 0 || !Files.exists(dir.resolve("static/index.html"))) {
            fail("building JupyterLab failed in " + dir + " (exit " + build.exitCode() + "):\n" + build.output());
        }
        Files.writeString(dir.resolve(MARKER), "");
        return dir;
    }

    private static List<Path> inputs(Path appSources) throws IOException {
        try (Stream<Path> files = Files.walk(appSources)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String hash(Path root, List<Path> inputs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path input : inputs) {
                sha.update(root.relativize(input).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(input));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
