package io.jfairing.fairing.tune;

import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.JobException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The parameter sets a sweep tries: every combination of a grid (first parameter slowest), or random draws. Values are
 * strings as a trial gets them in its env ({@code FAIRING_PARAM_X=0.5}). Not thread-safe: one per sweep.
 */
abstract class SearchSpace {
    protected final List<Tuning.Parameter> parameters;

    SearchSpace(List<Tuning.Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    /** The next parameter set, or null when the space is exhausted. */
    abstract Map<String, String> next();

    /** The search for {@code tuning.algorithm()}: {@code grid} or {@code random}. */
    static SearchSpace of(Tuning tuning, long seed) throws JobException {
        return switch (tuning.algorithm()) {
            case "grid" -> new Grid(tuning.parameters());
            case "random" -> new RandomDraws(tuning.parameters(), new Random(seed));
            default ->
                throw new JobException(
                        "the local tuner runs random and grid search; '" + tuning.algorithm()
                                + "' needs Katib (run the sweep on Kubernetes) or choose algorithm(\"random\") or algorithm(\"grid\")");
        };
    }

    /** Every combination, first parameter slowest. */
    static final class Grid extends SearchSpace {
        private final List<List<String>> values = new ArrayList<>();
        private final int[] position;
        private boolean done;

        Grid(List<Tuning.Parameter> parameters) throws JobException {
            super(parameters);
            for (Tuning.Parameter p : parameters) {
                values.add(gridValues(p));
            }
            position = new int[parameters.size()];
        }

        /** How many combinations there are. */
        long size() {
            long n = 1;
            for (List<String> v : values) {
                n *= v.size();
            }
            return n;
        }

        @Override
        Map<String, String> next() {
            if (done) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < parameters.size(); i++) {
                out.put(parameters.get(i).name(), values.get(i).get(position[i]));
            }
            int i = position.length - 1;
            while (i >= 0 && ++position[i] == values.get(i).size()) {
                position[i] = 0;
                i--;
            }
            done = i < 0;
            return out;
        }

        static List<String> gridValues(Tuning.Parameter p) throws JobException {
            return switch (p.type()) {
                case DISCRETE, CATEGORICAL -> p.list();
                case INT -> steps(p, p.step() == null ? BigDecimal.ONE : new BigDecimal(p.step()));
                case DOUBLE -> {
                    if (p.step() == null) {
                        throw new JobException("grid search needs a step for the double parameter '" + p.name()
                                + "' (as Katib's grid does): Parameter.doubleRange(...).step(\"0.1\")");
                    }
                    yield steps(p, new BigDecimal(p.step()));
                }
            };
        }

        private static List<String> steps(Tuning.Parameter p, BigDecimal step) throws JobException {
            BigDecimal min = new BigDecimal(p.min());
            BigDecimal max = new BigDecimal(p.max());
            List<String> out = new ArrayList<>();
            for (BigDecimal v = min; v.compareTo(max) <= 0; v = v.add(step)) {
                if (out.size() == 100_000) {
                    throw new JobException(
                            "the grid of parameter '" + p.name() + "' has more than 100000 points; use a larger step");
                }
                out.add(v.stripTrailingZeros().toPlainString());
            }
            return out;
        }
    }

    /** Independent uniform draws: within [min, max] (on the step's grid when there is a step), or one of the list. */
    static final class RandomDraws extends SearchSpace {
        private final Random random;

        RandomDraws(List<Tuning.Parameter> parameters, Random random) {
            super(parameters);
            this.random = random;
        }

        @Override
        Map<String, String> next() {
            Map<String, String> out = new LinkedHashMap<>();
            for (Tuning.Parameter p : parameters) {
                out.put(p.name(), draw(p));
            }
            return out;
        }

        private String draw(Tuning.Parameter p) {
            switch (p.type()) {
                case DISCRETE, CATEGORICAL -> {
                    return p.list().get(random.nextInt(p.list().size()));
                }
                case INT -> {
                    long min = Long.parseLong(p.min());
                    long step = p.step() == null ? 1 : Long.parseLong(p.step());
                    long points = (Long.parseLong(p.max()) - min) / step + 1;
                    return Long.toString(min + step * (long) (random.nextDouble() * points));
                }
                default -> {
                    double min = Double.parseDouble(p.min());
                    double max = Double.parseDouble(p.max());
                    if (p.step() != null) {
                        BigDecimal step = new BigDecimal(p.step());
                        long points = new BigDecimal(p.max())
                                        .subtract(new BigDecimal(p.min()))
                                        .divideToIntegralValue(step)
                                        .longValue()
                                + 1;
                        return new BigDecimal(p.min())
                                .add(step.multiply(BigDecimal.valueOf((long) (random.nextDouble() * points))))
                                .stripTrailingZeros()
                                .toPlainString();
                    }
                    return Double.toString(min + (max - min) * random.nextDouble());
                }
            }
        }
    }
}
