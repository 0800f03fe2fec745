package io.jfairing.fairing.cli.metadata;

import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.metadata.Lineage;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunComparison;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.Execution;
import io.jfairing.metadata.mlmd.MlmdQuery;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The metadata store's runs, comparisons and lineage as tables: what {@code %metadata runs|compare|lineage} and
 * {@code jfairing metadata runs|compare|lineage} show. The work is metadata-client's.
 */
public final class RunTables {
    /** How times are shown in every metadata table. */
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private RunTables() {}

    /** A run search: each part only when given. */
    public static RunQuery query(String experiment, String filter, String order, int limit) {
        RunQuery.Builder query = RunQuery.builder().pageSize(limit);
        if (experiment != null) {
            query.experiment(experiment);
        }
        if (filter != null) {
            query.filter(filter);
        }
        if (order != null) {
            query.orderBy(order);
        }
        return query.build();
    }

    /** Runs with a column per param and per metric any of them has. */
    public static ResultTable runs(List<RunInfo> runs, String caption) {
        TreeSet<String> metricKeys = new TreeSet<>();
        TreeSet<String> paramKeys = new TreeSet<>();
        runs.forEach(r -> {
            metricKeys.addAll(r.metrics().keySet());
            paramKeys.addAll(r.params().keySet());
        });
        List<String> header = new ArrayList<>(List.of("id", "name", "status", "started", "duration"));
        paramKeys.forEach(k -> header.add("params." + k));
        metricKeys.forEach(k -> header.add("metrics." + k));
        List<List<String>> rows = new ArrayList<>();
        for (RunInfo r : runs) {
            List<String> row = new ArrayList<>(List.of(
                    Long.toString(r.id()),
                    r.name() == null ? "" : r.name(),
                    r.status().name(),
                    TIME.format(Instant.ofEpochMilli(r.startTime())),
                    r.endTime() == null
                            ? ""
                            : String.format(Locale.ROOT, "%.1f s", (r.endTime() - r.startTime()) / 1000.0)));
            paramKeys.forEach(k -> row.add(r.params().getOrDefault(k, "")));
            metricKeys.forEach(
                    k -> row.add(r.metrics().containsKey(k) ? format(r.metrics().get(k)) : ""));
            rows.add(row);
        }
        return new ResultTable(caption + " (" + runs.size() + ")", header, rows);
    }

    /**
     * The runs named, or without ids the first {@code limit} (2 to 20) that the query finds.
     *
     * @throws UsageException fewer than two runs
     */
    public static List<Long> chooseRuns(
            MetadataStore store, List<Long> runIds, String experiment, String filter, String order, int limit)
            throws UsageException {
        List<Long> ids = new ArrayList<>(runIds);
        if (ids.isEmpty()) {
            if (experiment == null && filter == null && order == null) {
                throw new UsageException(
                        "name two or more run ids, or choose runs with --experiment, --filter or --order");
            }
            store.searchRuns(query(experiment, filter, order, Math.max(2, Math.min(limit, 20))))
                    .items()
                    .forEach(r -> ids.add(r.id()));
        }
        if (ids.size() < 2) {
            throw new UsageException("comparing needs two runs or more; found " + ids.size());
        }
        return ids;
    }

    /** Params and metrics side by side; params that differ first, marked {@code *}. */
    public static ResultTable comparison(RunComparison comparison) {
        List<RunInfo> runs = comparison.runs();
        List<String> header = new ArrayList<>(List.of(""));
        runs.forEach(r -> header.add("run " + r.id() + (r.name() == null ? "" : " (" + r.name() + ")")));
        List<String> differing = comparison.differingParams();
        List<String> params = new ArrayList<>(differing);
        comparison.paramKeys().stream().filter(k -> !differing.contains(k)).forEach(params::add);
        List<List<String>> rows = new ArrayList<>();
        for (String key : params) {
            List<String> row = new ArrayList<>();
            row.add((differing.contains(key) ? "* " : "") + "params." + key);
            comparison.param(key).forEach(v -> row.add(v == null ? "" : v));
            rows.add(row);
        }
        for (String key : comparison.metricKeys()) {
            List<String> row = new ArrayList<>();
            row.add("metrics." + key);
            comparison.metric(key).forEach(v -> row.add(v == null ? "" : format(v)));
            rows.add(row);
        }
        return new ResultTable("comparison of " + runs.size() + " runs", header, rows);
    }

    /** What artifact {@code id} was made from and what was made from it, event by event in time order. */
    public static ResultTable lineage(long id, LineageDirection direction, Lineage lineage) {
        List<List<String>> rows = new ArrayList<>();
        List<Event> events = new ArrayList<>(lineage.events());
        events.sort(Comparator.comparing((Event e) -> e.time() == null ? 0L : e.time()));
        for (Event e : events) {
            Artifact a = lineage.artifact(e.artifactId()).orElse(null);
            Execution x = lineage.execution(e.executionId()).orElse(null);
            String artifactText = a == null ? "#" + e.artifactId() : describe(a);
            String executionText = x == null
                    ? "#" + e.executionId()
                    : x.type() + " #" + x.id() + (x.name() == null ? "" : " " + x.name());
            boolean input = e.type().name().contains("INPUT");
            rows.add(
                    input
                            ? List.of(artifactText, "→ input of →", executionText)
                            : List.of(executionText, "→ output →", artifactText));
        }
        return new ResultTable(
                "lineage of artifact " + id + " (" + direction.name().toLowerCase(Locale.ROOT) + ", "
                        + lineage.artifacts().size() + " artifacts, "
                        + lineage.executions().size() + " executions)",
                List.of("from", "", "to"),
                rows);
    }

    private static String describe(Artifact a) {
        return a.type() + " #" + a.id() + (a.name() == null ? "" : " " + a.name())
                + (a.uri() == null || a.uri().isEmpty() ? "" : " (" + a.uri() + ")");
    }

    /** An artifact id, or the latest artifact of a name. */
    public static long resolveArtifact(MetadataStore store, String text) throws UsageException {
        if (text.matches("\\d+")) {
            long id = Long.parseLong(text);
            if (store.mlmd().getArtifact(id).isEmpty()) {
                throw new UsageException("no artifact with id " + id);
            }
            return id;
        }
        List<Artifact> found = store.mlmd().findArtifacts(MlmdQuery.byName(text));
        return found.stream()
                .map(Artifact::id)
                .max(Long::compare)
                .orElseThrow(() -> new UsageException("no artifact named '" + text + "'"));
    }

    /** A metric as people read it: whole numbers without a point, others to six significant digits. */
    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(value)
                .round(new MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }
}
