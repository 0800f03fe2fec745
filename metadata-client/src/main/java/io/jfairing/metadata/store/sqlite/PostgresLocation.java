package io.jfairing.metadata.store.sqlite;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL database named by a URI, {@code postgresql://USER@HOST:PORT/DATABASE?sslmode=require}, and its
 * password: from the environment ({@value #ENV_PASSWORD}, else libpq's {@code PGPASSWORD}) rather than the URI, so
 * that it appears in no command line, manifest or log. {@link #toString()} never shows the password.
 */
public final class PostgresLocation {
    /** Environment variable with the database password (a Kubernetes Secret sets it in the server's pod). */
    public static final String ENV_PASSWORD = "JFAIRING_METADATA_DB_PASSWORD";

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> options;

    private PostgresLocation(
            String host, int port, String database, String user, String password, Map<String, String> options) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.options = Map.copyOf(options);
    }

    /** Whether {@code uri} names a PostgreSQL database ({@code postgresql://} or {@code postgres://}). */
    public static boolean isPostgres(String uri) {
        String u = uri.trim().toLowerCase(Locale.ROOT);
        return u.startsWith("postgresql://") || u.startsWith("postgres://");
    }

    /**
     * Parses the URI; the password comes from the URI's user info when there (discouraged), else from {@code env}.
     *
     * @throws IllegalArgumentException saying what is wrong, without the password
     */
    public static PostgresLocation parse(String uri, Map<String, String> env) {
        URI u;
        try {
            u = new URI(uri.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "invalid PostgreSQL URI (expected postgresql://USER@HOST:PORT/DATABASE): " + e.getReason());
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException(
                    "the PostgreSQL URI names no host: use postgresql://USER@HOST:PORT/DATABASE");
        }
        String path = u.getPath() == null ? "" : u.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException(
                    "the PostgreSQL URI must name one database: postgresql://USER@HOST:PORT/DATABASE");
        }
        String user = null;
        String password = null;
        if (u.getRawUserInfo() != null) {
            String info = u.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (u.getRawQuery() != null) {
            for (String pair : u.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("PostgreSQL URI option '" + pair + "' is not NAME=VALUE");
                }
                String name = decode(pair.substring(0, eq));
                if (name.equals("password") || name.equals("user")) {
                    throw new IllegalArgumentException("give the PostgreSQL " + name + " in the URI's user part or "
                            + ENV_PASSWORD + ", not as an option");
                }
                options.put(name, decode(pair.substring(eq + 1)));
            }
        }
        if (password == null) {
            password = env.getOrDefault(ENV_PASSWORD, env.get("PGPASSWORD"));
        }
        return new PostgresLocation(
                u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), database, user, password, options);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The JDBC URL (without user or password). */
    String jdbcUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    Database database(Duration timeout) {
        return new Database(jdbcUrl(), toString(), properties(), timeout);
    }

    /** A plain JDBC connection with the location's user, password and options (for a tool that copies in bulk). */
    public Connection connect() throws SQLException {
        return new org.postgresql.Driver().connect(jdbcUrl(), properties());
    }

    private Properties properties() {
        Properties props = new Properties();
        options.forEach(props::setProperty);
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }

    /** {@code postgresql://USER@HOST:PORT/DATABASE}: never the password. */
    @Override
    public String toString() {
        return "postgresql://" + (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
    }
}
