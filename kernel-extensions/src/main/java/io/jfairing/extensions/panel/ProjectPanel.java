package io.jfairing.extensions.panel;

import io.jfairing.extensions.Workspace;
import io.jfairing.fairing.job.JobRecorder;
import io.jfairing.kernel.spi.KernelContext;
import io.jfairing.metadata.Limits;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.Execution;
import io.jfairing.metadata.mlmd.MlmdQuery;
import io.jfairing.metadata.mlmd.MlmdStore;
import io.jfairing.metadata.mlmd.SystemTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's side of the jfairing JupyterLab panel: its runs (newest first, up to {@value Limits#MAX_PAGE_SIZE}),
 * the metric histories of selected runs, the jobs those runs recorded and the lineage graph, from the project's metadata store
 * (embedded SQLite, or the team server the project is configured with).
 */
public final class ProjectPanel {
    /** The runs a job recorded: those with its name tag ({@link JobRecorder}), whatever the name. */
    static final String JOB_RUNS = "tags.`" + JobRecorder.TAG_JOB_NAME + "` LIKE '%'";

    static final int LINEAGE_LIMIT = 200;

    private final Workspace workspace;

    public ProjectPanel(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Adds the runs (newest first), history and lineage sections to the kernel's panel. */
    public void register(KernelContext context) {
        context.addPanelSection("runs", request -> runs());
        context.addPanelSection("history", this::history);
        context.addPanelSection("lineage", request -> lineage());
    }

    /**
     * The lineage graph of the store's datasets and models and the runs that read or wrote them: {@code {"nodes":
     * [{id, kind, label}], "edges": [{from, to}]}}, kind {@code dataset}, {@code run} or {@code model}, edges in the
     * direction data flows (dataset to run, run to model).
     */
    Map<String, Object> lineage() {
        MlmdStore mlmd = store().mlmd();
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Long> artifactIds = new ArrayList<>();
        for (String type : List.of(SystemTypes.DATASET, SystemTypes.MODEL)) {
            for (Artifact a : mlmd.findArtifacts(
                    MlmdQuery.builder().type(type).limit(LINEAGE_LIMIT).build())) {
                artifactIds.add(a.id());
                nodes.add(node(
                        "a" + a.id(),
                        type.equals(SystemTypes.DATASET) ? "dataset" : "model",
                        a.name() == null ? a.uri() : a.name()));
            }
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        if (artifactIds.isEmpty()) {
            return Map.of("nodes", nodes, "edges", edges);
        }
        List<Event> events = mlmd.findEvents(artifactIds, List.of());
        List<Long> executionIds =
                events.stream().map(Event::executionId).distinct().toList();
        for (Execution e :
                mlmd.findExecutions(MlmdQuery.builder().ids(executionIds).build())) {
            nodes.add(node("e" + e.id(), "run", e.name() != null ? e.name() : runName(e.id())));
        }
        for (Event e : events) {
            boolean read = e.type() == Event.Type.INPUT || e.type() == Event.Type.DECLARED_INPUT;
            String artifact = "a" + e.artifactId();
            String run = "e" + e.executionId();
            edges.add(Map.of("from", read ? artifact : run, "to", read ? run : artifact));
        }
        return Map.of("nodes", nodes, "edges", edges);
    }

    /** A run's name: each run of the run API is the execution of the same id. */
    private String runName(long executionId) {
        try {
            return store().getRun(executionId).name();
        } catch (RuntimeException notARun) {
            return "execution " + executionId;
        }
    }

    private static Map<String, Object> node(String id, String kind, String label) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", id);
        node.put("kind", kind);
        node.put("label", label);
        return node;
    }

    List<Map<String, Object>> runs() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunInfo run : latestRuns(null)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", run.id());
            row.put("name", run.name());
            row.put("status", run.status().toString());
            row.put("params", run.params());
            row.put("metrics", run.metrics());
            rows.add(row);
        }
        return rows;
    }

    /** {@code {runId: [[step, value], ...]}} of {@code request.metric} for {@code request.runs}. */
    Map<String, Object> history(Map<String, Object> request) {
        String metric = String.valueOf(request.get("metric"));
        Map<String, Object> curves = new LinkedHashMap<>();
        if (!(request.get("runs") instanceof List<?> ids)) {
            throw new IllegalArgumentException("history needs 'runs': a list of run ids");
        }
        MetadataStore store = store();
        for (Object id : ids) {
            long runId = ((Number) id).longValue();
            List<List<Number>> points = new ArrayList<>();
            for (MetricPoint p : store.metricHistory(runId, metric, 2000)) {
                points.add(List.of(p.step(), p.value()));
            }
            curves.put(Long.toString(runId), points);
        }
        return curves;
    }

    /**
     * The jobs the store's runs recorded ({@code job, kind, status, run}), newest first: the store is asked for the
     * runs with a job name tag only, not for every run (a notebook logs many more runs than it starts jobs).
     */
    public List<Map<String, Object>> jobs() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunInfo run : latestRuns(JOB_RUNS)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("job", run.tags().get(JobRecorder.TAG_JOB_NAME));
            row.put("kind", run.tags().getOrDefault(JobRecorder.TAG_KIND, ""));
            row.put("status", run.status().toString());
            row.put("run", run.id());
            rows.add(row);
        }
        return rows;
    }

    private List<RunInfo> latestRuns(String filter) {
        return store().searchRuns(RunQuery.builder()
                        .filter(filter)
                        .pageSize(Limits.MAX_PAGE_SIZE)
                        .build())
                .items();
    }

    private MetadataStore store() {
        try {
            return workspace.metadata();
        } catch (Exception e) {
            throw new IllegalStateException("the project's metadata store is not available: " + e.getMessage(), e);
        }
    }
}
