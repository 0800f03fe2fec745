package io.jfairing.fairing.cli.metadata;

import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.metadata.MetadataStore;
import picocli.CommandLine.Option;

/** Which runs to list: {@code %metadata runs} and {@code jfairing metadata runs}. */
public final class RunsOptions {
    @Option(
            names = {"-e", "--experiment"},
            paramLabel = "NAME",
            description = "Only this experiment (default: every experiment).")
    public String experiment;

    @Option(
            names = {"-f", "--filter"},
            paramLabel = "FILTER",
            description = "e.g. \"metrics.accuracy > 0.9 and params.lr = '0.01'\"")
    public String filter;

    @Option(
            names = {"-o", "--order"},
            paramLabel = "ORDER",
            description = "e.g. \"metrics.accuracy DESC\" (default: start time, newest first)")
    public String order;

    @Option(
            names = {"-n", "--limit"},
            defaultValue = "20",
            description = "At most this many runs (default: ${DEFAULT-VALUE}).")
    public int limit;

    /** The runs of {@code store} (at {@code location}, for the caption) these options choose. */
    public ResultTable table(MetadataStore store, String location) throws UsageException {
        if (limit < 1 || limit > 1000) {
            throw new UsageException("--limit must be between 1 and 1000, got " + limit);
        }
        return RunTables.runs(
                store.searchRuns(RunTables.query(experiment, filter, order, limit))
                        .items(),
                "runs in " + location);
    }
}
