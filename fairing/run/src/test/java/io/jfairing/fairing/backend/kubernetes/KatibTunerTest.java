package io.jfairing.fairing.backend.kubernetes;

import static io.jfairing.fairing.backend.kubernetes.KubernetesJobBackendTest.IMAGE;
import static io.jfairing.fairing.backend.kubernetes.KubernetesJobBackendTest.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.deploy.CrdManifests;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.Trial;
import io.jfairing.fairing.job.TuningOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Katib tuner against the mock API server, with the test playing Katib's controller: it creates Trials with
 * parameter assignments, finishes them with observed metrics, and keeps the Experiment's currentOptimalTrial.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KatibTunerTest {
    KubernetesMockServer server;
    KubernetesClient client;
    TestOperator operator;

    @BeforeEach
    void setUp() throws Exception {
        operator = new TestOperator(client, NS);
        operator.installCrds("kubeflow.org_experiments.yaml", "kubeflow.org_pytorchjobs.yaml");
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(trialCrd())
                .create();
    }

    /** ../shared/crds has no Trial schema: a CRD that keeps every field, with a status subresource as Katib's has. */
    static CustomResourceDefinition trialCrd() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("trials.kubeflow.org")
                .endMetadata()
                .withNewSpec()
                .withGroup("kubeflow.org")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("Trial")
                .withPlural("trials")
                .withSingular("trial")
                .withListKind("TrialList")
                .endNames()
                .addNewVersion()
                .withName("v1beta1")
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .withNewSubresources()
                .withNewStatus()
                .endStatus()
                .endSubresources()
                .endVersion()
                .endSpec()
                .build();
    }

    static JobSpec sweep(String name) {
        Tuning tuning = Tuning.maximize("accuracy")
                .additionalMetric("loss")
                .algorithm("random")
                .parameter(Tuning.Parameter.doubleRange("lr", 0.001, 0.1))
                .parameter(Tuning.Parameter.intRange("epochs", 1, 10))
                .parallelTrials(2)
                .maxTrials(3)
                .trialKind(JobKind.PYTORCH_JOB)
                .build();
        return JobSpec.builder(IMAGE).name(name).tuning(tuning).build();
    }

    @Test
    void experimentReportsTrialsAsTheyFinishAndTheBestTrial() throws Exception {
        try (KubernetesJobBackend backend = KubernetesJobBackendTest.backend(client)
                .metadataTokenSecret("metadata", "token")
                .build()) {
            KatibTuner tuner = backend.tuner();
            KatibTuningHandle sweep = tuner.tune(JobRequest.builder(sweep("lr-sweep"))
                    .metadataUri("http://metadata:8765")
                    .build());

            GenericKubernetesResource experiment = operator.get(ClusterJobKind.EXPERIMENT.context(), "lr-sweep");
            assertThat(CrdManifests.problems(experiment)).isEmpty();
            assertThat(experiment.getMetadata().getLabels()).containsEntry(JobEnvironment.LABEL_MANAGED_BY, "jfairing");
            Map<String, Object> trialSpec = experiment.get("spec", "trialTemplate", "trialSpec");
            assertThat(CrdManifests.problems(trialSpec))
                    .as("the trial's PyTorchJob")
                    .isEmpty();
            String trialJson = Serialization.asJson(trialSpec);
            assertThat(trialJson)
                    .contains("\"name\":\"FAIRING_PARAM_LR\",\"value\":\"${trialParameters.lr}\"")
                    .contains("\"name\":\"" + JobEnvironment.METADATA_TOKEN
                            + "\",\"valueFrom\":{\"secretKeyRef\":{\"key\":\"token\",\"name\":\"metadata\"}}")
                    .contains("\"jfairing.io/job-name\":\"lr-sweep\"");

            List<Trial> finished = new CopyOnWriteArrayList<>();
            katibCreatesTrial("lr-sweep-aaaa", "0.01", "3");
            katibFinishesTrial("lr-sweep-aaaa", "Succeeded", Map.of("accuracy", "0.81", "loss", "0.52"));
            try (JobHandle.Subscription ignored = sweep.onTrial(finished::add)) {
                Await.until("the trial that already finished", () -> finished.size() == 1);
                katibCreatesTrial("lr-sweep-bbbb", "0.05", "7");
                katibCreatesTrial("lr-sweep-cccc", "0.09", "2");
                assertThat(sweep.trials())
                        .extracting(Trial::phase)
                        .containsExactly(JobPhase.SUCCEEDED, JobPhase.RUNNING, JobPhase.RUNNING);
                katibFinishesTrial("lr-sweep-bbbb", "Succeeded", Map.of("accuracy", "0.93", "loss", "0.21"));
                katibFinishesTrial("lr-sweep-cccc", "Failed", Map.of());
                Await.until("3 trials", () -> finished.size() == 3);
            }
            assertThat(finished)
                    .extracting(Trial::name)
                    .containsExactly("lr-sweep-aaaa", "lr-sweep-bbbb", "lr-sweep-cccc");
            assertThat(finished.get(1).parameters()).containsEntry("lr", "0.05").containsEntry("epochs", "7");
            assertThat(finished.get(1).objective()).isCloseTo(0.93, within(1e-9));
            assertThat(finished.get(1).metrics()).containsEntry("loss", 0.21);
            assertThat(finished.get(2).phase()).isEqualTo(JobPhase.FAILED);
            assertThat(finished.get(2).objective()).isNull();

            katibEndsExperiment("lr-sweep", "lr-sweep-bbbb", "0.05", "7", "0.93");
            TuningOutcome outcome = sweep.waitForCompletion(Duration.ofSeconds(30));
            assertThat(outcome.phase()).isEqualTo(JobPhase.SUCCEEDED);
            assertThat(outcome.trials()).hasSize(3);
            assertThat(outcome.best().name()).isEqualTo("lr-sweep-bbbb");
            assertThat(outcome.best().parameters()).isEqualTo(Map.of("lr", "0.05", "epochs", "7"));
            assertThat(outcome.best().objective()).isCloseTo(0.93, within(1e-9));

            KatibTuningHandle again = tuner.attach("lr-sweep");
            assertThat(again.trials()).hasSize(3);
            again.delete();
            Await.until(
                    "the experiment gone", () -> operator.get(ClusterJobKind.EXPERIMENT.context(), "lr-sweep") == null);
        }
    }

    @Test
    void cancelStartsNoMoreTrialsAndStopsTheRunningOnes() throws Exception {
        try (KubernetesJobBackend backend =
                KubernetesJobBackendTest.backend(client).build()) {
            KatibTuningHandle sweep = backend.tuner().tune(JobRequest.of(sweep("stop-sweep")));
            katibCreatesTrial("stop-sweep-aaaa", "0.01", "3");
            katibFinishesTrial("stop-sweep-aaaa", "Succeeded", Map.of("accuracy", "0.5"));
            katibCreatesTrial("stop-sweep-bbbb", "0.02", "4");
            sweep.cancel();
            GenericKubernetesResource experiment = operator.get(ClusterJobKind.EXPERIMENT.context(), "stop-sweep");
            assertThat(((Number) experiment.get("spec", "maxTrialCount")).intValue())
                    .isEqualTo(1);
            experiment.getAdditionalProperties().remove("status");
            assertThat(CrdManifests.problems(experiment)).isEmpty();
            Await.until(
                    "the running trial deleted",
                    () -> client.genericKubernetesResources(KatibTrials.TRIALS)
                                    .inNamespace(NS)
                                    .withName("stop-sweep-bbbb")
                                    .get()
                            == null);
            assertThat(sweep.trials()).extracting(Trial::name).containsExactly("stop-sweep-aaaa");
        }
    }

    @Test
    void katibMissingIsNamedAndASweepIsNotAJob() throws Exception {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("experiments.kubeflow.org")
                .delete();
        Await.until(
                "the CRD gone",
                () -> client.getApiResources("kubeflow.org/v1beta1").getResources().stream()
                        .noneMatch(r -> r.getName().equals("experiments")));
        try (KubernetesJobBackend backend =
                KubernetesJobBackendTest.backend(client).build()) {
            assertThatThrownBy(() -> backend.tuner().tune(JobRequest.of(sweep("no-katib"))))
                    .isInstanceOf(JobException.class)
                    .hasMessageContaining("Kubeflow Katib is not installed")
                    .hasMessageContaining("katib-standalone");
            assertThatThrownBy(() -> backend.submit(JobRequest.of(sweep("no-katib"))))
                    .hasMessageContaining("run it with backend.tuner().tune(request)");
            assertThatThrownBy(() -> backend.tuner().tune(JobRequest.of(KubernetesJobBackendTest.pytorch("plain", 1))))
                    .hasMessageContaining("needs a spec with tuning");
        }
    }

    private void katibCreatesTrial(String name, String lr, String epochs) {
        GenericKubernetesResource trial = new GenericKubernetesResource();
        trial.setApiVersion("kubeflow.org/v1beta1");
        trial.setKind("Trial");
        String experiment = name.substring(0, name.lastIndexOf('-'));
        trial.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(NS)
                .addToLabels(KatibTrials.EXPERIMENT_LABEL, experiment)
                .build());
        trial.setAdditionalProperty(
                "spec",
                Map.of(
                        "objective",
                                Map.of(
                                        "type",
                                        "maximize",
                                        "objectiveMetricName",
                                        "accuracy",
                                        "additionalMetricNames",
                                        List.of("loss")),
                        "parameterAssignments",
                                List.of(Map.of("name", "lr", "value", lr), Map.of("name", "epochs", "value", epochs))));
        client.genericKubernetesResources(KatibTrials.TRIALS)
                .inNamespace(NS)
                .resource(trial)
                .create();
        operator.condition(KatibTrials.TRIALS, name, "Running", "TrialRunning", "Trial is running", Map.of());
    }

    private void katibFinishesTrial(String name, String type, Map<String, String> metrics) {
        List<Map<String, Object>> observed = new ArrayList<>();
        metrics.forEach((k, v) -> observed.add(Map.of("name", k, "latest", v, "min", v, "max", v)));
        Map<String, Object> extra = new LinkedHashMap<>();
        if (!observed.isEmpty()) {
            extra.put("observation", Map.of("metrics", observed));
        }
        operator.condition(KatibTrials.TRIALS, name, type, "Trial" + type, "Trial is " + type.toLowerCase(), extra);
    }

    private void katibEndsExperiment(String name, String best, String lr, String epochs, String accuracy) {
        operator.condition(
                ClusterJobKind.EXPERIMENT.context(),
                name,
                "Succeeded",
                "ExperimentMaxTrialsReached",
                "Experiment has succeeded because max trial count has reached",
                Map.of(
                        "currentOptimalTrial",
                        Map.of(
                                "bestTrialName",
                                best,
                                "parameterAssignments",
                                List.of(Map.of("name", "lr", "value", lr), Map.of("name", "epochs", "value", epochs)),
                                "observation",
                                Map.of(
                                        "metrics",
                                        List.of(Map.of(
                                                "name",
                                                "accuracy",
                                                "latest",
                                                accuracy,
                                                "min",
                                                accuracy,
                                                "max",
                                                accuracy)))),
                        "trials",
                        3,
                        "trialsSucceeded",
                        2,
                        "trialsFailed",
                        1));
    }
}
