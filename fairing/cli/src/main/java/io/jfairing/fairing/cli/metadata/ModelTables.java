package io.jfairing.fairing.cli.metadata;

import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.metadata.registry.ModelVersion;
import io.jfairing.metadata.registry.RegisteredModel;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The registry as tables: models, a model's versions, one version. */
public final class ModelTables {
    private static final DateTimeFormatter TIME = RunTables.TIME;

    private ModelTables() {}

    public static ResultTable models(List<RegisteredModel> models) {
        List<List<String>> rows = new ArrayList<>();
        for (RegisteredModel m : models) {
            rows.add(List.of(
                    m.name(),
                    m.latestVersion() == null ? "" : Integer.toString(m.latestVersion()),
                    aliases(m.aliases()),
                    m.description() == null ? "" : m.description(),
                    TIME.format(Instant.ofEpochMilli(m.updateTime()))));
        }
        return new ResultTable(
                models.size() + " registered model" + (models.size() == 1 ? "" : "s"),
                List.of("model", "latest", "aliases", "description", "updated"),
                rows);
    }

    public static ResultTable versions(String model, List<ModelVersion> versions) {
        List<List<String>> rows = new ArrayList<>();
        for (ModelVersion v : versions) {
            rows.add(List.of(
                    Integer.toString(v.version()),
                    String.join(", ", v.aliases()),
                    v.runId() == null ? "" : Long.toString(v.runId()),
                    v.uri() == null ? "" : v.uri(),
                    String.join(", ", v.deployments()),
                    v.description() == null ? "" : v.description(),
                    TIME.format(Instant.ofEpochMilli(v.createTime()))));
        }
        return new ResultTable(
                model + ": " + versions.size() + " version" + (versions.size() == 1 ? "" : "s"),
                List.of("version", "aliases", "run", "uri", "deployments", "description", "created"),
                rows);
    }

    public static ResultTable version(ModelVersion v) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("reference", v.reference().toString()));
        rows.add(List.of("aliases", String.join(", ", v.aliases())));
        rows.add(List.of("run", v.runId() == null ? "" : Long.toString(v.runId())));
        rows.add(List.of("artifact", Long.toString(v.artifactId())));
        rows.add(List.of("uri", v.uri() == null ? "" : v.uri()));
        rows.add(List.of("deployments", String.join(", ", v.deployments())));
        rows.add(List.of("description", v.description() == null ? "" : v.description()));
        v.tags().forEach((k, val) -> rows.add(List.of("tag " + k, val)));
        return ResultTable.properties(v.model() + " version " + v.version(), rows);
    }

    private static String aliases(Map<String, Integer> aliases) {
        return aliases.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
