package io.jfairing.images.cli;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.cli.JfairingCommand;
import io.jfairing.images.server.NotebookServerException;
import io.jfairing.images.spec.SpecException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The {@code jfairing} command line with the team image and notebook server commands added to fairing's:
 * {@code jfairing images build|list|diff} and {@code jfairing notebook create|list|start|stop|delete}, beside
 * {@code build} and {@code base-image}. fairing cannot know these commands (notebook-images depends on it, never
 * the other way), so this module's jar ({@code notebook-images/target/jfairing-images.jar}) is the complete tool.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line; returns 0 when it worked, 1 when it failed, 2 for bad usage. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(new NotebookCommand(() -> new KubernetesClientBuilder().build()), out, err, args);
    }

    static int execute(NotebookCommand notebook, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new JfairingCommand())
                .addSubcommand("images", new ImagesCommand())
                .addSubcommand("notebook", notebook);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof SpecException || e instanceof NotebookServerException || e instanceof FairingException
                    || e instanceof IOException) {
                cmd.getErr().println("jfairing: error: " + e.getMessage());
                return 1;
            }
            cmd.getErr().println("jfairing: unexpected failure (a bug in jfairing):");
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return commandLine.execute(args);
    }
}
