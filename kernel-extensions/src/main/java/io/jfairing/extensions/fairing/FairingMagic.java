package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.extensions.magic.MagicCommandLine;
import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.cli.project.ConfigException;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.CellMagic;
import io.jfairing.kernel.spi.LineMagic;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.MagicUsageException;
import io.jfairing.kernel.spi.Session;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * {@code %fairing} and {@code %%fairing}: configure, build, train, tune, serve and watch from a cell. Parses the
 * arguments and shows progress and results; the work is {@code fairing}'s.
 */
public final class FairingMagic implements LineMagic, CellMagic, AutoCloseable {
    /** Subcommands that take a cell body with {@code %%fairing}. */
    private static final Set<String> CELL_COMMANDS = Set.of("train", "tune", "build", "serve");

    private final Workspace workspace;
    private final FairingState state;
    private final ThreadLocal<String> body = new ThreadLocal<>();
    private final Session session;

    public FairingMagic(Workspace workspace, Session session) {
        this.workspace = workspace;
        this.session = session;
        this.state = new FairingState(workspace, session);
    }

    @Override
    public Object run(MagicCall call) throws Exception {
        return execute(call.arguments());
    }

    @Override
    public Object run(MagicCall call, String cellBody) throws Exception {
        List<String> args = call.arguments();
        if (!args.isEmpty() && args.get(0).equals("step")) {
            return step(args.subList(1, args.size()), cellBody);
        }
        if (args.isEmpty() || !CELL_COMMANDS.contains(args.get(0))) {
            throw new MagicUsageException(
                    "fairing",
                    "%%fairing takes the cell body for "
                            + String.join(", ", CELL_COMMANDS.stream().sorted().toList()) + " and step"
                            + (args.isEmpty() ? "" : ", not '" + args.get(0) + "'"),
                    commandLine().usage());
        }
        body.set(cellBody);
        try {
            return execute(args);
        } finally {
            body.remove();
        }
    }

    /**
     * {@code %%fairing step NAME [--after A,B] ...}: in the kernel the cell runs as any other (its first line marks it
     * as a pipeline step for {@code %fairing pipeline}); bad step arguments are an error before it runs.
     */
    private Object step(List<String> arguments, String cellBody) throws Exception {
        try {
            io.jfairing.fairing.pipeline.NotebookPipeline.stepTags(String.join(" ", arguments));
        } catch (FairingException e) {
            throw new CellException("PipelineException", "%%fairing step: " + e.getMessage());
        }
        return session.evaluate(cellBody);
    }

    /** The cell body of the {@code %%fairing} call running on this thread, or null for a line magic. */
    String cellBody() {
        return body.get();
    }

    private Object execute(List<String> arguments) throws Exception {
        try {
            return commandLine().run(arguments, System.out).orElse(null);
        } catch (FairingException e) {
            if (interrupted(e)) {
                throw new CellException(
                        "Interrupted",
                        "%fairing: interrupted: " + e.getMessage() + "; nothing was tagged"
                                + " in the registry and no job was created (layers already sent stay there and the next build reuses them)");
            }
            throw new CellException(e.getClass().getSimpleName(), "%fairing: " + e.getMessage());
        } catch (ConfigException e) {
            throw new CellException(e.getClass().getSimpleName(), "%fairing: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.interrupted();
            throw new CellException("Interrupted", "%fairing: interrupted");
        }
    }

    /** Whether {@code e} came from an interrupt (the flag is cleared: the kernel goes on with the next cell). */
    private static boolean interrupted(Throwable e) {
        boolean flag = Thread.interrupted();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return flag;
    }

    MagicCommandLine commandLine() {
        return new MagicCommandLine("fairing", new Root())
                .addSubcommand("config", new ConfigMagic(workspace))
                .addSubcommand("build", new BuildMagic(workspace, state))
                .addSubcommand("train", new TrainMagic(workspace, state, cellBody()))
                .addSubcommand("tune", new TuneMagic(workspace, state, cellBody()))
                .addSubcommand("serve", new ServeMagic(workspace, state, cellBody()))
                .addSubcommand("predict", new PredictMagic(state))
                .addSubcommand("pipeline", PipelineMagic.commandLine(workspace))
                .addSubcommand("jobs", new JobMagics.Jobs(state))
                .addSubcommand("status", new JobMagics.Status(state))
                .addSubcommand("logs", new JobMagics.Logs(workspace, state))
                .addSubcommand("delete", new JobMagics.Delete(workspace, state));
    }

    @Command(
            name = "%fairing",
            description = {
                "From a notebook cell to a container image, a training job, a tuning sweep and a served model.",
                "Run '%%fairing COMMAND --help' for a command's options."
            })
    static final class Root {}

    /**
     * Adds the sections of this session to the jfairing panel: its jobs (then {@code recordedJobs}, those of the
     * project's store), their logs and actions, its sweeps, the models it serves and predictions.
     */
    public void registerPanel(
            io.jfairing.kernel.spi.KernelContext context,
            java.util.function.Supplier<java.util.List<java.util.Map<String, Object>>> recordedJobs) {
        new SessionPanel(state, recordedJobs).register(context);
    }

    @Override
    public void close() {
        state.close();
    }
}
