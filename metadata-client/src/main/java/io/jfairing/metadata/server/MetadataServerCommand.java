package io.jfairing.metadata.server;

import io.jfairing.metadata.LogBuffering;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.store.sqlite.PostgresLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jfairing-metadata serve --db PATH --host 127.0.0.1 --port 8765 --token-file F}: serves a SQLite store
 * over HTTP until stopped (SIGTERM / Ctrl-C). The only class that uses picocli, which is an optional dependency.
 *
 * <p>A start that cannot go ahead prints one line, {@code jfairing-metadata: error: ...}, and exits 2 for wrong
 * options (a missing or empty token file, an address off loopback without a token) or 1 when the database or the
 * address cannot be used; a refused start leaves no database file behind.
 */
@Command(
        name = "jfairing-metadata",
        mixinStandardHelpOptions = true,
        version = "jfairing-metadata 0.1.0",
        description = "Serve a jfairing metadata store over HTTP.",
        subcommands = {MetadataServerCommand.Serve.class})
public final class MetadataServerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: serve");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code (0 after a clean stop). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new MetadataServerCommand());
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description = "Serve the store over the REST API described at /openapi.yaml.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--db",
                paramLabel = "PATH",
                description = "SQLite file (default: $JFAIRING_HOME/metadata.db or ~/.jfairing/metadata.db)")
        Path db;

        @Option(
                names = "--database",
                paramLabel = "URI",
                description = "the store instead of --db: postgresql://USER@HOST:PORT/DATABASE (password in"
                        + " $JFAIRING_METADATA_DB_PASSWORD or $PGPASSWORD) or a SQLite path")
        String database;

        @Option(
                names = "--host",
                defaultValue = "127.0.0.1",
                description = "address to bind (default: ${DEFAULT-VALUE}); any other than loopback needs --token-file")
        String host;

        @Option(names = "--port", defaultValue = "8765", description = "port (default: ${DEFAULT-VALUE}; 0: any free)")
        int port;

        @Option(
                names = "--token-file",
                paramLabel = "FILE",
                description =
                        "file holding the bearer token that writes must carry (default: $JFAIRING_METADATA_TOKEN)")
        Path tokenFile;

        @Option(names = "--protect-reads", description = "require the token for reads too (always so off loopback)")
        boolean protectReads;

        @Option(names = "--threads", defaultValue = "8", description = "request threads (default: ${DEFAULT-VALUE})")
        int threads;

        @Option(
                names = "--max-connections",
                defaultValue = "512",
                paramLabel = "N",
                description = "open connections at most (default: ${DEFAULT-VALUE}; half of them per client address)")
        int maxConnections;

        @Option(
                names = "--allowed-host",
                paramLabel = "NAME[:PORT]",
                description = "a Host the server answers to besides its loopback names (repeatable; '*': any)")
        List<String> allowedHosts = new ArrayList<>();

        @Option(
                names = "--allowed-origin",
                paramLabel = "ORIGIN",
                description = "a web page origin allowed to call the server, e.g. https://ui.example (repeatable)")
        List<String> allowedOrigins = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String token = null;
            if (tokenFile == null) {
                String fromEnv = System.getenv(MetadataStore.ENV_TOKEN);
                token = fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
            } else {
                try {
                    token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
                } catch (NoSuchFileException e) {
                    return fail(err, 2, "token file " + tokenFile + " does not exist");
                } catch (IOException | RuntimeException e) {
                    return fail(err, 2, "cannot read token file " + tokenFile + ": " + describe(e));
                }
                if (token.isEmpty()) {
                    return fail(err, 2, "token file " + tokenFile + " is empty");
                }
            }
            MetadataServer.Builder options;
            try {
                options = MetadataServer.builder(null)
                        .host(host)
                        .port(port)
                        .token(token)
                        .protectReads(protectReads)
                        .threads(threads)
                        .maxConnections(maxConnections, Math.max(1, maxConnections / 2))
                        .allowedHosts(allowedHosts)
                        .allowedOrigins(allowedOrigins);
                options.check(); // before the file is opened: a refused start creates nothing
            } catch (IllegalArgumentException e) {
                return fail(err, 2, e.getMessage());
            }
            if (database != null && db != null) {
                return fail(err, 2, "give --db or --database, not both");
            }
            if (database != null && PostgresLocation.isPostgres(database)) {
                return serve(out, err, options, token, database);
            }
            Path file =
                    database != null ? Path.of(database) : db != null ? db : MetadataStore.defaultFile(System.getenv());
            if (Files.isDirectory(file)) {
                return fail(err, 1, "cannot open database " + file + ": it is a directory");
            }
            boolean existed = Files.exists(file);
            MetadataStore store;
            try {
                store = MetadataStore.open(file);
            } catch (RuntimeException e) {
                if (!existed) {
                    deleteCreated(file);
                }
                String why = describe(e);
                return fail(err, 1, why.contains(file.toString()) ? why : "cannot open database " + file + ": " + why);
            }
            MetadataServer server;
            try {
                server = options.store(store).start();
            } catch (RuntimeException e) {
                store.close();
                if (!existed) {
                    deleteCreated(file);
                }
                return fail(err, 1, describe(e));
            }
            return awaitStop(out, server, store, file.toAbsolutePath().toString(), token);
        }

        /** Serves a PostgreSQL database (nothing to clean up when it cannot be opened). */
        private int serve(PrintWriter out, PrintWriter err, MetadataServer.Builder options, String token, String uri) {
            MetadataStore store;
            PostgresLocation location;
            try {
                location = PostgresLocation.parse(uri, System.getenv());
                store = io.jfairing.metadata.store.sqlite.SqliteMetadataStore.openPostgres(
                        location, LogBuffering.DEFAULT, java.time.Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                return fail(err, 1, describe(e));
            }
            MetadataServer server;
            try {
                server = options.store(store).start();
            } catch (RuntimeException e) {
                store.close();
                return fail(err, 1, describe(e));
            }
            return awaitStop(out, server, store, location.toString(), token);
        }

        private static int awaitStop(
                PrintWriter out, MetadataServer server, MetadataStore store, String what, String token) {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                server.close();
                                store.close();
                                stopped.countDown();
                            },
                            "jfairing-metadata-shutdown"));
            out.println("jfairing-metadata serving " + what + " at " + server.url()
                    + (token == null
                            ? " (no token: loopback only)"
                            : server.protectsReads()
                                    ? " (reads and writes need the bearer token)"
                                    : " (writes need the bearer token)")
                    + "; dashboard at " + server.url() + "/ui/");
            out.flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }

        private static int fail(PrintWriter err, int code, String message) {
            err.println("jfairing-metadata: error: " + message);
            err.flush();
            return code;
        }

        /** The first line of what went wrong, without the exception class names. */
        private static String describe(Throwable e) {
            Throwable t = e;
            String m = t.getMessage();
            while ((m == null || m.isBlank()) && t.getCause() != null) {
                t = t.getCause();
                m = t.getMessage();
            }
            if (m == null || m.isBlank()) {
                m = t.getClass().getSimpleName();
            }
            int nl = m.indexOf('\n');
            return nl < 0 ? m : m.substring(0, nl);
        }

        /** Removes the file (and SQLite's side files) that a failed start created. */
        private static void deleteCreated(Path file) {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                try {
                    Files.deleteIfExists(Path.of(file + suffix));
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
