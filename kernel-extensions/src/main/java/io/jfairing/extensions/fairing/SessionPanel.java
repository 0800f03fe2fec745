package io.jfairing.extensions.fairing;

import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobStatus;
import io.jfairing.fairing.job.LogLine;
import io.jfairing.fairing.job.ReplicaStatus;
import io.jfairing.fairing.job.Trial;
import io.jfairing.fairing.serve.ServingHandle;
import io.jfairing.kernel.spi.KernelContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The session's side of the jfairing JupyterLab panel: the jobs this notebook started (status per replica, their
 * logs, cancel and delete), then the jobs the project's store recorded earlier; the sweeps it started (each trial as
 * it finished, the best marked: pushed to the panel as trials end, while the {@code %fairing tune} cell still runs)
 * and the models it serves, with predictions asked from the panel's predict box.
 */
final class SessionPanel {
    static final int LOG_LINES = 200;

    private final FairingState state;
    private final Supplier<List<Map<String, Object>>> recordedJobs;

    /** @param recordedJobs the jobs the project's store recorded (rows with a {@code job} name) */
    SessionPanel(FairingState state, Supplier<List<Map<String, Object>>> recordedJobs) {
        this.state = state;
        this.recordedJobs = recordedJobs;
    }

    void register(KernelContext context) {
        context.addPanelSection("jobs", request -> answer(this::jobs));
        context.addPanelSection("job", request -> answer(() -> job(request)));
        context.addPanelSection("sweeps", request -> answer(this::sweeps));
        context.addPanelSection("endpoints", request -> endpoints());
        context.addPanelSection("predict", request -> answer(() -> predict(request)));
        state.onSweepsChanged(() -> context.panelSectionChanged("sweeps"));
    }

    /** What a section answers; a failure becomes its message in the panel. */
    private static Object answer(java.util.concurrent.Callable<Object> section) {
        try {
            return section.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /**
     * A row per job: this session's first ({@code job, backend, phase, replicas, message, run, live: true}, asked now),
     * then those of the project's store that are not among them ({@code live: false}: no actions).
     */
    Object jobs() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        java.util.Set<String> live = new java.util.HashSet<>();
        for (JobHandle handle : state.jobs().remembered().values()) {
            JobStatus status = handle.status();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("job", handle.name());
            row.put("backend", handle.backend());
            row.put("phase", status.phase().toString());
            row.put(
                    "replicas",
                    status.replicas().stream().map(SessionPanel::replica).collect(Collectors.joining(", ")));
            row.put("message", status.message());
            row.put("run", handle.runId());
            row.put("live", true);
            rows.add(row);
            live.add(handle.name());
        }
        for (Map<String, Object> recorded : recordedJobs.get()) {
            if (!live.contains(String.valueOf(recorded.get("job")))) {
                Map<String, Object> row = new LinkedHashMap<>(recorded);
                row.put("live", false);
                rows.add(row);
            }
        }
        return rows;
    }

    private static String replica(ReplicaStatus r) {
        return r.replica() + ": " + r.phase()
                + (r.exitCode() == null ? "" : " (exit " + r.exitCode() + ")")
                + (r.reason() == null || r.reason().isBlank() ? "" : " " + r.reason());
    }

    /**
     * {@code {"job": NAME, "action": "logs" | "cancel" | "delete"}} on a job this session started: its last {@value
     * #LOG_LINES} log lines ({@code replica | text}), or what was done.
     */
    Object job(Map<String, Object> request) throws Exception {
        String name = String.valueOf(request.getOrDefault("job", ""));
        JobHandle handle = state.jobs().remembered().get(name);
        if (handle == null) {
            throw new IllegalArgumentException("this session started no job named " + name);
        }
        String action = String.valueOf(request.get("action"));
        switch (action) {
            case "logs" -> {
                List<LogLine> lines = handle.logs();
                return lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()).stream()
                        .map(l -> l.replica() + " | " + l.text())
                        .collect(Collectors.joining("\n"));
            }
            case "cancel" -> {
                handle.cancel();
                return "cancelled " + name;
            }
            case "delete" -> {
                handle.delete();
                state.jobs().forget(name);
                return "deleted " + name;
            }
            default ->
                throw new IllegalArgumentException("unknown job action '" + action + "': logs, cancel or delete");
        }
    }

    /** A row per trial: {@code sweep, trial, phase, objective, best, parameters}, sweeps by name, trials in order. */
    Object sweeps() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FairingState.Sweep sweep : state.sweeps()) {
            List<Trial> trials = sweep.handle().trials();
            Optional<Trial> best = best(trials, sweep.tuning());
            for (Trial trial : trials) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("sweep", sweep.handle().name());
                row.put("trial", trial.name());
                row.put("phase", trial.phase().toString());
                row.put(sweep.tuning().objectiveMetricName(), trial.objective());
                row.put("best", best.filter(b -> b.name().equals(trial.name())).isPresent() ? "best" : "");
                row.put(
                        "parameters",
                        new TreeMap<>(trial.parameters())
                                .entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .collect(Collectors.joining(" ")));
                rows.add(row);
            }
        }
        return rows;
    }

    /** The best trial by the sweep's goal among those that reported the objective. */
    static Optional<Trial> best(List<Trial> trials, Tuning tuning) {
        Comparator<Trial> byObjective = Comparator.comparingDouble(Trial::objective);
        return trials.stream()
                .filter(t -> t.objective() != null && !t.objective().isNaN())
                .max(tuning.goal() == Tuning.Goal.MAXIMIZE ? byObjective : byObjective.reversed());
    }

    /** A row per model served: {@code endpoint, model, backend, url}. */
    List<Map<String, Object>> endpoints() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : state.servings()) {
            ServingHandle handle = state.serving(name);
            if (handle == null) {
                continue; // deleted meanwhile
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("endpoint", name);
            row.put("model", handle.modelName());
            row.put("backend", handle.backend());
            row.put("url", String.valueOf(handle.url()));
            rows.add(row);
        }
        return rows;
    }

    /** {@code {"endpoint": NAME, "input": "[[...]]"}}: the V1 predictions of a model this session serves. */
    Object predict(Map<String, Object> request) throws Exception {
        String name = String.valueOf(request.getOrDefault("endpoint", "")).strip();
        ServingHandle handle = state.serving(name);
        if (handle == null) {
            throw new IllegalArgumentException(
                    (name.isEmpty() ? "name an endpoint" : "this session serves no model named " + name)
                            + (state.servings().isEmpty()
                                    ? " (start one with %%fairing serve)"
                                    : "; it serves " + String.join(", ", state.servings())));
        }
        return handle.predict(PredictMagic.instances(String.valueOf(request.getOrDefault("input", ""))));
    }
}
