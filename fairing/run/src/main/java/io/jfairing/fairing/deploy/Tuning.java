package io.jfairing.fairing.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a Katib {@code Experiment} searches: objective, algorithm, parameters with their feasible space, trial counts.
 * Each trial is the {@link JobSpec} as a {@link #trialKind()} manifest, with every parameter given to the training
 * container as env {@code FAIRING_PARAM_<NAME>=${trialParameters.<name>}}. The trial prints {@code name=value}
 * lines on stdout (Katib's StdOut metrics collector).
 */
public final class Tuning {
    public static final List<String> ALGORITHMS = List.of("random", "grid", "bayesianoptimization", "hyperband", "tpe");

    public enum Goal {
        MAXIMIZE,
        MINIMIZE
    }

    public enum ParameterType {
        DOUBLE("double"),
        INT("int"),
        DISCRETE("discrete"),
        CATEGORICAL("categorical");

        private final String value;

        ParameterType(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** A search parameter: {@code min/max/step} for double and int, {@code list} for discrete and categorical. */
    public record Parameter(String name, ParameterType type, String min, String max, String step, List<String> list) {
        public Parameter {
            if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new InvalidJobSpecException("tuning parameter name must be an identifier, got '" + name + "'");
            }
            Objects.requireNonNull(type, "type");
            list = list == null ? List.of() : List.copyOf(list);
            if (type == ParameterType.DOUBLE || type == ParameterType.INT) {
                if (min == null || max == null) {
                    throw new InvalidJobSpecException(
                            "tuning parameter '" + name + "' (" + type.value() + ") needs min and max");
                }
                double lo = number(name, "min", min, type);
                double hi = number(name, "max", max, type);
                if (step != null && number(name, "step", step, type) <= 0) {
                    throw new InvalidJobSpecException(
                            "tuning parameter '" + name + "': step must be positive, got " + step);
                }
                if (lo > hi) {
                    throw new InvalidJobSpecException(
                            "tuning parameter '" + name + "': min " + min + " is more than max " + max);
                }
            } else if (list.isEmpty()) {
                throw new InvalidJobSpecException(
                        "tuning parameter '" + name + "' (" + type.value() + ") needs a list of values");
            }
        }

        public static Parameter doubleRange(String name, double min, double max) {
            return new Parameter(name, ParameterType.DOUBLE, Double.toString(min), Double.toString(max), null, null);
        }

        public static Parameter intRange(String name, int min, int max) {
            return new Parameter(name, ParameterType.INT, Integer.toString(min), Integer.toString(max), null, null);
        }

        public static Parameter discrete(String name, Number... values) {
            return new Parameter(
                    name,
                    ParameterType.DISCRETE,
                    null,
                    null,
                    null,
                    java.util.Arrays.stream(values).map(String::valueOf).toList());
        }

        public static Parameter categorical(String name, String... values) {
            return new Parameter(name, ParameterType.CATEGORICAL, null, null, null, List.of(values));
        }

        public Parameter step(String value) {
            return new Parameter(name, type, min, max, value, list);
        }

        private static double number(String name, String field, String value, ParameterType type) {
            try {
                return type == ParameterType.INT ? Long.parseLong(value) : Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new InvalidJobSpecException("tuning parameter '" + name + "': " + field + " '" + value
                        + "' is not " + (type == ParameterType.INT ? "an integer" : "a number"));
            }
        }
    }

    private final Goal goal;
    private final String objectiveMetricName;
    private final Double objectiveGoal;
    private final List<String> additionalMetricNames;
    private final String algorithm;
    private final List<Parameter> parameters;
    private final int parallelTrialCount;
    private final int maxTrialCount;
    private final int maxFailedTrialCount;
    private final JobKind trialKind;
    private final Map<String, String> algorithmSettings;

    private Tuning(Builder b) {
        this.algorithmSettings = Collections.unmodifiableMap(new LinkedHashMap<>(b.algorithmSettings));
        this.goal = b.goal;
        this.objectiveMetricName = b.objectiveMetricName;
        this.objectiveGoal = b.objectiveGoal;
        this.additionalMetricNames = List.copyOf(b.additionalMetricNames);
        this.algorithm = b.algorithm;
        this.parameters = Collections.unmodifiableList(new ArrayList<>(b.parameters));
        this.parallelTrialCount = b.effectiveParallel;
        this.maxTrialCount = b.effectiveMax;
        this.maxFailedTrialCount = b.effectiveMaxFailed;
        this.trialKind = b.trialKind;
    }

    public static Builder maximize(String metricName) {
        return new Builder(Goal.MAXIMIZE, metricName);
    }

    public static Builder minimize(String metricName) {
        return new Builder(Goal.MINIMIZE, metricName);
    }

    public Goal goal() {
        return goal;
    }

    public String objectiveMetricName() {
        return objectiveMetricName;
    }

    public Double objectiveGoal() {
        return objectiveGoal;
    }

    public List<String> additionalMetricNames() {
        return additionalMetricNames;
    }

    public String algorithm() {
        return algorithm;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public int parallelTrialCount() {
        return parallelTrialCount;
    }

    public int maxTrialCount() {
        return maxTrialCount;
    }

    public int maxFailedTrialCount() {
        return maxFailedTrialCount;
    }

    public JobKind trialKind() {
        return trialKind;
    }
    /** Katib's {@code spec.algorithm.algorithmSettings}, checked per algorithm (see {@link KatibRules}). */
    public Map<String, String> algorithmSettings() {
        return algorithmSettings;
    }

    public static final class Builder {
        private final Goal goal;
        private final String objectiveMetricName;
        private Double objectiveGoal;
        private final List<String> additionalMetricNames = new ArrayList<>();
        private String algorithm = "random";
        private final List<Parameter> parameters = new ArrayList<>();
        private Integer parallelTrialCount;
        private int maxTrialCount = 12;
        private Integer maxFailedTrialCount;
        private JobKind trialKind = JobKind.JOB;
        private final Map<String, String> algorithmSettings = new LinkedHashMap<>();
        private int effectiveParallel;
        private int effectiveMax;
        private int effectiveMaxFailed;

        private Builder(Goal goal, String metricName) {
            if (metricName == null || metricName.isBlank()) {
                throw new InvalidJobSpecException("tuning needs an objective metric name");
            }
            this.goal = goal;
            this.objectiveMetricName = metricName;
        }

        public Builder goal(double value) {
            this.objectiveGoal = value;
            return this;
        }

        public Builder additionalMetric(String name) {
            additionalMetricNames.add(name);
            return this;
        }

        public Builder algorithm(String name) {
            String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
            if (!ALGORITHMS.contains(n)) {
                throw new InvalidJobSpecException(
                        "unknown tuning algorithm '" + name + "'; known: " + String.join(", ", ALGORITHMS));
            }
            this.algorithm = n;
            return this;
        }

        /**
         * One of Katib's {@code algorithmSettings} of the chosen algorithm, e.g. hyperband's {@code r_l} and
         * {@code resource_name}; names and values are checked in {@link #build()} as the algorithm's suggestion
         * service checks them (see {@link KatibRules#SETTINGS}).
         */
        public Builder algorithmSetting(String name, String value) {
            algorithmSettings.put(name, value);
            return this;
        }

        public Builder algorithmSetting(String name, Number value) {
            return algorithmSetting(name, String.valueOf(value));
        }

        public Builder parameter(Parameter p) {
            parameters.add(p);
            return this;
        }
        /** Trials at once; default 3 (or the max trials, when fewer). */
        public Builder parallelTrials(int n) {
            this.parallelTrialCount = n;
            return this;
        }
        /** At most this many trials (default 12); a grid search runs at most its whole grid. */
        public Builder maxTrials(int n) {
            this.maxTrialCount = n;
            return this;
        }
        /** Stop the sweep after more failed trials than this; default 3, and never more than the max trials (Katib's rule). */
        public Builder maxFailedTrials(int n) {
            this.maxFailedTrialCount = n;
            return this;
        }

        /** The kind of each trial: a batch Job (default) or a Training Operator kind. */
        public Builder trialKind(JobKind kind) {
            if (kind != JobKind.JOB && !kind.isTrainingOperator()) {
                throw new InvalidJobSpecException(
                        "Katib trials can be a Job or a Training Operator job, not a " + kind.kind());
            }
            this.trialKind = kind;
            return this;
        }

        public Tuning build() {
            if (parameters.isEmpty()) {
                throw new InvalidJobSpecException("tuning needs at least one parameter");
            }
            Set<String> names = new LinkedHashSet<>();
            for (Parameter p : parameters) {
                if (!names.add(p.name())) {
                    throw new InvalidJobSpecException("tuning parameter '" + p.name() + "' is given twice");
                }
            }
            int parallel = parallelTrialCount == null ? 3 : parallelTrialCount;
            int maxFailed = maxFailedTrialCount == null ? 3 : maxFailedTrialCount;
            if (parallel < 1 || maxTrialCount < 1 || maxFailed < 0) {
                throw new InvalidJobSpecException(
                        "tuning trial counts: parallel and max must be 1 or more, max failed 0 or more (got " + parallel
                                + ", " + maxTrialCount + ", " + maxFailed + ")");
            }
            effectiveMax = maxTrialCount;
            if (algorithm.equals("grid")) {
                // Katib's grid rejects maxTrialCount > the number of grid points (KatibRules.gridPoints); a grid search
                // runs at most its whole grid (as the local tuner does), so the count is the smaller of the two
                effectiveMax = (int) Math.min(maxTrialCount, KatibRules.gridPoints(parameters));
            }
            if (parallelTrialCount != null && parallelTrialCount > maxTrialCount) {
                throw new InvalidJobSpecException("tuning: parallel trials (" + parallelTrialCount
                        + ") more than max trials (" + maxTrialCount + ")");
            }
            // Katib validator.go: parallelTrialCount <= maxTrialCount and maxFailedTrialCount <= maxTrialCount. Both
            // are
            // lowered to the max trials when above it: no more trials than that can run at once or fail, so nothing
            // changes
            effectiveParallel = Math.min(parallel, effectiveMax);
            effectiveMaxFailed = Math.min(maxFailed, effectiveMax);
            KatibRules.check(this.objectiveMetricName, additionalMetricNames, algorithm, algorithmSettings, parameters);
            return new Tuning(this);
        }
    }
}
