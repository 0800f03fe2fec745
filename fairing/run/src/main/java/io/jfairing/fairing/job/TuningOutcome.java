package io.jfairing.fairing.job;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a sweep ended: every trial, and the best one by the objective's goal.
 *
 * @param best null when no trial reported the objective
 */
public record TuningOutcome(String name, JobPhase phase, List<Trial> trials, Trial best, Duration duration) {
    public TuningOutcome {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phase, "phase");
        trials = List.copyOf(trials);
        Objects.requireNonNull(duration, "duration");
    }
}
