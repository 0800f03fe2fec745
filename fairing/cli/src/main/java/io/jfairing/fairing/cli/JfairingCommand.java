package io.jfairing.fairing.cli;

import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.cli.project.ConfigException;
import io.jfairing.metadata.MetadataException;
import io.jfairing.metadata.server.MetadataServerCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jfairing}: the one command line. Each subcommand is the twin of a magic ({@code %fairing train} is
 * {@code jfairing train}, {@code %metadata runs} is {@code jfairing metadata runs}) and calls the same code; list and
 * status commands take {@code --output json} for scripts. Modules above fairing add theirs through
 * {@link SubcommandProvider} ({@code images}, {@code notebook}, {@code kernel install}).
 *
 * <pre>
 * jfairing train train.ipynb --backend local -p epochs=20
 * jfairing jobs --output json
 * jfairing metadata runs --experiment wine
 * jfairing build train.ipynb --image 127.0.0.1:5000/train:latest --base 127.0.0.1:5000/jfairing/jre:17 --insecure
 * jfairing serve deploy iris.ipynb --name iris --model-uri /models/iris.txt                  (local, until Ctrl-C)
 * source &lt;(jfairing completion)
 * </pre>
 */
@Command(
        name = "jfairing",
        mixinStandardHelpOptions = true,
        version = "jfairing 0.1.0",
        description = "From a notebook to an image, a training job, a tuning sweep, a served model and tracked runs.",
        subcommands = {
            ConfigCommand.class,
            BuildCommand.class,
            BaseImageCommand.class,
            TrainCommand.class,
            TuneCommand.class,
            JobCommands.Jobs.class,
            JobCommands.Status.class,
            JobCommands.Logs.class,
            JobCommands.Delete.class,
            ServeCommand.class,
            PipelineCommand.class,
            MetadataCommand.class
        })
public final class JfairingCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a subcommand is required: "
                        + String.join(
                                ", ",
                                spec.subcommands().keySet().stream()
                                        .filter(n -> !n.equals("help"))
                                        .toList()));
    }

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("jdk.jshell").isEmpty()
                || ModuleLayer.boot().findModule("jdk.compiler").isEmpty()) {
            System.err.println(
                    "jfairing: error: jfairing compiles notebooks, so it needs a JDK (jdk.jshell, jdk.compiler),"
                            + " not a JRE: run it with the JDK's java");
            System.exit(2);
        }
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (0 ok, 1 failure, 2 bad usage). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with its output and errors going to {@code out} and {@code err}. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(commandLine(), out, err, args);
    }

    /**
     * The whole command: fairing's subcommands, the metadata server, those of every {@link SubcommandProvider} on the
     * class path, {@code completion} and {@code help}.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new JfairingCommand());
        CommandLine metadata = commandLine.getSubcommands().get("metadata");
        metadata.addSubcommand(
                "serve",
                new CommandLine(new MetadataServerCommand()).getSubcommands().get("serve"));
        for (SubcommandProvider provider : providers()) {
            provider.subcommands().forEach(commandLine::addSubcommand);
        }
        commandLine.addSubcommand("completion", new CompletionCommand());
        commandLine.addSubcommand("help", new CommandLine.HelpCommand());
        return commandLine.setCaseInsensitiveEnumValuesAllowed(
                true); // after the last subcommand: it applies to those added
    }

    private static List<SubcommandProvider> providers() {
        List<SubcommandProvider> providers = new ArrayList<>();
        ServiceLoader.load(SubcommandProvider.class, JfairingCommand.class.getClassLoader())
                .forEach(providers::add);
        return providers;
    }

    /** Runs {@code commandLine} (from {@link #commandLine()}, perhaps with a subcommand replaced by a test). */
    public static int execute(CommandLine commandLine, PrintWriter out, PrintWriter err, String... args) {
        List<SubcommandProvider> providers = providers();
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof UsageException) {
                cmd.getErr().println("jfairing: error: " + e.getMessage());
                cmd.usage(cmd.getErr());
                return 2;
            }
            if (e instanceof FairingException
                    || e instanceof ConfigException
                    || e instanceof MetadataException
                    || providers.stream().anyMatch(p -> p.isUserError(e))) {
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
