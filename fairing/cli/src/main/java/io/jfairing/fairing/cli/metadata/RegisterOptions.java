package io.jfairing.fairing.cli.metadata;

import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.registry.VersionSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %metadata register} and {@code jfairing metadata register}: a run's model becomes the next version of a
 * registered model.
 */
public final class RegisterOptions {
    @Parameters(index = "0", paramLabel = "NAME", description = "The registered model (created when missing).")
    public String name;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "The run whose model to register.")
    public Long runId;

    @Option(
            names = "--artifact",
            paramLabel = "ARTIFACT_ID",
            description = "The model artifact, when the run logged several (or to register an artifact alone).")
    public Long artifactId;

    @Option(names = "--description", paramLabel = "TEXT", description = "What this version is.")
    public String description;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag of the version (repeatable).")
    public List<String> tags = List.of();

    @Option(
            names = "--alias",
            paramLabel = "ALIAS",
            description = "Point this alias (for example champion) at the new version.")
    public String alias;

    /**
     * Registers the version and answers it as a table.
     *
     * @param defaultRun the run to take when {@code --run} and {@code --artifact} are not given (the notebook's); may
     *     be null
     */
    public ResultTable register(MetadataStore store, Long defaultRun) throws UsageException {
        Long run = runId != null ? runId : artifactId == null ? defaultRun : null;
        if (run == null && artifactId == null) {
            throw new UsageException("name the model to register: --run RUN_ID (see 'metadata runs') or --artifact ID");
        }
        Map<String, String> tagMap = new LinkedHashMap<>();
        for (String t : tags) {
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--tag '" + t + "' is not KEY=VALUE");
            }
            tagMap.put(t.substring(0, eq), t.substring(eq + 1));
        }
        var version = store.registry().registerVersion(name, new VersionSpec(run, artifactId, description, tagMap));
        if (alias != null) {
            version = store.registry().setAlias(name, alias, version.version());
        }
        return ModelTables.version(version);
    }
}
