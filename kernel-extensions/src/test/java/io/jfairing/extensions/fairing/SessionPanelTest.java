package io.jfairing.extensions.fairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.Trial;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionPanelTest {
    private static final List<Trial> TRIALS = List.of(
            trial("t1", 0.3),
            trial("t2", null), // still running: no objective yet
            trial("t3", 0.9),
            trial("t4", Double.NaN),
            trial("t5", 0.1));

    @Test
    void theBestTrialFollowsTheSweepsGoalAmongTrialsThatReportedTheObjective() {
        assertThat(SessionPanel.best(TRIALS, tuning(Tuning.minimize("loss"))))
                .map(Trial::name)
                .hasValue("t5");
        assertThat(SessionPanel.best(TRIALS, tuning(Tuning.maximize("accuracy"))))
                .map(Trial::name)
                .hasValue("t3");
        assertThat(SessionPanel.best(List.of(trial("t1", null)), tuning(Tuning.minimize("loss"))))
                .isEmpty();
    }

    private static Tuning tuning(Tuning.Builder builder) {
        return builder.parameter(Tuning.Parameter.doubleRange("x", 0, 1)).build();
    }

    private static Trial trial(String name, Double objective) {
        return new Trial(
                name,
                Map.of("x", "0.5"),
                objective == null ? JobPhase.RUNNING : JobPhase.SUCCEEDED,
                objective,
                Map.of());
    }
}
