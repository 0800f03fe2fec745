package io.jfairing.metadata.pg;

import io.jfairing.metadata.LogBuffering;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.store.sqlite.PostgresLocation;
import io.jfairing.metadata.store.sqlite.SqliteMetadataStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server of Debian's {@code postgresql} package for the tests: {@code initdb} into a temporary
 * folder (as the {@code postgres} user when the tests run as root; PostgreSQL refuses root), password authentication,
 * {@code pg_ctl} on 127.0.0.1 and a free port. One server for the whole test JVM, each test in a database of its own.
 */
public final class PostgresServer {
    public static final String USER = "jfairing";
    private static final String PASSWORD = "pg-test-" + Long.toHexString(System.nanoTime());
    private static PostgresServer shared;

    private final Path dir;
    private final Path bin;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    /** The server of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() throws Exception {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-stop"));
        }
        return shared;
    }

    /** The folder of {@code initdb} and {@code pg_ctl} (Debian keeps them off PATH). */
    static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException(
                    "PostgreSQL is not installed (bin/setup-deps installs Debian's postgresql)");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + root));
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static PostgresServer start() throws Exception {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("jfairing-pg-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, PASSWORD + "\n");
        if (root()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        }
        Path data = dir.resolve("data");
        asServerUser(List.of(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                USER,
                "--pwfile=" + pwfile,
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync"));
        Files.deleteIfExists(pwfile);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        asServerUser(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                dir.resolve("log").toString(),
                "-o",
                "-k " + dir + " -p " + port + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "-w",
                "start"));
        return new PostgresServer(dir, bin, port);
    }

    private static void asServerUser(List<String> command) throws Exception {
        List<String> c = new ArrayList<>();
        if (root()) {
            c.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        c.addAll(command);
        run(c);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    public int port() {
        return port;
    }

    /** A new, empty database; returns its URI (without the password). */
    public String createDatabase() throws SQLException {
        String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = admin();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + name;
    }

    /** The environment that gives the store the password. */
    public static Map<String, String> passwordEnv() {
        return Map.of(PostgresLocation.ENV_PASSWORD, PASSWORD);
    }

    /** A store on a new, empty database. */
    public MetadataStore newStore(LogBuffering buffering) throws SQLException {
        return open(createDatabase(), buffering);
    }

    public static MetadataStore open(String uri, LogBuffering buffering) {
        return SqliteMetadataStore.openPostgres(
                PostgresLocation.parse(uri, passwordEnv()), buffering, Duration.ofSeconds(30));
    }

    /** A plain JDBC connection to the database {@code uri} names (to look at its tables directly). */
    public Connection jdbc(String uri) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/" + uri.substring(uri.lastIndexOf('/') + 1), p);
    }

    private Connection admin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }

    void stop() {
        try {
            asServerUser(List.of(
                    bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop"));
        } catch (Exception e) {
            System.err.println("cannot stop the test PostgreSQL server: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
