package io.jfairing.metadata.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JDBC connection with a small cache of prepared statements. Used by one thread at a time. */
final class Conn implements AutoCloseable {
    private static final int CACHE_SIZE = 64;

    final Connection jdbc;
    final Dialect dialect;
    private final Map<String, PreparedStatement> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > CACHE_SIZE) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    Conn(Connection jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /** A cached prepared statement; its parameters are cleared. Close result sets, not the statement. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
            ps = jdbc.prepareStatement(dialect.translate(sql));
            cache.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    /** The rowid of the last row this connection inserted. */
    long lastInsertId() throws SQLException {
        try (java.sql.ResultSet rs = prepare("SELECT last_insert_rowid()").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void exec(String sql) throws SQLException {
        try (Statement s = jdbc.createStatement()) {
            s.execute(dialect.translate(sql));
        }
    }

    @Override
    public void close() {
        cache.values().forEach(Conn::closeQuietly);
        cache.clear();
        try {
            jdbc.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // evicted
        }
    }
}
