package io.jfairing.fairing.cli.metadata;

import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.metadata.MetadataStore;
import picocli.CommandLine.Parameters;

/** {@code %metadata models [NAME]} and {@code jfairing metadata models [NAME]}: the models, or one model's versions. */
public final class ModelsOptions {
    @Parameters(
            paramLabel = "NAME",
            arity = "0..1",
            description = "A registered model: list its versions (default: list the models).")
    public String name;

    public ResultTable table(MetadataStore store) {
        return name == null
                ? ModelTables.models(store.registry().listModels())
                : ModelTables.versions(name, store.registry().listVersions(name));
    }
}
