package io.jfairing.fairing.cli.metadata;

import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.registry.ModelVersion;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %metadata alias NAME ALIAS [VERSION]} and its command-line twin: point an alias at a version (moving it
 * atomically), show where it points, or remove it.
 */
public final class AliasOptions {
    @Parameters(index = "0", paramLabel = "NAME", description = "The registered model.")
    public String name;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, for example champion.")
    public String alias;

    @Parameters(
            index = "2",
            arity = "0..1",
            paramLabel = "VERSION",
            description = "The version to point it at (default: show where it points).")
    public Integer version;

    @Option(names = "--remove", description = "Remove the alias.")
    public boolean remove;

    public ResultTable apply(MetadataStore store) throws UsageException {
        if (remove) {
            if (version != null) {
                throw new UsageException("--remove takes no VERSION");
            }
            ModelVersion was = store.registry().aliasTarget(name, alias);
            store.registry().removeAlias(name, alias);
            return ResultTable.properties(
                    "removed " + alias,
                    List.of(
                            List.of("model", name),
                            List.of("alias", alias),
                            List.of("was", was.reference().toString())));
        }
        ModelVersion v = version == null
                ? store.registry().aliasTarget(name, alias)
                : store.registry().setAlias(name, alias, version);
        return ModelTables.version(v);
    }
}
