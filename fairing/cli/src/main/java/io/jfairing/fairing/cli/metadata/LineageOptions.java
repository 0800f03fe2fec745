package io.jfairing.fairing.cli.metadata;

import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.MetadataStore;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Whose lineage, which way, how far: {@code %metadata lineage} and {@code jfairing metadata lineage}. */
public final class LineageOptions {
    @Parameters(paramLabel = "ARTIFACT", description = "An artifact id, or a name (the latest artifact of that name).")
    public String artifact;

    @Option(
            names = {"-d", "--direction"},
            defaultValue = "BOTH",
            description = "UPSTREAM, DOWNSTREAM or BOTH (default: ${DEFAULT-VALUE}).")
    public LineageDirection direction;

    @Option(names = "--hops", defaultValue = "4", description = "How far to walk (default: ${DEFAULT-VALUE}).")
    public int hops;

    /** The lineage in {@code store} these options ask for. */
    public ResultTable table(MetadataStore store) throws UsageException {
        long id = RunTables.resolveArtifact(store, artifact);
        return RunTables.lineage(id, direction, store.lineage(id, direction, hops));
    }
}
