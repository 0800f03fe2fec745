package io.jfairing.lab;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A JupyterLab server on 127.0.0.1 for one test class: Debian's jupyter_server and jupyterlab_server serving a {@link
 * JupyterLabBuild}, with the jfairing kernel installed into a temporary prefix, and home, runtime, data and notebook
 * folders of its own under {@code root}. {@link #close()} stops it and its kernels.
 */
final class LabServer implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    static final String PANEL_PACKAGE = "@jfairing/jupyterlab-jfairing";

    private final Path root;
    private final Process process;
    private final int port;
    private final String token;

    private LabServer(Path root, Process process, int port, String token) {
        this.root = root;
        this.process = process;
        this.port = port;
        this.token = token;
    }

    /** Installs the kernel (its extensions and their JupyterLab extension, the jfairing panel) with {@code
     * java -jar kernel.jar install}, then starts the server. */
    static LabServer start(Path labDir, Path build, Path root) throws Exception {
        requireDebianPackages();
        Path jar = existing(
                Path.of(System.getProperty("kernel.jar", labDir + "/../../kernel/target/jfairing-kernel.jar")));
        Path extensions = existing(Path.of(System.getProperty("extension.dir", labDir + "/../target/extension")));
        Path prefix = Files.createDirectories(root.resolve("prefix"));
        Path home = Files.createDirectories(root.resolve("jfairing-home"));
        Processes.Result install = Processes.run(
                root,
                java.util.Map.of(),
                3,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "install",
                "--prefix",
                prefix.toString(),
                "--extension",
                extensions.toString(),
                "--env",
                "JFAIRING_HOME=" + home);
        if (install.exitCode() != 0) {
            fail("installing the kernel failed (exit " + install.exitCode() + "):\n" + install.output());
        }
        // the installer put the jfairing panel (carried in kernel-extensions' jar) where JupyterLab looks for it
        existing(prefix.resolve("share/jupyter/labextensions/" + PANEL_PACKAGE + "/package.json"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        Path notebooks = Files.createDirectories(root.resolve("notebooks"));
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        PYTHON,
                        labDir.resolve("server/jfairing_lab.py").toString(),
                        build.toString(),
                        "--ServerApp.ip=127.0.0.1",
                        "--ServerApp.port=" + port,
                        "--ServerApp.port_retries=0",
                        "--ServerApp.token=" + token,
                        "--ServerApp.allow_root=True",
                        "--ServerApp.open_browser=False",
                        "--ServerApp.root_dir=" + notebooks))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("server.log").toFile());
        pb.environment().putAll(isolatedEnvironment(root));
        pb.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        pb.environment().put("JFAIRING_HOME", home.toString());
        LabServer server = new LabServer(root, pb.start(), port, token);
        server.awaitReady();
        return server;
    }

    /** HOME, Jupyter's and XDG folders inside {@code root}, so that nothing lands in the user's home. */
    static java.util.Map<String, String> isolatedEnvironment(Path root) throws IOException {
        Path home = Files.createDirectories(root.resolve("home"));
        return java.util.Map.of(
                "HOME", home.toString(),
                "JUPYTER_CONFIG_DIR", home.resolve(".jupyter").toString(),
                "JUPYTER_DATA_DIR",
                        Files.createDirectories(root.resolve("data")).toString(),
                "JUPYTER_RUNTIME_DIR",
                        Files.createDirectories(root.resolve("runtime")).toString(),
                "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                "XDG_CACHE_HOME", home.resolve(".cache").toString(),
                "XDG_DATA_HOME", home.resolve(".local/share").toString(),
                "PYDEVD_DISABLE_FILE_VALIDATION", "1",
                "PYTHONDONTWRITEBYTECODE", "1");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String token() {
        return token;
    }

    Path root() {
        return root;
    }

    Path notebooks() {
        return root.resolve("notebooks");
    }

    String log() throws IOException {
        return Files.readString(root.resolve("server.log"));
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest status = HttpRequest.newBuilder(URI.create(url() + "/api/status?token=" + token))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the JupyterLab server exited (" + process.exitValue() + "):\n" + log());
            }
            try {
                if (http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        Processes.stop(process);
        fail("the JupyterLab server did not answer within 60 s:\n" + log());
    }

    @Override
    public void close() throws InterruptedException {
        Processes.stop(process);
    }

    private static Path existing(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            fail(
                    p
                            + " not found: build the kernel and its extensions first (mvn -pl kernel-extensions/lab -am verify)");
        }
        return p;
    }

    private static void requireDebianPackages() throws Exception {
        Processes.Result r = Processes.run(
                Path.of("."), java.util.Map.of(), 1, PYTHON, "-c", "import jupyter_server, jupyterlab_server");
        if (r.exitCode() != 0 || !Files.isExecutable(Path.of(BrowserScenario.CHROMIUM))) {
            fail("the browser tests need Debian's python3-jupyter-server, python3-jupyterlab-server and chromium: run"
                    + " bin/setup-deps (apt-get install -y python3-jupyter-server python3-jupyterlab-server"
                    + " chromium)\n" + r.output());
        }
    }
}
