package io.jfairing.metadata.server;

import io.jfairing.metadata.MetadataStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jfairing-metadata serve --db PATH --host 127.0.0.1 --port 8765 --token-file F}: serves a SQLite store
 * over HTTP until stopped (SIGTERM / Ctrl-C). The only class that uses picocli, which is an optional dependency.
 */
@Command(
    name = "jfairing-metadata",
    mixinStandardHelpOptions = true,
    version = "jfairing-metadata 0.1.0",
    description = "Serve a jfairing metadata store over HTTP.",
    subcommands = {MetadataServerCommand.Serve.class})
public final class MetadataServerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Serve the store over the REST API described at /openapi.yaml.")
  static final class Serve implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", paramLabel = "PATH",
        description = "SQLite file (default: $JFAIRING_HOME/metadata.db or ~/.jfairing/metadata.db)")
    Path db;

    @Option(names = "--host", defaultValue = "127.0.0.1",
        description = "address to bind (default: ${DEFAULT-VALUE}); any other than loopback needs --token-file")
    String host;

    @Option(names = "--port", defaultValue = "8765", description = "port (default: ${DEFAULT-VALUE}; 0: any free)")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE",
        description = "file holding the bearer token that writes must carry")
    Path tokenFile;

    @Option(names = "--protect-reads", description = "require the token for reads too")
    boolean protectReads;

    @Option(names = "--threads", defaultValue = "8", description = "request threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      String token = null;
      if (tokenFile != null) {
        token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
          throw new CommandLine.ParameterException(spec.commandLine(), "token file " + tokenFile + " is empty");
        }
      }
      Path file = db != null ? db : MetadataStore.defaultFile(System.getenv());
      MetadataStore store = MetadataStore.open(file);
      MetadataServer server;
      try {
        server = MetadataServer.builder(store).host(host).port(port).token(token).protectReads(protectReads)
            .threads(threads).start();
      } catch (RuntimeException e) {
        store.close();
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        store.close();
        stopped.countDown();
      }, "jfairing-metadata-shutdown"));
      out.println("jfairing-metadata serving " + file.toAbsolutePath() + " at " + server.url()
          + (token == null ? " (no token: loopback only)" : " (writes need the bearer token"
              + (protectReads ? ", reads too)" : ")")));
      out.flush();
      stopped.await();
      return 0;
    }
  }
}
