package io.jfairing.extensions.panel;

import io.jfairing.extensions.Workspace;
import io.jfairing.kernel.spi.KernelContext;
import io.jfairing.metadata.Limits;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's side of the jfairing JupyterLab panel: its runs (newest first, up to {@value Limits#MAX_PAGE_SIZE}),
 * the metric histories of selected runs, and the jobs those runs recorded, from the project's metadata store
 * (embedded SQLite, or the team server the project is configured with).
 */
public final class ProjectPanel {
    static final String TAG_JOB_NAME = "jfairing.job.name";
    static final String TAG_JOB_KIND = "jfairing.job.kind";

    private final Workspace workspace;

    public ProjectPanel(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Adds the runs (newest first), history and jobs sections to the kernel's panel. */
    public void register(KernelContext context) {
        context.addPanelSection("runs", request -> runs());
        context.addPanelSection("history", this::history);
        context.addPanelSection("jobs", request -> jobs());
    }

    List<Map<String, Object>> runs() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunInfo run : latestRuns()) {
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

    List<Map<String, Object>> jobs() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunInfo run : latestRuns()) {
            String job = run.tags().get(TAG_JOB_NAME);
            if (job != null) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("job", job);
                row.put("kind", run.tags().getOrDefault(TAG_JOB_KIND, ""));
                row.put("status", run.status().toString());
                row.put("run", run.id());
                rows.add(row);
            }
        }
        return rows;
    }

    private List<RunInfo> latestRuns() {
        return store().searchRuns(
                        RunQuery.builder().pageSize(Limits.MAX_PAGE_SIZE).build())
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
