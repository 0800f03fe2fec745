package io.jfairing.fairing.cli;

import io.jfairing.fairing.cli.metadata.RunTables;
import io.jfairing.fairing.cli.output.OutputOptions;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jfairing metadata runs|compare|lineage|serve}: the twins of {@code %metadata runs|compare|lineage}, and the
 * metadata server. The store is the project's ({@code metadata} setting, else {@code $JFAIRING_METADATA_URI}, else
 * {@code $JFAIRING_HOME/metadata.db}).
 */
@Command(name = "metadata", mixinStandardHelpOptions = true,
        description = "Runs, metrics, models, datasets and lineage in the project's metadata store; serve a store over HTTP.",
        subcommands = {MetadataCommand.Runs.class, MetadataCommand.Compare.class, MetadataCommand.LineageCommand.class})
final class MetadataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: runs, compare, lineage or serve");
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
        @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", description = "Only this experiment (default: every experiment).")
        String experiment;

        @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "e.g. \"metrics.accuracy > 0.9 and params.lr = '0.01'\"")
        String filter;

        @Option(names = {"-o", "--order"}, paramLabel = "ORDER", description = "e.g. \"metrics.accuracy DESC\" (default: start time, newest first)")
        String order;

        @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "At most this many runs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        ResultTable table(Project project, MetadataStore store) throws Exception {
            if (limit < 1 || limit > 1000) {
                throw new UsageException("--limit must be between 1 and 1000, got " + limit);
            }
            List<RunInfo> runs = store.searchRuns(RunTables.query(experiment, filter, order, limit)).items();
            return RunTables.runs(runs, "runs in " + project.metadataLocation());
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, description = {
            "Params and metrics of runs side by side; params that differ come first, marked *. Name the runs, or let a "
                    + "query choose them:",
            "  jfairing metadata compare 12 15 17",
            "  jfairing metadata compare --experiment wine --order \"metrics.loss ASC\" -n 3"})
    static final class Compare extends StoreCommand {
        @Parameters(paramLabel = "RUN_ID", arity = "0..*", description = "Run ids (see jfairing metadata runs).")
        List<Long> runIds = new ArrayList<>();

        @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", description = "Without ids: runs of this experiment.")
        String experiment;

        @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "Without ids: runs matching this filter.")
        String filter;

        @Option(names = {"-o", "--order"}, paramLabel = "ORDER", description = "Without ids: the order that picks the first -n runs.")
        String order;

        @Option(names = {"-n", "--limit"}, defaultValue = "2", description = "Without ids: how many runs (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        ResultTable table(Project project, MetadataStore store) throws Exception {
            List<Long> ids = RunTables.chooseRuns(store, runIds, experiment, filter, order, limit);
            return RunTables.comparison(store.compareRuns(ids));
        }
    }

    @Command(name = "lineage", mixinStandardHelpOptions = true,
            description = "What an artifact (model, dataset, metrics) was made from and what was made from it.")
    static final class LineageCommand extends StoreCommand {
        @Parameters(paramLabel = "ARTIFACT", description = "An artifact id, or a name (the latest artifact of that name).")
        String artifact;

        @Option(names = {"-d", "--direction"}, defaultValue = "BOTH", description = "UPSTREAM, DOWNSTREAM or BOTH (default: ${DEFAULT-VALUE}).")
        LineageDirection direction;

        @Option(names = "--hops", defaultValue = "4", description = "How far to walk (default: ${DEFAULT-VALUE}).")
        int hops;

        @Override
        ResultTable table(Project project, MetadataStore store) throws Exception {
            long id = RunTables.resolveArtifact(store, artifact);
            return RunTables.lineage(id, direction, store.lineage(id, direction, hops));
        }
    }
}
