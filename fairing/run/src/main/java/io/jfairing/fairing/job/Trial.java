package io.jfairing.fairing.job;

import java.util.Map;
import java.util.Objects;

/**
 * One trial of a tuning sweep: its parameters, phase, and the metrics it reported ({@code name=value} lines on
 * stdout, as Katib's StdOut collector reads them).
 *
 * @param objective the objective metric's value (its last reported value); null until reported
 */
public record Trial(
        String name, Map<String, String> parameters, JobPhase phase, Double objective, Map<String, Double> metrics) {
    public Trial {
        Objects.requireNonNull(name, "name");
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(phase, "phase");
        metrics = Map.copyOf(metrics);
    }
}
