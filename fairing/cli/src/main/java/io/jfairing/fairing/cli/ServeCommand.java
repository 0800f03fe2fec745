package io.jfairing.fairing.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jfairing serve deploy|predict|logs|promote|rollback|delete}: serve a notebook's Predictor. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves a notebook's Predictor over KServe's V1 and V2 protocols: in a local process, a podman "
                    + "container, a KServe InferenceService or a Deployment and Service."
        },
        subcommands = {
            ServeDeployCommand.class,
            ServePredictCommand.class,
            ServeClusterCommand.Logs.class,
            ServeClusterCommand.Promote.class,
            ServeClusterCommand.Rollback.class,
            ServeClusterCommand.Delete.class
        })
final class ServeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: deploy, predict, logs, promote, rollback or delete");
    }
}
