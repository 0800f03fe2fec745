package io.jfairing.fairing.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.MetricLines;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    private static List<Map<String, String>> drain(SearchSpace space, int max) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> next;
        while (out.size() < max && (next = space.next()) != null) {
            out.add(next);
        }
        return out;
    }

    @Test
    void gridIsEveryCombinationFirstParameterSlowest() throws Exception {
        SearchSpace.Grid grid = new SearchSpace.Grid(
                List.of(Tuning.Parameter.intRange("x", 1, 3), Tuning.Parameter.categorical("opt", "sgd", "adam")));
        assertThat(grid.size()).isEqualTo(6);
        assertThat(drain(grid, 100))
                .containsExactly(
                        Map.of("x", "1", "opt", "sgd"), Map.of("x", "1", "opt", "adam"),
                        Map.of("x", "2", "opt", "sgd"), Map.of("x", "2", "opt", "adam"),
                        Map.of("x", "3", "opt", "sgd"), Map.of("x", "3", "opt", "adam"));
    }

    @Test
    void gridStepsAreExactDecimals() throws Exception {
        assertThat(SearchSpace.Grid.gridValues(
                        Tuning.Parameter.doubleRange("lr", 0.1, 0.5).step("0.1")))
                .containsExactly("0.1", "0.2", "0.3", "0.4", "0.5");
        assertThat(SearchSpace.Grid.gridValues(
                        Tuning.Parameter.intRange("n", 2, 9).step("3")))
                .containsExactly("2", "5", "8");
        assertThat(SearchSpace.Grid.gridValues(Tuning.Parameter.discrete("b", 16, 32)))
                .containsExactly("16", "32");
        assertThat(SearchSpace.Grid.gridValues(Tuning.Parameter.intRange("y", -2, 0)))
                .containsExactly("-2", "-1", "0");
    }

    @Test
    void gridNeedsAStepForDoubles() {
        assertThatThrownBy(() -> new SearchSpace.Grid(List.of(Tuning.Parameter.doubleRange("lr", 0.1, 0.5))))
                .isInstanceOf(JobException.class)
                .hasMessageContaining("grid search needs a step for the double parameter 'lr'");
    }

    @Test
    void randomDrawsStayInTheirSpaceAndTheSeedRepeatsThem() {
        List<Tuning.Parameter> params = List.of(
                Tuning.Parameter.doubleRange("lr", 0.001, 0.1),
                Tuning.Parameter.intRange("layers", 1, 4),
                Tuning.Parameter.categorical("opt", "sgd", "adam"),
                Tuning.Parameter.doubleRange("drop", 0.0, 0.5).step("0.25"));
        List<Map<String, String>> draws = drain(new SearchSpace.RandomDraws(params, new Random(7)), 500);
        Set<String> layers = new HashSet<>();
        Set<String> drops = new HashSet<>();
        for (Map<String, String> d : draws) {
            assertThat(Double.parseDouble(d.get("lr"))).isBetween(0.001, 0.1);
            layers.add(d.get("layers"));
            drops.add(d.get("drop"));
            assertThat(d.get("opt")).isIn("sgd", "adam");
        }
        assertThat(layers).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(drops).containsExactlyInAnyOrder("0", "0.25", "0.5");
        assertThat(drain(new SearchSpace.RandomDraws(params, new Random(7)), 500))
                .isEqualTo(draws);
    }

    @Test
    void onlyRandomAndGridRunLocally() {
        Tuning tpe = Tuning.maximize("acc")
                .algorithm("tpe")
                .parameter(Tuning.Parameter.intRange("x", 0, 1))
                .build();
        assertThatThrownBy(() -> SearchSpace.of(tpe, 1))
                .isInstanceOf(JobException.class)
                .hasMessageContaining("the local tuner runs random and grid search; 'tpe' needs Katib");
    }

    @Test
    void metricsAreReadAsKatibsStdOutCollectorReadsThem() {
        Map<String, Double> metrics = MetricLines.parse(
                List.of(
                        "epoch 1: loss=0.9 accuracy = 0.5",
                        "noise max=3",
                        "loss=0.25",
                        "accuracy=9.5e-1 other=2",
                        "accuracy=oops",
                        "val-loss=-1.5"),
                List.of("loss", "accuracy", "val-loss", "x"));
        assertThat(metrics)
                .containsExactlyInAnyOrderEntriesOf(Map.of("loss", 0.25, "accuracy", 0.95, "val-loss", -1.5));
    }
}
