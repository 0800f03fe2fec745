package io.jfairing.fairing.cli.jobs;

import io.jfairing.fairing.backend.kubernetes.KubernetesJobBackend;
import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.Trial;
import io.jfairing.fairing.job.Tuner;
import io.jfairing.fairing.job.TuningOutcome;
import io.jfairing.fairing.tune.LocalTuner;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What a sweep searches and how: the objective, the parameters' ranges, the algorithm, how many trials. */
public final class TuningOptions {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Objective objective;

    public static final class Objective {
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

    @Option(
            names = "--values",
            paramLabel = "NAME=A,B,C",
            description = "A parameter taking these numbers (repeatable).")
    List<String> discrete = new ArrayList<>();

    @Option(names = "--choice", paramLabel = "NAME=A,B,C", description = "A parameter taking these words (repeatable).")
    List<String> choices = new ArrayList<>();

    @Option(
            names = "--algorithm",
            paramLabel = "NAME",
            defaultValue = "random",
            description =
                    "random or grid locally; Katib also takes bayesianoptimization, hyperband, tpe (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(
            names = "--algorithm-setting",
            paramLabel = "NAME=VALUE",
            description = "Katib: one of the algorithm's settings, e.g. random_state=7 or r_l=10 (repeatable).")
    java.util.Map<String, String> algorithmSettings = new java.util.LinkedHashMap<>();

    @Option(
            names = "--trials",
            paramLabel = "N",
            defaultValue = "12",
            description = "At most this many trials (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            defaultValue = "2",
            description = "Trials at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(
            names = "--max-failed",
            paramLabel = "N",
            defaultValue = "3",
            description = "Stop after more failed trials than this (default: ${DEFAULT-VALUE}).")
    int maxFailed;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Random search: the seed (the same seed tries the same parameters).")
    Long seed;

    /** Katib on Kubernetes; elsewhere a local sweep (random or grid) on {@code backend}. */
    public Tuner tuner(Backend backend) throws UsageException {
        if (backend.name().equals(JobBackends.KUBERNETES)) {
            return ((KubernetesJobBackend) backend).tuner();
        }
        if (!algorithm.equals("random") && !algorithm.equals("grid")) {
            throw new UsageException("--algorithm " + algorithm + ": a local sweep does random or grid search; "
                    + "use --backend kubernetes (Katib) for " + algorithm);
        }
        for (String setting : algorithmSettings.keySet()) {
            if (!setting.equals("random_state")) {
                throw new UsageException("--algorithm-setting " + setting + ": a local sweep takes only random_state "
                        + "(the seed); use --backend kubernetes (Katib) for the algorithm's other settings");
            }
        }
        Long localSeed = seed;
        if (localSeed == null && algorithmSettings.containsKey("random_state")) {
            try {
                localSeed = Long.valueOf(algorithmSettings.get("random_state").strip());
            } catch (NumberFormatException e) {
                throw new UsageException("--algorithm-setting random_state=" + algorithmSettings.get("random_state")
                        + ": the seed is a whole number");
            }
        }
        LocalTuner local = LocalTuner.on(backend);
        return localSeed != null ? local.seed(localSeed) : local;
    }

    /** The sweep these options ask for, of trials of {@code kind}. */
    public Tuning tuning(String kind) throws UsageException {
        try {
            Tuning.Builder t = objective.maximize != null
                    ? Tuning.maximize(objective.maximize)
                    : Tuning.minimize(objective.minimize);
            if (goal != null) {
                t.goal(goal);
            }
            for (String d : doubles) {
                String[] r = range("--double", d);
                Tuning.Parameter p =
                        Tuning.Parameter.doubleRange(name(d), Double.parseDouble(r[0]), Double.parseDouble(r[1]));
                t.parameter(r.length > 2 ? p.step(r[2]) : p);
            }
            for (String i : ints) {
                String[] r = range("--int", i);
                Tuning.Parameter p = Tuning.Parameter.intRange(name(i), Integer.parseInt(r[0]), Integer.parseInt(r[1]));
                t.parameter(r.length > 2 ? p.step(r[2]) : p);
            }
            for (String v : discrete) {
                t.parameter(Tuning.Parameter.discrete(
                        name(v),
                        java.util.Arrays.stream(value(v).split(","))
                                .map(String::strip)
                                .map(Double::valueOf)
                                .toArray(Number[]::new)));
            }
            for (String c : choices) {
                t.parameter(Tuning.Parameter.categorical(
                        name(c),
                        java.util.Arrays.stream(value(c).split(","))
                                .map(String::strip)
                                .toArray(String[]::new)));
            }
            if (doubles.isEmpty() && ints.isEmpty() && discrete.isEmpty() && choices.isEmpty()) {
                throw new UsageException("no parameter to search: give --double, --int, --values or --choice");
            }
            algorithmSettings.forEach(t::algorithmSetting);
            return t.algorithm(algorithm)
                    .maxTrials(trials)
                    .parallelTrials(parallel)
                    .maxFailedTrials(maxFailed)
                    .trialKind(JobKind.parse(kind))
                    .build();
        } catch (NumberFormatException e) {
            throw new UsageException("a parameter bound is not a number: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String name(String spec) throws UsageException {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("'" + spec + "' is not NAME=...");
        }
        return spec.substring(0, eq).strip();
    }

    private static String value(String spec) throws UsageException {
        name(spec);
        return spec.substring(spec.indexOf('=') + 1).strip();
    }

    private static String[] range(String option, String spec) throws UsageException {
        String[] parts = value(spec).split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw new UsageException(option + " '" + spec + "' is not NAME=MIN:MAX or NAME=MIN:MAX:STEP");
        }
        return parts;
    }

    public static String format(Double value) {
        return value == null
                ? ""
                : new java.math.BigDecimal(value)
                        .round(new java.math.MathContext(6))
                        .stripTrailingZeros()
                        .toPlainString();
    }

    /** The trials so far: parameters and objective. */
    public static ResultTable trials(Tuning tuning, List<Trial> trials, String caption) {
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
        return new ResultTable(caption, header, rows);
    }

    /** The best trial of a sweep that has one. */
    public static ResultTable best(TuningOutcome outcome, Tuning tuning) {
        Trial best = outcome.best();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "sweep",
                outcome.name() + " (" + outcome.phase() + ", "
                        + outcome.trials().size() + " trials)"));
        rows.add(List.of("best trial", best.name()));
        best.parameters().forEach((k, v) -> rows.add(List.of("  " + k, v)));
        rows.add(List.of(tuning.objectiveMetricName(), format(best.objective())));
        return ResultTable.properties("best trial", rows);
    }
}
