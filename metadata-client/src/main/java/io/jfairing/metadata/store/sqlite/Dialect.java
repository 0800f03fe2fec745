package io.jfairing.metadata.store.sqlite;

import java.util.regex.Pattern;

/**
 * The SQL the store writes is SQLite's; on PostgreSQL each statement is translated once (statements are cached by
 * their SQLite text): {@code INSERT OR IGNORE} becomes {@code ON CONFLICT DO NOTHING}, {@code IS ?} {@code IS NOT DISTINCT FROM ?},
 * {@code last_insert_rowid()}
 * {@code lastval()}, ids {@code BIGSERIAL}, {@code INTEGER} {@code BIGINT} (SQLite's integers are 64-bit),
 * {@code REAL} {@code DOUBLE PRECISION}, and {@code WITHOUT ROWID} goes.
 */
enum Dialect {
    SQLITE,
    POSTGRESQL;

    private static final Pattern ID_COLUMN = Pattern.compile("\\bid INTEGER PRIMARY KEY\\b");
    private static final Pattern INTEGER = Pattern.compile("\\bINTEGER\\b");
    private static final Pattern REAL = Pattern.compile("\\bREAL\\b");

    String translate(String sql) {
        if (this == SQLITE) {
            return sql;
        }
        String s = sql;
        if (s.startsWith("INSERT OR IGNORE INTO")) {
            s = "INSERT INTO" + s.substring("INSERT OR IGNORE INTO".length()) + " ON CONFLICT DO NOTHING";
        }
        s = s.replace(" IS ?", " IS NOT DISTINCT FROM ?"); // SQLite's null-safe equality
        if (s.equals("SELECT last_insert_rowid()")) {
            return "SELECT lastval()";
        }
        if (s.startsWith("CREATE TABLE")) {
            s = ID_COLUMN.matcher(s).replaceAll("id BIGSERIAL PRIMARY KEY");
            s = INTEGER.matcher(s).replaceAll("BIGINT");
            s = REAL.matcher(s).replaceAll("DOUBLE PRECISION");
            s = s.replace(" WITHOUT ROWID", "");
        }
        return s;
    }

    /** Starts a write transaction: SQLite's takes the file's write lock; PostgreSQL's the store's advisory lock. */
    String[] beginWrite() {
        return this == SQLITE
                ? new String[] {"BEGIN IMMEDIATE"}
                // writers take turns as on SQLite (one lock for the store), so read-then-write code stays correct
                : new String[] {"BEGIN", "SELECT pg_advisory_xact_lock(7262960185)"};
    }

    /** Starts a read transaction that sees one consistent snapshot. */
    String beginRead() {
        return this == SQLITE ? "BEGIN" : "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY";
    }
}
