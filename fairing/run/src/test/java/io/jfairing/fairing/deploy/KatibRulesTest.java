package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Katib's webhook and suggestion services' rules (issue 15), checked in {@code Tuning.Builder.build()}. */
class KatibRulesTest {
    private static final Tuning.Parameter LR =
            Tuning.Parameter.doubleRange("lr", 0.1, 0.9).step("0.4");
    private static final Tuning.Parameter EPOCHS =
            Tuning.Parameter.intRange("epochs", 50, 150).step("50");

    private static JsonNode experiment(Tuning tuning) {
        JobSpec spec = JobSpec.builder("img").name("sweep").tuning(tuning).build();
        assertThat(CrdManifests.problems(ManifestGenerator.manifest(spec))).isEmpty();
        return CrdSchemaValidator.JSON
                .valueToTree(ManifestGenerator.manifest(spec))
                .path("spec");
    }

    @Test
    void gridMaxTrialsIsAtMostTheGrid() {
        JsonNode e = experiment(Tuning.minimize("loss")
                .algorithm("grid")
                .parameter(LR)
                .parameter(EPOCHS)
                .build());
        assertThat(e.path("maxTrialCount").asInt()).isEqualTo(9);
        assertThat(e.path("parallelTrialCount").asInt()).isEqualTo(3);
        assertThat(Tuning.minimize("loss")
                        .algorithm("grid")
                        .parameter(LR)
                        .maxTrials(12)
                        .parallelTrials(2)
                        .build()
                        .maxTrialCount())
                .isEqualTo(3);
        assertThat(Tuning.minimize("loss")
                        .algorithm("grid")
                        .parameter(LR)
                        .parameter(EPOCHS)
                        .maxTrials(5)
                        .build()
                        .maxTrialCount())
                .isEqualTo(5);
        assertThat(KatibRules.gridPoints(java.util.List.of(
                        Tuning.Parameter.intRange("n", 2, 9).step("3"),
                        Tuning.Parameter.categorical("o", "a", "b"),
                        Tuning.Parameter.intRange("y", -2, 0))))
                .isEqualTo(18);
        assertThat(KatibRules.gridPoints(java.util.List.of(
                        Tuning.Parameter.doubleRange("lr", 0.01, 0.05).step("0.01"))))
                .isEqualTo(5);
    }

    @Test
    void gridDoubleNeedsAStep() {
        assertThatThrownBy(() -> Tuning.maximize("accuracy")
                        .algorithm("grid")
                        .parameter(Tuning.Parameter.doubleRange("lr", 0.01, 0.5))
                        .build())
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageContaining("parameters[lr].feasibleSpace.step: is required")
                .hasMessageContaining("optuna/service.py");
    }

    @Test
    void fewTrialsWithTheDefaultMaxFailedAndParallel() {
        for (int n = 1; n <= 2; n++) {
            JsonNode e = experiment(
                    Tuning.maximize("acc").parameter(EPOCHS).maxTrials(n).build());
            assertThat(e.path("maxFailedTrialCount").asInt()).isEqualTo(n);
            assertThat(e.path("parallelTrialCount").asInt()).isEqualTo(n);
        }
        assertThat(Tuning.maximize("acc")
                        .parameter(EPOCHS)
                        .maxTrials(2)
                        .maxFailedTrials(5)
                        .build()
                        .maxFailedTrialCount())
                .isEqualTo(2);
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .parameter(EPOCHS)
                        .maxTrials(2)
                        .parallelTrials(3)
                        .build())
                .hasMessageContaining("more than max trials");
    }

    @Test
    void additionalMetricMustNotBeTheObjective() {
        assertThatThrownBy(() -> Tuning.maximize("accuracy")
                        .additionalMetric("accuracy")
                        .parameter(EPOCHS)
                        .build())
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageContaining("objective.additionalMetricNames: 'accuracy'")
                .hasMessageContaining("validator.go");
    }

    @Test
    void metricNamesMatchTheStdOutCollectorsFilter() {
        assertThatThrownBy(
                        () -> Tuning.maximize("val.accuracy").parameter(EPOCHS).build())
                .hasMessageContaining("objective.objectiveMetricName: 'val.accuracy'")
                .hasMessageContaining("DefaultFilter");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .additionalMetric("train loss")
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("objective.additionalMetricNames: 'train loss'");
        experiment(Tuning.maximize("val_accuracy")
                .additionalMetric("train-loss")
                .parameter(EPOCHS)
                .build());
    }

    @Test
    void hyperbandNeedsItsSettings() {
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("hyperband")
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("algorithm.algorithmSettings[r_l]: is required")
                .hasMessageContaining("hyperband/service.py");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("hyperband")
                        .algorithmSetting("r_l", 9)
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("algorithmSettings[resource_name]: is required");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("hyperband")
                        .algorithmSetting("r_l", 0)
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("[r_l]: '0' must be greater than 0");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("hyperband")
                        .algorithmSetting("r_l", 9)
                        .algorithmSetting("eta", 1)
                        .algorithmSetting("resource_name", "epochs")
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("[eta]: '1' must be greater than 1");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("hyperband")
                        .algorithmSetting("r_l", 9)
                        .algorithmSetting("resource_name", "steps")
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("is not one of the parameters [epochs]");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("hyperband")
                        .algorithmSetting("r_l", 9)
                        .algorithmSetting("resource_name", "opt")
                        .parameter(EPOCHS)
                        .parameter(Tuning.Parameter.categorical("opt", "a"))
                        .build())
                .hasMessageContaining("int or double");
        JsonNode e = experiment(Tuning.maximize("acc")
                .algorithm("hyperband")
                .algorithmSetting("r_l", 9)
                .algorithmSetting("eta", 3)
                .algorithmSetting("resource_name", "epochs")
                .parameter(EPOCHS)
                .parameter(LR)
                .parallelTrials(3)
                .build());
        assertThat(e.at("/algorithm/algorithmSettings/0/name").asText()).isEqualTo("r_l");
        assertThat(e.at("/algorithm/algorithmSettings/0/value").asText()).isEqualTo("9");
        assertThat(e.at("/algorithm/algorithmSettings").size()).isEqualTo(3);
    }

    @Test
    void settingsOfEveryAlgorithm() {
        experiment(Tuning.maximize("acc")
                .algorithm("random")
                .algorithmSetting("random_state", 7)
                .parameter(EPOCHS)
                .build());
        experiment(Tuning.maximize("acc")
                .algorithm("tpe")
                .algorithmSetting("gamma", 0.25)
                .algorithmSetting("prior_weight", 1.0)
                .algorithmSetting("n_EI_candidates", 24)
                .algorithmSetting("random_state", 1)
                .parameter(EPOCHS)
                .build());
        experiment(Tuning.maximize("acc")
                .algorithm("bayesianoptimization")
                .algorithmSetting("base_estimator", "GP")
                .algorithmSetting("n_initial_points", 5)
                .algorithmSetting("acq_func", "gp_hedge")
                .algorithmSetting("acq_optimizer", "auto")
                .algorithmSetting("random_state", 3)
                .parameter(LR)
                .build());
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("random")
                        .algorithmSetting("random_state", -1)
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("[random_state]: '-1' must be an integer of 0 or more")
                .hasMessageContaining("hyperopt");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("tpe")
                        .algorithmSetting("gamma", 1.5)
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("[gamma]");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("tpe")
                        .algorithmSetting("prior_weight", 0)
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("[prior_weight]");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("tpe")
                        .algorithmSetting("n_EI_candidates", "many")
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("[n_EI_candidates]: 'many' is not an integer");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("bayesianoptimization")
                        .algorithmSetting("base_estimator", "NN")
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("[base_estimator]")
                .hasMessageContaining("skopt");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("bayesianoptimization")
                        .algorithmSetting("acq_func", "UCB")
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("[acq_func]");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("bayesianoptimization")
                        .algorithmSetting("acq_optimizer", "adam")
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("[acq_optimizer]");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("bayesianoptimization")
                        .algorithmSetting("n_initial_points", -2)
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("[n_initial_points]");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("grid")
                        .algorithmSetting("random_state", 1)
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("unknown setting for grid, which takes none");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .algorithm("random")
                        .algorithmSetting("seed", 1)
                        .parameter(EPOCHS)
                        .build())
                .hasMessageContaining("algorithmSettings[seed]: unknown setting for random; known: [random_state]");
    }
}
