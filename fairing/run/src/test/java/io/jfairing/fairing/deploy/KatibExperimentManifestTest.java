package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Katib's CRD schema is open (preserve-unknown-fields): the Experiment's fields are checked against mission.md's list. */
class KatibExperimentManifestTest {
    /** Katib v1beta1 Experiment spec fields we may write (docs/mission.md, "Reference facts"). */
    static final Set<String> SPEC_FIELDS = Set.of(
            "objective",
            "algorithm",
            "parameters",
            "trialTemplate",
            "parallelTrialCount",
            "maxTrialCount",
            "maxFailedTrialCount",
            "metricsCollectorSpec");

    static Tuning tuning(JobKind trialKind) {
        return Tuning.maximize("accuracy")
                .goal(0.99)
                .additionalMetric("loss")
                .algorithm("bayesianoptimization")
                .parameter(Tuning.Parameter.doubleRange("lr", 0.001, 0.1))
                .parameter(Tuning.Parameter.intRange("epochs", 1, 10).step("1"))
                .parameter(Tuning.Parameter.discrete("batch", 32, 64, 128))
                .parameter(Tuning.Parameter.categorical("optimizer", "sgd", "adam"))
                .parallelTrials(2)
                .maxTrials(8)
                .maxFailedTrials(1)
                .trialKind(trialKind)
                .build();
    }

    @Test
    void experimentHasTheFieldsKatibReads() {
        JobSpec spec = JobSpec.builder("img:1")
                .name("Tune LR")
                .tuning(tuning(JobKind.JOB))
                .resources(Resources.none().cpu("1"))
                .build();
        JsonNode e = CrdSchemaValidator.JSON.valueToTree(ManifestGenerator.manifest(spec));
        assertThat(e.path("apiVersion").asText()).isEqualTo("kubeflow.org/v1beta1");
        assertThat(e.path("kind").asText()).isEqualTo("Experiment");
        assertThat(CrdSchemaValidator.load("kubeflow.org_experiments.yaml").validate(ManifestGenerator.manifest(spec)))
                .isEmpty();
        JsonNode s = e.path("spec");
        assertThat(fieldNames(s))
                .isSubsetOf(SPEC_FIELDS)
                .contains("objective", "algorithm", "parameters", "trialTemplate");
        assertThat(fieldNames(s.path("objective")))
                .isSubsetOf("type", "goal", "objectiveMetricName", "additionalMetricNames");
        assertThat(s.at("/objective/type").asText()).isIn("maximize", "minimize");
        assertThat(s.at("/objective/objectiveMetricName").asText()).isEqualTo("accuracy");
        assertThat(s.at("/algorithm/algorithmName").asText()).isIn(Tuning.ALGORITHMS);
        assertThat(s.at("/metricsCollectorSpec/collector/kind").asText()).isEqualTo("StdOut");
        assertThat(s.path("parallelTrialCount").asInt()).isEqualTo(2);
        assertThat(s.path("maxTrialCount").asInt()).isEqualTo(8);
        assertThat(s.path("maxFailedTrialCount").asInt()).isEqualTo(1);
        List<String> names = new ArrayList<>();
        for (JsonNode p : s.path("parameters")) {
            assertThat(fieldNames(p)).containsExactlyInAnyOrder("name", "parameterType", "feasibleSpace");
            assertThat(p.path("parameterType").asText()).isIn("double", "int", "discrete", "categorical");
            assertThat(fieldNames(p.path("feasibleSpace")))
                    .isSubsetOf("min", "max", "step", "list")
                    .isNotEmpty();
            names.add(p.path("name").asText());
        }
        assertThat(names).containsExactly("lr", "epochs", "batch", "optimizer");
        JsonNode tt = s.path("trialTemplate");
        assertThat(fieldNames(tt))
                .isSubsetOf(
                        "primaryContainerName",
                        "trialParameters",
                        "trialSpec",
                        "primaryPodLabels",
                        "successCondition",
                        "failureCondition");
        assertThat(tt.path("primaryContainerName").asText())
                .isEqualTo(
                        tt.at("/trialSpec/spec/template/spec/containers/0/name").asText());
        for (JsonNode tp : tt.path("trialParameters")) {
            assertThat(names).contains(tp.path("reference").asText());
        }
        String trial = tt.path("trialSpec").toString();
        for (String n : names) {
            assertThat(trial).contains("${trialParameters." + n + "}");
        }
        assertThat(trial).contains(KatibExperimentGenerator.parameterEnv("lr"));
    }

    @Test
    void jobTrialSpecIsAValidBatchJob() throws Exception {
        JobSpec spec = JobSpec.builder("img:1")
                .tuning(tuning(JobKind.JOB))
                .replicas(1)
                .runPolicy(RunPolicy.none().backoffLimit(0))
                .build();
        JsonNode trialSpec = CrdSchemaValidator.JSON
                .valueToTree(ManifestGenerator.manifest(spec))
                .at("/spec/trialTemplate/trialSpec");
        Job job = CrdSchemaValidator.JSON.treeToValue(trialSpec, Job.class);
        JsonNode back = CrdSchemaValidator.JSON.valueToTree(job);
        assertThat(back.toString()).isEqualTo(trialSpec.toString());
        assertThat(job.getSpec().getBackoffLimit()).isZero();
    }

    @Test
    void pytorchTrialsNameTheirPrimaryPodAndConditions() {
        JobSpec spec = JobSpec.builder("img:1")
                .tuning(tuning(JobKind.PYTORCH_JOB))
                .replicas(1)
                .build();
        JsonNode tt = CrdSchemaValidator.JSON
                .valueToTree(ManifestGenerator.manifest(spec))
                .at("/spec/trialTemplate");
        assertThat(tt.path("primaryContainerName").asText()).isEqualTo("pytorch");
        assertThat(tt.at("/primaryPodLabels/training.kubeflow.org~1job-role").asText())
                .isEqualTo("master");
        assertThat(tt.path("successCondition").asText()).contains("Succeeded");
        assertThat(tt.at("/trialSpec/kind").asText()).isEqualTo("PyTorchJob");
    }

    @Test
    void badTuningFailsClearly() {
        assertThatThrownBy(() -> Tuning.maximize("acc").algorithm("simulated-annealing"))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageContaining("simulated-annealing")
                .hasMessageContaining("random");
        assertThatThrownBy(() -> Tuning.maximize("acc").build()).hasMessageContaining("at least one parameter");
        assertThatThrownBy(() -> Tuning.Parameter.intRange("e", 10, 1))
                .hasMessageContaining("min 10 is more than max 1");
        assertThatThrownBy(() -> new Tuning.Parameter("x", Tuning.ParameterType.INT, "1.5", "3", null, null))
                .hasMessageContaining("not an integer");
        assertThatThrownBy(() -> Tuning.Parameter.categorical("opt")).hasMessageContaining("needs a list");
        assertThatThrownBy(() -> Tuning.maximize("acc")
                        .parameter(Tuning.Parameter.intRange("e", 1, 2))
                        .trialKind(JobKind.TRAIN_JOB))
                .hasMessageContaining("not a TrainJob");
        assertThatThrownBy(() -> JobSpec.builder("img").kind(JobKind.EXPERIMENT).build())
                .hasMessageContaining("tuning");
        assertThatThrownBy(() -> JobSpec.builder("img")
                        .tuning(tuning(JobKind.JOB))
                        .replicas(Role.LAUNCHER, 1)
                        .build())
                .hasMessageContaining("Job has no role Launcher");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
