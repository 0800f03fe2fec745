package io.jfairing.metadata.bench;

import io.jfairing.metadata.LogBuffering;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.store.sqlite.PostgresLocation;
import io.jfairing.metadata.store.sqlite.SqliteMetadataStore;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Copies a SQLite store into an empty PostgreSQL store, table by table with PostgreSQL's {@code COPY}, for the
 * benchmarks: seeding 100,000 runs through the API ({@link StoreSeeder}) takes about 10 minutes on SQLite but hours
 * on PostgreSQL on a busy 2-core machine (each run is several write transactions of tens of round trips), and the
 * same rows make the two stores comparable. The PostgreSQL schema is made by the store's own migrations first; the
 * tables are copied in the order they were created (a table only refers to earlier ones), then the id sequences
 * are moved past the copied ids and the tables analysed. The PostgreSQL store must hold no runs, experiments or
 * artifacts yet.
 *
 * <pre>
 * JFAIRING_METADATA_DB_PASSWORD=... java -cp ... io.jfairing.metadata.bench.StoreCopy /tmp/big.db \
 *     postgresql://jfairing@127.0.0.1:5432/bench
 * </pre>
 */
public final class StoreCopy {
    private static final int ROWS_PER_COPY = 50_000;

    private StoreCopy() {}

    /** Copies every row of the store file {@code sqlite} into the (empty) PostgreSQL store {@code postgresUri}. */
    public static void copy(Path sqlite, String postgresUri, String password) throws SQLException, IOException {
        if (!Files.isRegularFile(sqlite)) {
            throw new IllegalArgumentException("no SQLite store at " + sqlite);
        }
        // both schemas at the newest version, made by the store itself
        MetadataStore.open(sqlite).close();
        Map<String, String> env = password == null ? Map.of() : Map.of(PostgresLocation.ENV_PASSWORD, password);
        PostgresLocation location = PostgresLocation.parse(postgresUri, env);
        SqliteMetadataStore.openPostgres(location, LogBuffering.DEFAULT, Duration.ofSeconds(30))
                .close();
        try (Connection from = DriverManager.getConnection("jdbc:sqlite:" + sqlite.toAbsolutePath());
                Connection to = location.connect()) {
            List<String> tables = tables(from);
            to.setAutoCommit(false);
            try (Statement s = to.createStatement();
                    ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM execution)"
                            + " OR EXISTS (SELECT 1 FROM context) OR EXISTS (SELECT 1 FROM artifact)")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    throw new IllegalStateException(postgresUri + " is not an empty store: copy into a new database");
                }
            }
            try (Statement s = to.createStatement()) {
                // what the migrations wrote (the system types) comes again from the file, with the file's ids
                s.execute("TRUNCATE " + String.join(", ", tables) + " CASCADE");
            }
            for (String table : tables) {
                long rows = copyTable(from, to, table);
                System.err.printf(Locale.ROOT, "%s: %,d rows%n", table, rows);
            }
            to.commit();
            to.setAutoCommit(true);
            try (Statement s = to.createStatement()) {
                for (String table : tables) {
                    if (hasId(from, table)) {
                        s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'),"
                                + " (SELECT COALESCE(MAX(id), 0) + 1 FROM " + table + "), false)");
                    }
                }
                s.execute("ANALYZE");
            }
        }
    }

    /** The store's tables in the order they were created; not the schema version, which the migrations wrote. */
    private static List<String> tables(Connection from) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = from.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                        + " AND name NOT LIKE 'sqlite%' AND name != 'schema_version' ORDER BY rowid")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static boolean hasId(Connection from, String table) throws SQLException {
        try (Statement s = from.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pragma_table_info('" + table + "') WHERE name = 'id'")) {
            return rs.next();
        }
    }

    private static long copyTable(Connection from, Connection to, String table) throws SQLException, IOException {
        long rows = 0;
        try (Statement s = from.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            int n = meta.getColumnCount();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                columns.add(meta.getColumnName(i));
            }
            String copy = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
            StringBuilder chunk = new StringBuilder();
            int inChunk = 0;
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    if (i > 1) {
                        chunk.append('\t');
                    }
                    text(chunk, rs.getObject(i));
                }
                chunk.append('\n');
                rows++;
                if (++inChunk == ROWS_PER_COPY) {
                    send(to, copy, chunk);
                    inChunk = 0;
                }
            }
            if (inChunk > 0) {
                send(to, copy, chunk);
            }
        }
        return rows;
    }

    private static void send(Connection to, String copy, StringBuilder chunk) throws SQLException, IOException {
        try (Reader r = new StringReader(chunk.toString())) {
            ((PGConnection) to).getCopyAPI().copyIn(copy, r);
        }
        chunk.setLength(0);
    }

    /** A value in COPY's text format. */
    private static void text(StringBuilder out, Object v) {
        if (v == null) {
            out.append("\\N");
        } else if (v instanceof byte[] bytes) {
            out.append("\\\\x").append(HexFormat.of().formatHex(bytes));
        } else if (v instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.append(ch);
                }
            }
        } else {
            out.append(v); // Integer, Long, Double (Infinity and NaN as PostgreSQL spells them)
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: StoreCopy SQLITE_FILE postgresql://USER@HOST:PORT/DATABASE (password in "
                    + PostgresLocation.ENV_PASSWORD + ")");
            System.exit(2);
        }
        long start = System.nanoTime();
        copy(Path.of(args[0]), args[1], System.getenv(PostgresLocation.ENV_PASSWORD));
        System.out.printf(
                Locale.ROOT, "copied %s into %s in %.0f s%n", args[0], args[1], (System.nanoTime() - start) / 1e9);
    }
}
