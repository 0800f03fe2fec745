package io.jfairing.fairing.deploy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of Katib's Experiment webhook ({@code kubeflow/katib pkg/webhook/v1beta1/experiment/validator/validator.go})
 * and of its suggestion services' {@code ValidateAlgorithmSettings} (called by that webhook), which the Experiment CRD
 * (an open schema) does not carry; applied in {@link Tuning.Builder#build()}. Errors read "field: rule (source)".
 *
 * <p>Which service validates which algorithm (Katib's default {@code katib-config}): random and tpe: hyperopt
 * ({@code pkg/suggestion/v1beta1/hyperopt/service.py}); grid: optuna ({@code pkg/suggestion/v1beta1/optuna/service.py});
 * bayesianoptimization: skopt ({@code pkg/suggestion/v1beta1/skopt/service.py}); hyperband: hyperband
 * ({@code pkg/suggestion/v1beta1/hyperband/service.py}). Each rejects a setting name it does not know.
 */
public final class KatibRules {
    static final String VALIDATOR = "katib pkg/webhook/v1beta1/experiment/validator/validator.go";
    static final String HYPEROPT = "katib pkg/suggestion/v1beta1/hyperopt/service.py ValidateAlgorithmSettings";
    static final String OPTUNA = "katib pkg/suggestion/v1beta1/optuna/service.py ValidateAlgorithmSettings";
    static final String SKOPT = "katib pkg/suggestion/v1beta1/skopt/service.py ValidateAlgorithmSettings";
    static final String HYPERBAND = "katib pkg/suggestion/v1beta1/hyperband/service.py ValidateAlgorithmSettings";
    /**
     * The StdOut collector's default filter, {@code ([\w|-]+)\s*=\s*([+-]?\d*(\.\d+)?([Ee][+-]?\d+)?)}
     * (katib pkg/metricscollector/v1beta1/common/const.go DefaultFilter): a metric's name must be {@code [\w|-]+}.
     */
    static final Pattern STDOUT_METRIC_NAME = Pattern.compile("[\\w|-]+");

    /** The algorithm settings each algorithm's suggestion service accepts. */
    public static final Map<String, Set<String>> SETTINGS = Map.of(
            "random", Set.of("random_state"),
            "tpe", Set.of("random_state", "gamma", "prior_weight", "n_EI_candidates"),
            "grid", Set.of(),
            "bayesianoptimization",
                    Set.of("base_estimator", "n_initial_points", "acq_func", "acq_optimizer", "random_state"),
            "hyperband", Set.of("r_l", "eta", "resource_name"));

    private KatibRules() {}

    static void check(
            String objective,
            List<String> additionalMetrics,
            String algorithm,
            Map<String, String> settings,
            List<Tuning.Parameter> parameters) {
        metricName("objective.objectiveMetricName", objective);
        for (String m : additionalMetrics) {
            metricName("objective.additionalMetricNames", m);
            // validator.go validateObjective: "additionalMetricNames should not contain objective metric name"
            if (m.equals(objective)) {
                throw new InvalidJobSpecException(
                        "objective.additionalMetricNames: '" + m + "' is the objective metric; "
                                + "it must not be listed again (" + VALIDATOR + " validateObjective)");
            }
        }
        Set<String> known = SETTINGS.get(algorithm);
        String source = source(algorithm);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new InvalidJobSpecException(
                        "algorithm.algorithmSettings[" + e.getKey() + "]: unknown setting for "
                                + algorithm
                                + (known.isEmpty()
                                        ? ", which takes none"
                                        : "; known: " + known.stream().sorted().toList())
                                + " (" + source + ")");
            }
            if (e.getValue() == null) {
                throw new InvalidJobSpecException(
                        "algorithm.algorithmSettings[" + e.getKey() + "]: has no value (" + source + ")");
            }
        }
        switch (algorithm) {
            case "random" -> nonNegativeInt(settings, "random_state", HYPEROPT);
            case "tpe" -> {
                nonNegativeInt(settings, "random_state", HYPEROPT);
                // hyperopt/service.py: "gamma should be in the range of (0, 1)"
                String gamma = settings.get("gamma");
                if (gamma != null && !(number("gamma", gamma, HYPEROPT) > 0 && number("gamma", gamma, HYPEROPT) < 1)) {
                    throw setting("gamma", gamma, "must be between 0 and 1, both excluded", HYPEROPT);
                }
                // hyperopt/service.py: "prior_weight should be great than zero"
                String prior = settings.get("prior_weight");
                if (prior != null && number("prior_weight", prior, HYPEROPT) <= 0) {
                    throw setting("prior_weight", prior, "must be greater than 0", HYPEROPT);
                }
                // hyperopt/service.py: "n_EI_candidates should be great than zero"
                String candidates = settings.get("n_EI_candidates");
                if (candidates != null && integer("n_EI_candidates", candidates, HYPEROPT) <= 0) {
                    throw setting("n_EI_candidates", candidates, "must be an integer greater than 0", HYPEROPT);
                }
            }
            case "bayesianoptimization" -> {
                // skopt/service.py: base_estimator in ["GP", "RF", "ET", "GBRT"]; acq_func in the gp_minimize ones;
                // acq_optimizer in ["auto", "sampling", "lbfgs"]; n_initial_points and random_state >= 0
                oneOf(settings, "base_estimator", Set.of("GP", "RF", "ET", "GBRT"));
                oneOf(settings, "acq_func", Set.of("gp_hedge", "LCB", "EI", "PI", "EIps", "PIps"));
                oneOf(settings, "acq_optimizer", Set.of("auto", "sampling", "lbfgs"));
                nonNegativeInt(settings, "n_initial_points", SKOPT);
                nonNegativeInt(settings, "random_state", SKOPT);
            }
            case "grid" -> {
                for (Tuning.Parameter p : parameters) {
                    // optuna/service.py (grid): "Param: {} step is nil"; a double has no grid without a step
                    if (p.type() == Tuning.ParameterType.DOUBLE && p.step() == null) {
                        throw new InvalidJobSpecException(
                                "parameters[" + p.name() + "].feasibleSpace.step: is required for a double "
                                        + "parameter in a grid search: Parameter.doubleRange(...).step(\"0.1\") or --double NAME=MIN:MAX:STEP ("
                                        + OPTUNA + ")");
                    }
                }
            }
            case "hyperband" -> {
                // hyperband/service.py: r_l and resource_name are required; "r_l should be greater than zero"
                String rl = settings.get("r_l");
                if (rl == null) {
                    throw setting(
                            "r_l",
                            null,
                            "is required: the maximum resource (e.g. epochs) one trial gets; "
                                    + "algorithmSetting(\"r_l\", 9)",
                            HYPERBAND);
                }
                if (number("r_l", rl, HYPERBAND) <= 0) {
                    throw setting("r_l", rl, "must be greater than 0", HYPERBAND);
                }
                // hyperband/parameter.py: s_max = log(r_l) / log(eta), so eta must be more than 1 (default 3)
                String eta = settings.get("eta");
                if (eta != null && number("eta", eta, HYPERBAND) <= 1) {
                    throw setting("eta", eta, "must be greater than 1", HYPERBAND);
                }
                String resource = settings.get("resource_name");
                if (resource == null) {
                    throw setting(
                            "resource_name",
                            null,
                            "is required: the parameter that is the trial's resource "
                                    + "(e.g. epochs); algorithmSetting(\"resource_name\", \"epochs\")",
                            HYPERBAND);
                }
                // hyperband/service.py: the resource is one of the experiment's parameters, and a number (int or
                // double)
                Tuning.Parameter p = parameters.stream()
                        .filter(x -> x.name().equals(resource))
                        .findFirst()
                        .orElseThrow(() -> setting(
                                "resource_name",
                                resource,
                                "is not one of the parameters "
                                        + parameters.stream()
                                                .map(Tuning.Parameter::name)
                                                .toList(),
                                HYPERBAND));
                if (p.type() != Tuning.ParameterType.INT && p.type() != Tuning.ParameterType.DOUBLE) {
                    throw setting(
                            "resource_name",
                            resource,
                            "must name an int or double parameter, not a "
                                    + p.type().value(),
                            HYPERBAND);
                }
            }
            default -> throw new IllegalStateException(algorithm);
        }
    }

    /**
     * The number of points of the grid over {@code parameters}: int ranges step 1 by default; doubles need a step
     * (else {@link Long#MAX_VALUE}, the rule above fails first); lists count their values. Katib's grid rejects a
     * {@code maxTrialCount} above it (optuna/service.py ValidateAlgorithmSettings: "Max Trial Count: {} > all possible
     * search space combinations: {}").
     */
    public static long gridPoints(List<Tuning.Parameter> parameters) {
        long total = 1;
        for (Tuning.Parameter p : parameters) {
            long n;
            if (p.type() == Tuning.ParameterType.DISCRETE || p.type() == Tuning.ParameterType.CATEGORICAL) {
                n = p.list().size();
            } else if (p.step() == null && p.type() == Tuning.ParameterType.DOUBLE) {
                return Long.MAX_VALUE;
            } else {
                BigDecimal step = p.step() == null ? BigDecimal.ONE : new BigDecimal(p.step());
                n = new BigDecimal(p.max())
                                .subtract(new BigDecimal(p.min()))
                                .divide(step, 0, RoundingMode.FLOOR)
                                .longValueExact()
                        + 1;
            }
            if (n > 0 && total > Long.MAX_VALUE / n) {
                return Long.MAX_VALUE;
            }
            total *= n;
        }
        return total;
    }

    private static void metricName(String field, String name) {
        if (name == null || !STDOUT_METRIC_NAME.matcher(name).matches()) {
            throw new InvalidJobSpecException(
                    field + ": '" + name + "' never matches the StdOut metrics collector's default "
                            + "filter ([\\w|-]+)\\s*=\\s*NUMBER: use letters, digits, '_', '-' and '|' only, as in 'val_accuracy' "
                            + "(katib pkg/metricscollector/v1beta1/common/const.go DefaultFilter)");
        }
    }

    private static String source(String algorithm) {
        return switch (algorithm) {
            case "random", "tpe" -> HYPEROPT;
            case "grid" -> OPTUNA;
            case "bayesianoptimization" -> SKOPT;
            default -> HYPERBAND;
        };
    }

    private static InvalidJobSpecException setting(String name, String value, String rule, String source) {
        return new InvalidJobSpecException("algorithm.algorithmSettings[" + name + "]: "
                + (value == null ? "" : "'" + value + "' ") + rule + " (" + source + ")");
    }

    private static void oneOf(Map<String, String> settings, String name, Set<String> allowed) {
        String v = settings.get(name);
        if (v != null && !allowed.contains(v)) {
            throw setting(name, v, "must be one of " + allowed.stream().sorted().toList(), SKOPT);
        }
    }

    private static void nonNegativeInt(Map<String, String> settings, String name, String source) {
        String v = settings.get(name);
        // hyperopt/service.py and skopt/service.py: "... should be great or equal than zero"
        if (v != null && integer(name, v, source) < 0) {
            throw setting(name, v, "must be an integer of 0 or more", source);
        }
    }

    private static double number(String name, String value, String source) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw setting(name, value, "is not a number", source);
        }
    }

    private static long integer(String name, String value, String source) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw setting(name, value, "is not an integer", source);
        }
    }
}
