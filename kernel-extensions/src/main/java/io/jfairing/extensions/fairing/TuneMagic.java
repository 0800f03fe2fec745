package io.jfairing.extensions.fairing;

import io.jfairing.fairing.cli.jobs.JobBackends;
import io.jfairing.fairing.cli.jobs.JobOptions;
import io.jfairing.extensions.Workspace;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.extensions.display.HtmlTable;
import io.jfairing.extensions.magic.ArgumentException;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.Trial;
import io.jfairing.fairing.job.Tuner;
import io.jfairing.fairing.job.TuningHandle;
import io.jfairing.fairing.job.TuningOutcome;
import io.jfairing.fairing.tune.LocalTuner;
import io.jfairing.kernel.spi.CellException;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code %fairing tune}: a hyperparameter sweep of the session's code. Trials run on a local backend (random or grid
 * search) or as a Katib Experiment on Kubernetes; a table of trials is updated in the cell as each one finishes.
 */
@Command(name = "tune", description = {
        "Run a hyperparameter sweep of the cells this session ran: each trial gets its parameters as "
                + "FAIRING_PARAM_<NAME> (TrainingContext.current().doubleParameter(...)) and reports metrics as "
                + "name=value lines (TrainingContext.current().reportMetric(...)).",
        "  %%fairing tune --maximize accuracy --double lr=0.01:0.5 --int epochs=50:200:50 --algorithm grid --trials 8"})
final class TuneMagic implements Callable<Object> {
    private final Workspace workspace;
    private final FairingState state;
    private final String body;

    @Mixin
    WorkloadOptions workload = new WorkloadOptions();

    @Mixin
    JobOptions job = new JobOptions();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Objective objective;

    static final class Objective {
        @Option(names = "--maximize", paramLabel = "METRIC", required = true, description = "The metric to maximize.")
        String maximize;

        @Option(names = "--minimize", paramLabel = "METRIC", required = true, description = "The metric to minimize.")
        String minimize;
    }

    @Option(names = "--goal", paramLabel = "VALUE", description = "Stop once a trial reaches this objective value.")
    Double goal;

    @Option(names = "--double", paramLabel = "NAME=MIN:MAX[:STEP]", description = "A real parameter (repeatable).")
    List<String> doubles = new ArrayList<>();

    @Option(names = "--int", paramLabel = "NAME=MIN:MAX[:STEP]", description = "An integer parameter (repeatable).")
    List<String> ints = new ArrayList<>();

    @Option(names = "--values", paramLabel = "NAME=A,B,C", description = "A parameter taking these numbers (repeatable).")
    List<String> discrete = new ArrayList<>();

    @Option(names = "--choice", paramLabel = "NAME=A,B,C", description = "A parameter taking these words (repeatable).")
    List<String> choices = new ArrayList<>();

    @Option(names = "--algorithm", paramLabel = "NAME", defaultValue = "random", description = "random or grid locally; Katib also takes bayesianoptimization, hyperband, tpe (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "12", description = "At most this many trials (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "2", description = "Trials at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--max-failed", paramLabel = "N", defaultValue = "3", description = "Stop after more failed trials than this (default: ${DEFAULT-VALUE}).")
    int maxFailed;

    @Option(names = "--seed", paramLabel = "N", description = "Random search: the seed (the same seed tries the same parameters).")
    Long seed;

    TuneMagic(Workspace workspace, FairingState state, String body) {
        this.workspace = workspace;
        this.state = state;
        this.body = body;
    }

    @Override
    public Object call() throws Exception {
        ProjectConfig config = workspace.config();
        Tuning tuning = tuning();
        String defaultName = workspace.experiment() + "-tune";
        job.check(config, defaultName);
        Backend backend = state.jobs().backend(job.backend);
        Tuner tuner = tuner(backend);
        JobRequest request = TrainMagic.prepare(workspace, state, workload, body,
                image -> job.spec(config, defaultName, image).tuning(tuning), backend, job);
        TuningHandle sweep = tuner.tune(request);
        state.sweep(sweep);
        workspace.frontend().println("started sweep " + sweep.name() + " on " + backend.name() + ": " + tuning.algorithm()
                + " search, up to " + tuning.maxTrialCount() + " trials, " + tuning.parallelTrialCount() + " at once");
        TrialTable table = new TrialTable(tuning);
        TuningOutcome outcome;
        try (var trialsSubscription = sweep.onTrial(trial -> table.add(trial))) {
            outcome = sweep.waitForCompletion(job.timeout());
        } catch (InterruptedException e) {
            Thread.interrupted();
            throw new CellException("Interrupted", "the wait was interrupted; sweep " + sweep.name()
                    + " is still running its trials. Stop it with: %fairing delete " + sweep.name());
        }
        table.finish(outcome);
        if (outcome.best() == null) {
            throw new CellException("SweepFailed", "sweep " + outcome.name() + " ended " + outcome.phase()
                    + " and no trial reported " + tuning.objectiveMetricName()
                    + " (print it as a name=value line: TrainingContext.current().reportMetric(\"" + tuning.objectiveMetricName() + "\", value))");
        }
        Trial best = outcome.best();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("sweep", outcome.name() + " (" + outcome.phase() + ", " + outcome.trials().size() + " trials)"));
        rows.add(List.of("best trial", best.name()));
        best.parameters().forEach((k, v) -> rows.add(List.of("  " + k, v)));
        rows.add(List.of(tuning.objectiveMetricName(), format(best.objective())));
        return new HtmlTable("best trial", List.of("", ""), rows).toDisplayData();
    }

    private Tuner tuner(Backend backend) throws ArgumentException {
        if (backend.name().equals(JobBackends.KUBERNETES)) {
            return KubernetesBackends.tuner(backend);
        }
        if (!algorithm.equals("random") && !algorithm.equals("grid")) {
            throw new ArgumentException("--algorithm " + algorithm + ": a local sweep does random or grid search; "
                    + "use --backend kubernetes (Katib) for " + algorithm);
        }
        LocalTuner local = LocalTuner.on(backend);
        return seed != null ? local.seed(seed) : local;
    }

    Tuning tuning() throws ArgumentException {
        try {
            Tuning.Builder t = objective.maximize != null ? Tuning.maximize(objective.maximize) : Tuning.minimize(objective.minimize);
            if (goal != null) {
                t.goal(goal);
            }
            for (String d : doubles) {
                String[] r = range("--double", d);
                Tuning.Parameter p = Tuning.Parameter.doubleRange(name(d), Double.parseDouble(r[0]), Double.parseDouble(r[1]));
                t.parameter(r.length > 2 ? p.step(r[2]) : p);
            }
            for (String i : ints) {
                String[] r = range("--int", i);
                Tuning.Parameter p = Tuning.Parameter.intRange(name(i), Integer.parseInt(r[0]), Integer.parseInt(r[1]));
                t.parameter(r.length > 2 ? p.step(r[2]) : p);
            }
            for (String v : discrete) {
                t.parameter(Tuning.Parameter.discrete(name(v), java.util.Arrays.stream(value(v).split(","))
                        .map(String::strip).map(Double::valueOf).toArray(Number[]::new)));
            }
            for (String c : choices) {
                t.parameter(Tuning.Parameter.categorical(name(c), java.util.Arrays.stream(value(c).split(",")).map(String::strip).toArray(String[]::new)));
            }
            if (doubles.isEmpty() && ints.isEmpty() && discrete.isEmpty() && choices.isEmpty()) {
                throw new ArgumentException("no parameter to search: give --double, --int, --values or --choice");
            }
            return t.algorithm(algorithm).maxTrials(trials).parallelTrials(parallel).maxFailedTrials(maxFailed)
                    .trialKind(JobKind.parse(job.kind)).build();
        } catch (NumberFormatException e) {
            throw new ArgumentException("a parameter bound is not a number: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ArgumentException(e.getMessage());
        }
    }

    private static String name(String spec) throws ArgumentException {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new ArgumentException("'" + spec + "' is not NAME=...");
        }
        return spec.substring(0, eq).strip();
    }

    private static String value(String spec) throws ArgumentException {
        name(spec);
        return spec.substring(spec.indexOf('=') + 1).strip();
    }

    private static String[] range(String option, String spec) throws ArgumentException {
        String[] parts = value(spec).split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw new ArgumentException(option + " '" + spec + "' is not NAME=MIN:MAX or NAME=MIN:MAX:STEP");
        }
        return parts;
    }

    static String format(Double value) {
        return value == null ? "" : new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** The trials so far as a table in the cell, updated in place as each one finishes. */
    private final class TrialTable {
        private final Tuning tuning;
        private final List<Trial> trials = new ArrayList<>();
        private String id;

        TrialTable(Tuning tuning) {
            this.tuning = tuning;
        }

        synchronized void add(Trial trial) {
            trials.add(trial);
            show("trials (" + trials.size() + " finished)");
        }

        synchronized void finish(TuningOutcome outcome) {
            trials.clear();
            trials.addAll(outcome.trials());
            show("trials of " + outcome.name() + ": " + outcome.phase());
        }

        private void show(String caption) {
            TreeSet<String> names = new TreeSet<>();
            trials.forEach(t -> names.addAll(t.parameters().keySet()));
            List<String> header = new ArrayList<>(List.of("trial", "phase"));
            header.addAll(names);
            header.add(tuning.objectiveMetricName());
            List<List<String>> rows = new ArrayList<>();
            for (Trial t : trials) {
                List<String> row = new ArrayList<>(List.of(t.name(), t.phase().name()));
                names.forEach(n -> row.add(t.parameters().getOrDefault(n, "")));
                row.add(format(t.objective()));
                rows.add(row);
            }
            DisplayData data = new HtmlTable(caption, header, rows).toDisplayData();
            if (id == null) {
                id = workspace.frontend().display(data);
            } else {
                workspace.frontend().update(id, data);
            }
        }
    }
}
