package io.jfairing.fairing.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Debian {@code docker-registry} on 127.0.0.1 and a free port, in a temp folder: plain HTTP, or HTTPS with a
 * self-signed certificate and htpasswd (bcrypt) users. {@link #close()} stops it.
 */
public final class Registry implements AutoCloseable {
    public static final String BINARY = "/usr/bin/docker-registry";

    private final Path dir;
    private final int port;
    private final Process process;
    private final String username;
    private final String password;

    private Registry(Path dir, int port, Process process, String username, String password) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.username = username;
        this.password = password;
    }

    public static boolean available() {
        return Files.isExecutable(Path.of(BINARY));
    }

    public static Registry plain() throws IOException, InterruptedException {
        return start(null, null);
    }

    /** HTTPS (self-signed, so clients need "insecure") with htpasswd auth for one user. */
    public static Registry withAuth(String username, String password) throws IOException, InterruptedException {
        return start(username, password);
    }

    private static Registry start(String username, String password) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jfairing-registry-");
        int port = freePort();
        StringBuilder config = new StringBuilder("version: 0.1\nlog: {level: error, accesslog: {disabled: true}}\n")
                .append("storage: {filesystem: {rootdirectory: ")
                .append(dir.resolve("data"))
                .append("}, delete: {enabled: true}}\n")
                .append("http: {addr: 127.0.0.1:")
                .append(port);
        boolean tls = username != null;
        if (tls) {
            run(
                    dir,
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    "key.pem",
                    "-out",
                    "cert.pem",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=127.0.0.1",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1");
            config.append(", tls: {certificate: ")
                    .append(dir.resolve("cert.pem"))
                    .append(", key: ")
                    .append(dir.resolve("key.pem"))
                    .append("}");
            Files.writeString(dir.resolve("htpasswd"), username + ":" + bcrypt(dir, password) + "\n");
        }
        config.append("}\n");
        if (tls) {
            config.append("auth: {htpasswd: {realm: jfairing, path: ")
                    .append(dir.resolve("htpasswd"))
                    .append("}}\n");
        }
        Files.writeString(dir.resolve("config.yml"), config);
        Process process = new ProcessBuilder(
                        BINARY, "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        Registry registry = new Registry(dir, port, process, username, password);
        registry.awaitReady(tls);
        return registry;
    }

    private static String bcrypt(Path dir, String password) throws IOException, InterruptedException {
        if (Files.isExecutable(Path.of("/usr/bin/htpasswd"))) {
            String line = run(dir, "htpasswd", "-Bbn", "user", password).strip();
            return line.substring(line.indexOf(':') + 1);
        }
        // no apache2-utils: glibc's crypt(3) does bcrypt ($2b$), which the registry accepts
        return run(
                        dir,
                        "/usr/bin/python3",
                        "-W",
                        "ignore",
                        "-c",
                        "import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))",
                        password)
                .strip();
    }

    private void awaitReady(boolean tls) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(Tls.trustAll())
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        URI uri = URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port + "/v2/");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            try {
                int status = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(50);
        }
        throw new IOException("docker-registry did not start on port " + port);
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** Bytes of blob data stored (every layer and config the registry holds, once). */
    public long storedBlobBytes() throws IOException {
        Path blobs = dir.resolve("data/docker/registry/v2/blobs");
        if (!Files.isDirectory(blobs)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(blobs)) {
            return walk.filter(p -> p.getFileName().toString().equals("data"))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }

    /** Every file the registry stores, for scanning. */
    public List<Path> storedFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(dir.resolve("data"))) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    /** Tags of {@code repository}, or an empty list when it does not exist. */
    public List<String> tags(String repository) throws IOException {
        Path tags = dir.resolve("data/docker/registry/v2/repositories/" + repository + "/_manifests/tags");
        if (!Files.isDirectory(tags)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(tags)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a temp folder
        }
    }
}
