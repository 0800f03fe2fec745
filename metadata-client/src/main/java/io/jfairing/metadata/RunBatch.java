package io.jfairing.metadata;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics, params and tags written together in one transaction: all of it or none of it. Limits (as MLflow's
 * {@code log-batch}): {@value Limits#MAX_METRICS_PER_BATCH} metric points, {@value Limits#MAX_PARAMS_PER_BATCH}
 * params, {@value Limits#MAX_TAGS_PER_BATCH} tags; a larger batch is rejected whole. An optional {@code batchId}
 * makes the write idempotent (see {@link #withBatchId}).
 */
public record RunBatch(
        List<MetricPoint> metrics,
        Map<String, String> params,
        Map<String, String> tags,
        @JsonInclude(JsonInclude.Include.NON_NULL) String batchId) {

    @JsonCreator
    public RunBatch {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        params = params == null ? Map.of() : Map.copyOf(params);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A batch without an id. */
    public RunBatch(List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags) {
        this(metrics, params, tags, null);
    }

    public static RunBatch ofMetrics(List<MetricPoint> metrics) {
        return new RunBatch(metrics, Map.of(), Map.of());
    }

    /**
     * This batch with an id: a store records the ids of the batches it wrote (per run), and a batch whose id it has
     * recorded is not written again, so a batch retried after a lost answer is written exactly once.
     */
    public RunBatch withBatchId(String id) {
        return new RunBatch(metrics, params, tags, id);
    }

    public static Builder builder() {
        return new Builder();
    }

    @JsonIgnore
    public boolean isEmpty() {
        return metrics.isEmpty() && params.isEmpty() && tags.isEmpty();
    }

    public static final class Builder {
        private final List<MetricPoint> metrics = new ArrayList<>();
        private final Map<String, String> params = new LinkedHashMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();

        public Builder metric(String key, double value, long step) {
            metrics.add(MetricPoint.of(key, value, step));
            return this;
        }

        public Builder metric(MetricPoint point) {
            metrics.add(point);
            return this;
        }

        /** A param; the value is stored as its {@code toString()}. */
        public Builder param(String key, Object value) {
            params.put(key, Run.paramString(key, value));
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public RunBatch build() {
            return new RunBatch(metrics, params, tags);
        }
    }
}
