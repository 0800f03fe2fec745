package io.jfairing.fairing.cli.metadata;

import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.metadata.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which runs to compare, by id or by a query: {@code %metadata compare} and {@code jfairing metadata compare}. */
public final class CompareOptions {
    @Parameters(paramLabel = "RUN_ID", arity = "0..*", description = "Run ids (see runs).")
    public List<Long> runIds = new ArrayList<>();

    @Option(
            names = {"-e", "--experiment"},
            paramLabel = "NAME",
            description = "Without ids: runs of this experiment.")
    public String experiment;

    @Option(
            names = {"-f", "--filter"},
            paramLabel = "FILTER",
            description = "Without ids: runs matching this filter.")
    public String filter;

    @Option(
            names = {"-o", "--order"},
            paramLabel = "ORDER",
            description = "Without ids: the order that picks the first -n runs.")
    public String order;

    @Option(
            names = {"-n", "--limit"},
            defaultValue = "2",
            description = "Without ids: how many runs (default: ${DEFAULT-VALUE}).")
    public int limit;

    /** The comparison of the runs of {@code store} these options choose. */
    public ResultTable table(MetadataStore store) throws UsageException {
        List<Long> ids = RunTables.chooseRuns(store, runIds, experiment, filter, order, limit);
        return RunTables.comparison(store.compareRuns(ids));
    }
}
