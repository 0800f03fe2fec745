package io.jfairing.kernel.maven;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Maven repository layout in a temp directory, served over HTTP on 127.0.0.1 by the JDK's HttpServer. Every request
 * is recorded. Can demand HTTP Basic credentials, serve one path very slowly, and act as an HTTP proxy (requests
 * with an absolute URI are answered from the same files, and their host is recorded).
 */
final class FakeRepository implements AutoCloseable {
    /** One request: method, the path or absolute URI asked for, and the Authorization header (or null). */
    record Request(String method, String uri, String authorization) {}

    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-maven-repository");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> slowPaths = new ConcurrentHashMap<>();
    private volatile String user;
    private volatile String password;
    private volatile boolean stopped;
    /** Counted down when a slow transfer ends because the client went away. */
    final CountDownLatch slowTransferAborted = new CountDownLatch(1);
    /** Counted down when a slow transfer has started sending its body. */
    final CountDownLatch slowTransferStarted = new CountDownLatch(1);

    FakeRepository(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Base URL of the server, ending with a slash; paths under it map onto the repository directory. */
    String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    int port() {
        return server.getAddress().getPort();
    }

    Path root() {
        return root;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    int requestCount() {
        return requests.size();
    }

    void resetRequests() {
        requests.clear();
    }

    /** From now on, answer 401 unless the request carries these Basic credentials. */
    void requireCredentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** Serve files whose path ends with {@code suffix} one byte every {@code millisPerByte}. */
    void slow(String suffix, int millisPerByte) {
        slowPaths.put(suffix, millisPerByte);
    }

    void slowPathsClear() {
        slowPaths.clear();
    }

    // ---- publishing -------------------------------------------------------------------------------------------

    /** A dependency for {@link #publish}: "g:a:v", optionally with scope and optional flag. */
    record Dep(String coordinates, String scope, boolean optional) {
        static Dep of(String coordinates) {
            return new Dep(coordinates, null, false);
        }

        String xml() {
            String[] p = coordinates.split(":");
            return "<dependency><groupId>" + p[0] + "</groupId><artifactId>" + p[1] + "</artifactId>"
                    + (p.length > 2 ? "<version>" + p[2] + "</version>" : "")
                    + (scope == null ? "" : "<scope>" + scope + "</scope>")
                    + (optional ? "<optional>true</optional>" : "")
                    + "</dependency>";
        }
    }

    /** Publishes g:a:v as a jar (containing {@code g/a/v.txt}) with a POM listing the dependencies. */
    FakeRepository publishWith(String coordinates, Dep... dependencies) {
        String[] p = coordinates.split(":");
        StringBuilder deps = new StringBuilder();
        for (Dep d : dependencies) {
            deps.append(d.xml());
        }
        publishPom(coordinates, pom(p[0], p[1], p[2], "jar", "<dependencies>" + deps + "</dependencies>"));
        write(path(p[0], p[1], p[2], "jar"), jar(coordinates));
        return this;
    }

    FakeRepository publish(String coordinates, String... dependencies) {
        return publishWith(
                coordinates, java.util.Arrays.stream(dependencies).map(Dep::of).toArray(Dep[]::new));
    }

    /** Publishes just a POM (a BOM, a parent). */
    FakeRepository publishPom(String coordinates, String pomXml) {
        String[] p = coordinates.split(":");
        write(path(p[0], p[1], p[2], "pom"), pomXml.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    static String pom(String g, String a, String v, String packaging, String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>
                  <packaging>%s</packaging>
                  %s
                </project>
                """.formatted(g, a, v, packaging, body);
    }

    static String path(String g, String a, String v, String ext) {
        return g.replace('.', '/') + "/" + a + "/" + v + "/" + a + "-" + v + "." + ext;
    }

    /** A jar whose only entry names its coordinates, so tests can tell jars apart. */
    static byte[] jar(String coordinates) {
        try {
            var bytes = new java.io.ByteArrayOutputStream();
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
                out.putNextEntry(new JarEntry("coordinates.txt"));
                out.write(coordinates.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String relative, byte[] content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), sha1(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the text of the coordinates.txt entry of a jar made by {@link #jar}. */
    static String coordinatesIn(Path jar) throws IOException {
        try (var jf = new java.util.jar.JarFile(jar.toFile())) {
            return new String(jf.getInputStream(jf.getEntry("coordinates.txt")).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- serving ----------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(exchange.getRequestMethod(), uri.toString(), auth));
            if (user != null
                    && !(("Basic "
                                    + Base64.getEncoder()
                                            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                            .equals(auth))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Path file = resolve(uri.getPath());
            if (file == null || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] content = Files.readAllBytes(file);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            Integer delay = slowPaths.entrySet().stream()
                    .filter(e -> uri.getPath().endsWith(e.getKey()))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
            exchange.sendResponseHeaders(200, content.length);
            OutputStream body = exchange.getResponseBody();
            if (delay == null) {
                body.write(content);
                return;
            }
            slowTransferStarted.countDown();
            try {
                for (byte b : content) {
                    if (stopped) {
                        return;
                    }
                    body.write(b);
                    body.flush();
                    Thread.sleep(delay);
                }
            } catch (IOException e) {
                slowTransferAborted.countDown();
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Path resolve(String path) {
        Path candidate = root.resolve(path.replaceFirst("^/+", "")).normalize();
        return candidate.startsWith(root) ? candidate : null;
    }

    @Override
    public void close() {
        stopped = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
