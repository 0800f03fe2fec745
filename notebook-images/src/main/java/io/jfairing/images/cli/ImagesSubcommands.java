package io.jfairing.images.cli;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jfairing.fairing.cli.JfairingCommand;
import io.jfairing.fairing.cli.SubcommandProvider;
import io.jfairing.images.server.NotebookServerException;
import io.jfairing.images.spec.SpecException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The subcommands this module adds to {@code jfairing} (fairing cannot know them: this module depends on fairing, never
 * the other way): {@code images build|list|diff}, {@code notebook create|list|start|stop|delete} and
 * {@code kernel install}. Found by {@link java.util.ServiceLoader} when this module's jar is on the class path, as in
 * {@code notebook-images/target/jfairing-images.jar}, the complete tool {@code bin/jfairing} runs.
 */
public final class ImagesSubcommands implements SubcommandProvider {
    @Override
    public Map<String, Object> subcommands() {
        Map<String, Object> commands = new LinkedHashMap<>();
        commands.put("images", new ImagesCommand());
        commands.put("notebook", new NotebookCommand(() -> new KubernetesClientBuilder().build()));
        commands.put("kernel", new KernelCommand());
        return commands;
    }

    @Override
    public boolean isUserError(Throwable failure) {
        return failure instanceof SpecException
                || failure instanceof NotebookServerException
                || failure instanceof IOException;
    }

    /** The whole command line with {@code notebook} talking to the cluster {@code notebook} was given (tests). */
    static int execute(NotebookCommand notebook, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = JfairingCommand.commandLine();
        commandLine.getCommandSpec().removeSubcommand("notebook");
        commandLine.addSubcommand("notebook", notebook);
        return JfairingCommand.execute(commandLine, out, err, args);
    }
}
