package io.jfairing.metadata.store.sqlite;

import io.jfairing.metadata.MetadataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;

/**
 * The SQLite file: one writer connection (writes of this process take turns on it) and a small pool of reader
 * connections. WAL journal, {@code synchronous=NORMAL} (a committed transaction survives a crash of the process;
 * a power cut may lose the last few), a busy timeout, and {@code BEGIN IMMEDIATE} write transactions retried on
 * SQLITE_BUSY until the timeout, so several processes can write at once.
 */
final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int READERS = 4;
    /** Page cache of each reader connection, KiB. */
    static final int READER_CACHE_KIB = 32 * 1024;

    /** Work inside a transaction. */
    interface Work<T> {
        T run(Conn c) throws SQLException;
    }

    private interface Attempt<T> {
        T run() throws SQLException;
    }

    private final Path file;
    private final String url;
    private final Duration timeout;
    private final Dialect dialect;
    /** What messages call the database: the file, or the PostgreSQL server and database. */
    private final String name;

    private final java.util.Properties credentials;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Conn> idleReaders = new ArrayBlockingQueue<>(READERS);
    private final List<Conn> allReaders = new ArrayList<>();
    private Conn writer;
    private int writeDepth;
    private long commits;
    static final int OPTIMIZE_EVERY = 10_000;
    private volatile boolean closed;

    Database(Path file, Duration timeout) {
        this.file = file.toAbsolutePath();
        this.url = "jdbc:sqlite:" + this.file;
        this.timeout = timeout;
        this.dialect = Dialect.SQLITE;
        this.name = this.file.toString();
        this.credentials = null;
        try {
            Path dir = this.file.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new MetadataException("cannot create the directory of " + this.file + ": " + e.getMessage(), e);
        }
        this.writer = open(false);
        optimize("PRAGMA optimize=0x10002");
    }

    /**
     * Keeps the query planner's statistics fresh, as SQLite advises for long-lived connections: at open, then every
     * {@value #OPTIMIZE_EVERY} write transactions, and at close. Without statistics a filtered run search over a
     * large experiment walks every run of it (the experiment index) instead of starting from the runs its
     * conditions select. {@code analysis_limit} bounds each analysis to a sample of each index.
     */
    private void optimize(String pragma) {
        if (dialect != Dialect.SQLITE) {
            return; // PostgreSQL's autovacuum keeps its statistics
        }
        try {
            writer.exec("PRAGMA analysis_limit=1000");
            writer.exec(pragma);
        } catch (SQLException ignored) {
            // best effort: a busy file just keeps the statistics it has
        }
    }

    /**
     * A PostgreSQL database: one writer connection and a pool of readers, as for a file; write transactions take
     * the store's advisory lock, so writers of several processes take turns as they do on SQLite.
     *
     * @param location where it is, for messages (never with the password)
     */
    Database(String jdbcUrl, String location, java.util.Properties credentials, Duration timeout) {
        this.file = null;
        this.url = jdbcUrl;
        this.timeout = timeout;
        this.dialect = Dialect.POSTGRESQL;
        this.name = location;
        this.credentials = credentials;
        this.writer = open(false);
    }

    /** The SQLite file; null on PostgreSQL. */
    Path file() {
        return file;
    }

    /** The database, for messages. */
    String name() {
        return name;
    }

    Dialect dialect() {
        return dialect;
    }

    private Conn open(boolean readOnly) {
        if (dialect == Dialect.POSTGRESQL) {
            return openPostgres(readOnly);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        Connection jdbc;
        try {
            // the driver itself, not DriverManager: DriverManager finds drivers through the context class loader
            // and the caller's, which in a kernel are not this library's (it runs in an extension's class loader)
            jdbc = org.sqlite.JDBC.createConnection(url, config.toProperties());
        } catch (SQLException e) {
            throw new MetadataException("cannot open metadata database " + file + ": " + e.getMessage(), e);
        }
        Conn c = new Conn(jdbc, dialect);
        try {
            // switching to WAL needs a moment alone with the file: retry while another process holds it
            retrying(() -> {
                try (ResultSet rs = jdbc.createStatement().executeQuery("PRAGMA journal_mode=WAL")) {
                    String mode = rs.next() ? rs.getString(1) : "?";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        throw new MetadataException(
                                "cannot switch " + file + " to WAL journal mode (got " + mode + ")");
                    }
                }
                return null;
            });
            if (readOnly) {
                c.exec("PRAGMA query_only=1");
                // a search of a large store reads its pages at random (a page of runs, their params, tags and latest
                // metrics): with SQLite's default 2 MB cache most of them are read again from the file on every
                // search (4 KB pread + copy each): up to a third of a search's CPU at 100,000 runs. The cache grows
                // only as pages are read, so a small store costs no more.
                c.exec("PRAGMA cache_size=-" + READER_CACHE_KIB);
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw translate("cannot open metadata database " + file, e);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private Conn openPostgres(boolean readOnly) {
        java.util.Properties props = new java.util.Properties();
        props.putAll(credentials);
        props.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        props.setProperty("ApplicationName", "jfairing-metadata");
        Connection jdbc;
        try {
            // the driver itself, not DriverManager, which may not see it from an extension's class loader
            jdbc = new org.postgresql.Driver().connect(url, props);
        } catch (NoClassDefFoundError e) {
            throw new MetadataException(
                    "cannot connect to the metadata database " + name
                            + ": the PostgreSQL JDBC driver (org.postgresql:postgresql) is not on the class path",
                    e);
        } catch (SQLException e) {
            throw new MetadataException("cannot connect to the metadata database " + name + ": " + e.getMessage(), e);
        }
        Conn c = new Conn(jdbc, dialect);
        try {
            c.exec("SET lock_timeout = " + Math.max(1, timeout.toMillis()));
            // as SQLite's synchronous=NORMAL here: a commit survives the crash of any process, the server's
            // included; a power cut may lose the last few (PostgreSQL never loses consistency either way)
            c.exec("SET synchronous_commit = off");
            // the store's queries are short: compiling them (JIT) costs more than it saves (about 100 ms a search)
            c.exec("SET jit = off");
            if (readOnly) {
                c.exec("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw translate("cannot set up the metadata database connection " + name, e);
        }
    }

    /**
     * Runs {@code work} in a write transaction ({@code BEGIN IMMEDIATE} .. {@code COMMIT}), retried from the start
     * when the file is busy. Nested calls join the outer transaction. Any exception rolls everything back.
     */
    <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            checkOpen();
            if (writeDepth > 0) {
                try {
                    return work.run(writer);
                } catch (SQLException e) {
                    throw new Retry(e);
                }
            }
            return retrying(() -> {
                for (String begin : dialect.beginWrite()) {
                    writer.exec(begin);
                }
                writeDepth++;
                boolean ok = false;
                try {
                    T result = work.run(writer);
                    writer.exec("COMMIT");
                    ok = true;
                    if (++commits % OPTIMIZE_EVERY == 0) {
                        optimize("PRAGMA optimize");
                    }
                    return result;
                } catch (Retry r) {
                    throw r.getCause();
                } finally {
                    writeDepth--;
                    if (!ok) {
                        rollback(writer);
                    }
                }
            });
        } catch (SQLException e) {
            throw translate("metadata database " + name, e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} in a read transaction (one consistent snapshot) on a reader connection. */
    <T> T read(Work<T> work) {
        return onReader(c -> {
            c.exec(dialect.beginRead());
            try {
                return work.run(c);
            } finally {
                rollback(c);
            }
        });
    }

    /**
     * Runs {@code work} that is a single statement on a reader connection. On PostgreSQL it runs without a
     * transaction of its own (a statement sees one snapshot by itself, and the reader's session is read-only), so
     * it costs one round trip to the server, not three ({@code BEGIN}, the statement, {@code ROLLBACK}). On SQLite
     * it is {@link #read}.
     */
    <T> T readOne(Work<T> work) {
        return dialect == Dialect.SQLITE ? read(work) : onReader(work);
    }

    /** Runs {@code work} on a borrowed reader connection, retrying as {@link #retrying} does. */
    private <T> T onReader(Work<T> work) {
        checkOpen();
        Conn c = borrowReader();
        try {
            return retrying(() -> work.run(c));
        } catch (SQLException e) {
            throw translate("metadata database " + name, e);
        } finally {
            idleReaders.offer(c);
        }
    }

    private Conn borrowReader() {
        Conn c = idleReaders.poll();
        if (c != null) {
            return c;
        }
        synchronized (allReaders) {
            if (allReaders.size() < READERS) {
                Conn fresh = open(true);
                allReaders.add(fresh);
                return fresh;
            }
        }
        try {
            return idleReaders.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataException("interrupted while waiting for a database connection", e);
        }
    }

    private <T> T retrying(Attempt<T> attempt) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int tries = 0;
        while (true) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (!isBusy(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                tries++;
                if (tries == 1 || tries % 20 == 0) {
                    log.debug("{} is busy (try {}), retrying: {}", name, tries, e.getMessage());
                }
                sleepBackoff(tries);
            }
        }
    }

    private static void sleepBackoff(int tries) {
        long max = Math.min(100, 2L << Math.min(tries, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, max + 1));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new MetadataException("interrupted while waiting for a busy database", ie);
        }
    }

    static boolean isBusy(SQLException e) {
        // PostgreSQL: serialization failure, deadlock, lock not available (lock_timeout)
        if (e.getSQLState() != null
                && java.util.Set.of("40001", "40P01", "55P03").contains(e.getSQLState())) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException se) {
                int primary = se.getResultCode().code & 0xff;
                if (primary == 5 || primary == 6) {
                    return true;
                }
            }
            String m = t.getMessage();
            if (m != null
                    && (m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED") || m.contains("database is locked"))) {
                return true;
            }
        }
        return false;
    }

    static boolean isConstraint(SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
            return true; // PostgreSQL: integrity constraint violation
        }
        if (e instanceof SQLiteException se) {
            return (se.getResultCode().code & 0xff) == 19;
        }
        return e.getMessage() != null && e.getMessage().contains("SQLITE_CONSTRAINT");
    }

    private static void rollback(Conn c) {
        try {
            c.exec("ROLLBACK");
        } catch (SQLException e) {
            // "no transaction is active" after a failed BEGIN or a successful COMMIT
        }
    }

    private MetadataException translate(String what, SQLException e) {
        if (isBusy(e)) {
            return new MetadataException(
                    what + " stayed locked by another writer for longer than " + timeout.toMillis() + " ms: "
                            + e.getMessage(),
                    e);
        }
        if (e.getMessage() != null && e.getMessage().contains("SQLITE_NOTADB")) {
            return new MetadataException(file + " is not a SQLite database", e);
        }
        return new MetadataException(what + ": " + e.getMessage(), e);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the metadata store " + name + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writeLock.lock();
        try {
            synchronized (allReaders) {
                allReaders.forEach(Conn::close);
                allReaders.clear();
                idleReaders.clear();
            }
            optimize("PRAGMA optimize");
            writer.close();
        } finally {
            writeLock.unlock();
        }
    }

    /** Carries an SQLException out of a nested {@link #write} so the outer transaction rolls back. */
    private static final class Retry extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Retry(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
