package io.jfairing.fairing.cli;

import io.jfairing.fairing.cli.metadata.AliasOptions;
import io.jfairing.fairing.cli.metadata.CompareOptions;
import io.jfairing.fairing.cli.metadata.LineageOptions;
import io.jfairing.fairing.cli.metadata.LogOptions;
import io.jfairing.fairing.cli.metadata.ModelsOptions;
import io.jfairing.fairing.cli.metadata.RegisterOptions;
import io.jfairing.fairing.cli.metadata.RunsOptions;
import io.jfairing.fairing.cli.output.OutputOptions;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.metadata.MetadataStore;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jfairing metadata runs|compare|lineage|log|models|register|alias|serve}: the twins of {@code %metadata ...}, and the
 * metadata server. The store is the project's ({@code metadata} setting, else {@code $JFAIRING_METADATA_URI}, else
 * {@code $JFAIRING_HOME/metadata.db}).
 */
@Command(
        name = "metadata",
        mixinStandardHelpOptions = true,
        description =
                "Runs, metrics, models, datasets and lineage in the project's metadata store; serve a store over HTTP.",
        subcommands = {
            MetadataCommand.Runs.class,
            MetadataCommand.Compare.class,
            MetadataCommand.LineageCommand.class,
            MetadataCommand.Log.class,
            MetadataCommand.Models.class,
            MetadataCommand.Register.class,
            MetadataCommand.Alias.class,
            MetadataDeployCommand.class
        })
final class MetadataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a subcommand is required: runs, compare, lineage, log, models, register, alias, deploy or serve");
    }

    /** What the store commands share: the project, and printing a table. */
    abstract static class StoreCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ProjectOption projectOption = new ProjectOption();

        @Mixin
        OutputOptions output = new OutputOptions();

        @Override
        public Integer call() throws Exception {
            try (Project project = projectOption.open(null)) {
                output.print(spec.commandLine().getOut(), table(project, project.metadata()));
                return 0;
            }
        }

        abstract ResultTable table(Project project, MetadataStore store) throws Exception;
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "List runs, newest first.")
    static final class Runs extends StoreCommand {
        @Mixin
        RunsOptions options = new RunsOptions();

        @Override
        ResultTable table(Project project, MetadataStore store) throws Exception {
            return options.table(store, project.metadataLocation());
        }
    }

    @Command(
            name = "compare",
            mixinStandardHelpOptions = true,
            description = {
                "Params and metrics of runs side by side; params that differ come first, marked *. Name the runs, or let a "
                        + "query choose them:",
                "  jfairing metadata compare 12 15 17",
                "  jfairing metadata compare --experiment wine --order \"metrics.loss ASC\" -n 3"
            })
    static final class Compare extends StoreCommand {
        @Mixin
        CompareOptions options = new CompareOptions();

        @Override
        ResultTable table(Project project, MetadataStore store) throws Exception {
            return options.table(store);
        }
    }

    @Command(
            name = "lineage",
            mixinStandardHelpOptions = true,
            description = "What an artifact (model, dataset, metrics) was made from and what was made from it.")
    static final class LineageCommand extends StoreCommand {
        @Mixin
        LineageOptions options = new LineageOptions();

        @Override
        ResultTable table(Project project, MetadataStore store) throws Exception {
            return options.table(store);
        }
    }

    @Command(
            name = "models",
            mixinStandardHelpOptions = true,
            description = {
                "Registered models, or one model's versions with their aliases, runs and deployments.",
                "  jfairing metadata models",
                "  jfairing metadata models wine"
            })
    static final class Models extends StoreCommand {
        @Mixin
        ModelsOptions options = new ModelsOptions();

        @Override
        ResultTable table(Project project, MetadataStore store) {
            return options.table(store);
        }
    }

    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = {
                "Register a run's model as the next version of a registered model (serve it as models:/NAME/VERSION).",
                "  jfairing metadata register wine --run 12 --alias champion"
            })
    static final class Register extends StoreCommand {
        @Mixin
        RegisterOptions options = new RegisterOptions();

        @Override
        ResultTable table(Project project, MetadataStore store) throws Exception {
            return options.register(store, null);
        }
    }

    @Command(
            name = "alias",
            mixinStandardHelpOptions = true,
            description = {
                "Point an alias at a version (moving it in one step), show where it points, or remove it.",
                "  jfairing metadata alias wine champion 3",
                "  jfairing metadata alias wine champion --remove"
            })
    static final class Alias extends StoreCommand {
        @Mixin
        AliasOptions options = new AliasOptions();

        @Override
        ResultTable table(Project project, MetadataStore store) throws Exception {
            return options.apply(store);
        }
    }

    @Command(
            name = "log",
            mixinStandardHelpOptions = true,
            description = {
                "Log quick notes into a run: numbers become metrics, other values params.",
                "  jfairing metadata log --run 12 accuracy=0.93 model=knn",
                "  jfairing metadata log --run 12 --note \"baseline before feature scaling\""
            })
    static final class Log implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ProjectOption projectOption = new ProjectOption();

        @Mixin
        LogOptions options = new LogOptions();

        @Option(
                names = "--run",
                required = true,
                paramLabel = "RUN_ID",
                description = "The run to log into (see jfairing metadata runs).")
        long runId;

        @Override
        public Integer call() throws Exception {
            options.check();
            try (Project project = projectOption.open(null)) {
                spec.commandLine()
                        .getOut()
                        .println(options.logInto(project.metadata().attachRun(runId)));
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }
}
