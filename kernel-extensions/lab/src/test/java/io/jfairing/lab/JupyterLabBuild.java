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
 * JupyterLab's app ({@code lab/app}), an npm project installed with {@code npm ci} from its
 * lock file and built into {@code target/<name>/<hash of the inputs>}. A build whose inputs have not changed is
 * reused, so only the first run pays for npm (about a minute). The jfairing extension is built by
 * kernel-extensions' Maven build and installed by the kernel installer.
 */
final class JupyterLabBuild {
    private static final String MARKER = ".jfairing-built";

    private JupyterLabBuild() {}

    /**
     * JupyterLab (JupyterLab's dev_mode app with npm overrides and the widgets manager), built with rspack: the folder
     * has {@code static/}, {@code schemas/}, {@code themes/} and {@code node_modules/} (playwright-core for the tests).
     */
    static Path ensure(Path appSources, Path targetDir) throws IOException, InterruptedException {
        return build(
                appSources, List.of(), targetDir.resolve("jupyterlab"), "static/index.html", "npm", "run", "build");
    }

    private static Path build(Path sources, List<Path> alsoHashed, Path builds, String product, String... command)
            throws IOException, InterruptedException {
        List<Path> inputs = inputs(sources);
        Path dir = builds.resolve(hash(sources, inputs, alsoHashed));
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
        requireNode();
        Files.createDirectories(dir);
        for (Path input : inputs) {
            Path to = dir.resolve(sources.relativize(input).toString());
            Files.createDirectories(to.getParent());
            Files.copy(input, to);
        }
        Map<String, String> env =
                Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "npm_config_update_notifier", "false");
        Processes.Result install =
                Processes.run(dir, env, 10, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        if (install.exitCode() != 0) {
            fail("npm ci failed in " + dir + " (exit " + install.exitCode() + "); is the npm registry"
                    + " reachable? \n" + install.output());
        }
        Processes.Result build = Processes.run(dir, env, 10, command);
        if (build.exitCode() != 0 || !Files.exists(dir.resolve(product))) {
            fail("the npm build failed in " + dir + " (exit " + build.exitCode() + "):\n" + build.output());
        }
        Files.writeString(dir.resolve(MARKER), "");
        return dir;
    }

    /** rspack 2 (JupyterLab 4.6's build) needs node 20.19 or later; Debian 12's nodejs is 18. */
    private static void requireNode() throws InterruptedException {
        String hint = "the JupyterLab build needs node 20.19 or later (and npm) on the PATH; Debian 12's nodejs is 18:"
                + " install NodeSource's node 20 or 22";
        try {
            Processes.Result node = Processes.run(
                    Path.of("."),
                    Map.of(),
                    1,
                    "node",
                    "-e",
                    "const [a,b]=process.versions.node.split('.').map(Number);"
                            + "process.exit(a>20||(a===20&&b>=19)?0:1)");
            if (node.exitCode() != 0) {
                fail(hint + "\n" + node.output());
            }
        } catch (IOException noNode) {
            fail(hint + " (" + noNode.getMessage() + ")");
        }
    }

    /** The sources: everything but what npm and the build make in place (a developer's own npm install). */
    private static List<Path> inputs(Path sources) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String rel = sources.relativize(p).toString();
                        return !rel.startsWith("node_modules")
                                && !rel.startsWith("lib/")
                                && !rel.startsWith("labextension/")
                                && !rel.startsWith("static/")
                                && !rel.startsWith("schemas/")
                                && !rel.startsWith("themes/");
                    })
                    .sorted()
                    .toList();
        }
    }

    private static String hash(Path root, List<Path> inputs, List<Path> alsoHashed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path input : inputs) {
                sha.update(root.relativize(input).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(input));
            }
            for (Path extra : alsoHashed) {
                sha.update(Files.readAllBytes(extra));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
