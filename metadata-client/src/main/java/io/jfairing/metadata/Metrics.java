package io.jfairing.metadata;

import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.SystemTypes;
import io.jfairing.metadata.mlmd.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluation metrics of a model on a data set, stored as a {@code system.Metrics} artifact. As in KFP, each value
 * is a custom property of the artifact; {@code metrics_type} says which data it was computed on.
 */
public record Metrics(
        String name,
        String uri,
        MetricsType type,
        String description,
        String owner,
        Long dataSetId,
        Long modelId,
        Map<String, Double> values)
        implements LoggableArtifact {

    public Metrics {
        Objects.requireNonNull(name, "name");
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Artifact toArtifact() {
        Artifact.Builder b = Artifact.builder(SystemTypes.METRICS)
                .name(name)
                .uri(uri)
                .property("metrics_type", type == null ? null : type.wireName())
                .property("description", description)
                .property("owner", owner)
                .property("data_set_id", dataSetId)
                .property("model_id", modelId);
        values.forEach(b::customProperty);
        return b.build();
    }

    /** Reads a {@code system.Metrics} artifact back. */
    public static Metrics fromArtifact(Artifact a) {
        Map<String, Double> values = new LinkedHashMap<>();
        a.customProperties().forEach((k, v) -> {
            if (v instanceof Value.DoubleValue d) {
                values.put(k, d.value());
            } else if (v instanceof Value.IntValue i) {
                values.put(k, (double) i.value());
            }
        });
        String type = Dataset.str(a, "metrics_type");
        Value ds = a.property("data_set_id");
        Value model = a.property("model_id");
        return new Metrics(
                a.name(),
                a.uri(),
                type == null ? null : MetricsType.parse(type),
                Dataset.str(a, "description"),
                Dataset.str(a, "owner"),
                ds == null ? null : (Long) ds.raw(),
                model == null ? null : (Long) model.raw(),
                values);
    }

    public static final class Builder {
        private String name;
        private String uri;
        private MetricsType type;
        private String description;
        private String owner;
        private Long dataSetId;
        private Long modelId;
        private final Map<String, Double> values = new LinkedHashMap<>();

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        public Builder type(MetricsType type) {
            this.type = type;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        /** The id of the {@code system.Dataset} artifact these metrics were computed on. */
        public Builder dataSetId(long id) {
            this.dataSetId = id;
            return this;
        }

        /** The id of the {@code system.Model} artifact these metrics evaluate. */
        public Builder modelId(long id) {
            this.modelId = id;
            return this;
        }

        public Builder value(String key, double value) {
            values.put(key, value);
            return this;
        }

        public Metrics build() {
            return new Metrics(name, uri, type, description, owner, dataSetId, modelId, values);
        }
    }
}
