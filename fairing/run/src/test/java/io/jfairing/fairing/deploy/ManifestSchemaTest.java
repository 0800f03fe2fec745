package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every generated manifest validates against the CRD schemas in ../shared/crds, for many option combinations. */
class ManifestSchemaTest {
    static final String IMAGE = "127.0.0.1:5000/jfairing/train@sha256:" + "a".repeat(64);

    static final Map<JobKind, String> CRD_FILES = Map.of(
            JobKind.PYTORCH_JOB, "kubeflow.org_pytorchjobs.yaml",
            JobKind.TF_JOB, "kubeflow.org_tfjobs.yaml",
            JobKind.MPI_JOB, "kubeflow.org_mpijobs.yaml",
            JobKind.XGBOOST_JOB, "kubeflow.org_xgboostjobs.yaml",
            JobKind.TRAIN_JOB, "trainer.kubeflow.org_trainjobs.yaml");

    /** Options that every pod-template kind takes. */
    static Map<String, UnaryOperator<JobSpec.Builder>> podOptions() {
        Map<String, UnaryOperator<JobSpec.Builder>> o = new LinkedHashMap<>();
        o.put("minimal", b -> b);
        o.put("command and args", b -> b.command("java", "-jar", "/app/x.jar").args("--epochs", "3"));
        o.put(
                "cpu and memory",
                b -> b.resources(Resources.none().cpu("500m", "2").memory("512Mi", "4Gi")));
        o.put("gpus", b -> b.resources(Resources.none().cpu("4").memory("16Gi").gpus(2)));
        o.put(
                "ephemeral storage",
                b -> b.resources(
                        Resources.none().request("ephemeral-storage", "10Gi").limit("ephemeral-storage", "20Gi")));
        o.put("env", b -> b.env("EPOCHS", "20").env("LR", "0.01"));
        o.put("secret and config map env", b -> b.secretEnv("s3-credentials").configMapEnv("settings"));
        o.put(
                "secret and config map files",
                b -> b.secretFiles("tls", "/etc/tls").configMapFiles("conf", "/etc/conf"));
        o.put(
                "pvc",
                b -> b.pvc("workspace", "/data")
                        .mount(Mount.pvc("models", "/models").readOnly(true)));
        o.put(
                "node selector and tolerations",
                b -> b.nodeSelector("accelerator", "nvidia-a100")
                        .toleration("nvidia.com/gpu", null, "NoSchedule")
                        .toleration("dedicated", "ml", "NoExecute"));
        o.put(
                "service account and pull secrets",
                b -> b.serviceAccount("trainer").imagePullSecret("registry").imagePullSecret("other"));
        o.put("labels and annotations", b -> b.label("team", "ml").annotation("sidecar.istio.io/inject", "false"));
        o.put(
                "run policy",
                b -> b.runPolicy(RunPolicy.none()
                        .ttlSecondsAfterFinished(600)
                        .backoffLimit(2)
                        .activeDeadlineSeconds(3600)
                        .cleanPodPolicy(RunPolicy.CleanPodPolicy.RUNNING)));
        o.put(
                "mutator",
                b -> b.mutator((t, role) -> {
                    t.getSpec().setPriorityClassName("high");
                    t.getSpec().getContainers().get(0).setWorkingDir("/app/work");
                }));
        o.put(
                "odd name and namespace",
                b -> b.name("My_Training Run #42 (final!) with a very long name that goes on and on")
                        .namespace("kubeflow-user"));
        o.put("everything", b -> {
            for (Map.Entry<String, UnaryOperator<JobSpec.Builder>> e : o.entrySet()) {
                if (!e.getKey().equals("everything") && !e.getKey().equals("gpus")) {
                    b = e.getValue().apply(b);
                }
            }
            return b;
        });
        return o;
    }

    /** Replica layouts per Training Operator kind. */
    static List<UnaryOperator<JobSpec.Builder>> layouts(JobKind kind) {
        return switch (kind) {
            case PYTORCH_JOB, XGBOOST_JOB ->
                List.of(
                        b -> b,
                        b -> b.replicas(3),
                        b -> b.replicas(Role.WORKER, 2)
                                .resources(Role.MASTER, Resources.none().cpu("1")));
            case TF_JOB ->
                List.of(
                        b -> b,
                        b -> b.replicas(4),
                        b -> b.replicas(Role.CHIEF, 1)
                                .replicas(Role.PS, 2)
                                .replicas(Role.WORKER, 3)
                                .replicas(Role.EVALUATOR, 1)
                                .resources(Role.PS, Resources.none().cpu("2").memory("8Gi")));
            case MPI_JOB ->
                List.of(
                        b -> b,
                        b -> b.replicas(4),
                        b -> b.replicas(2)
                                .resources(Role.LAUNCHER, Resources.none().cpu("250m"))
                                .resources(Role.WORKER, Resources.none().gpus(1)));
            default -> List.of(b -> b);
        };
    }

    static Stream<Arguments> trainingOperatorCases() {
        List<Arguments> cases = new ArrayList<>();
        for (JobKind kind : List.of(JobKind.PYTORCH_JOB, JobKind.TF_JOB, JobKind.MPI_JOB, JobKind.XGBOOST_JOB)) {
            List<UnaryOperator<JobSpec.Builder>> layouts = layouts(kind);
            for (int l = 0; l < layouts.size(); l++) {
                for (Map.Entry<String, UnaryOperator<JobSpec.Builder>> o :
                        podOptions().entrySet()) {
                    cases.add(Arguments.of(kind, "layout " + l + ", " + o.getKey(), layouts.get(l), o.getValue()));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("trainingOperatorCases")
    void trainingOperatorManifestsValidate(
            JobKind kind,
            String description,
            UnaryOperator<JobSpec.Builder> layout,
            UnaryOperator<JobSpec.Builder> options) {
        JobSpec spec = options.apply(
                        layout.apply(JobSpec.builder(IMAGE).name("train").kind(kind)))
                .build();
        HasMetadata manifest = ManifestGenerator.manifest(spec);
        assertValid(kind, manifest);
        assertThat(manifest.getMetadata().getName())
                .matches("[a-z]([-a-z0-9]*[a-z0-9])?")
                .hasSizeLessThanOrEqualTo(63);
    }

    static Stream<Arguments> trainJobCases() {
        Map<String, UnaryOperator<JobSpec.Builder>> o = new LinkedHashMap<>();
        o.put("minimal", b -> b);
        o.put("nodes and command", b -> b.replicas(4).command("torchrun").args("train.py", "--epochs=3"));
        o.put(
                "resources",
                b -> b.resources(
                        Resources.none().cpu("2", "4").memory("8Gi", "8Gi").gpus(1)));
        o.put("env", b -> b.env("EPOCHS", "20").env("LR", "0.01"));
        o.put("deadline", b -> b.runPolicy(RunPolicy.none().activeDeadlineSeconds(600)));
        o.put(
                "labels and odd name",
                b -> b.label("team", "ml")
                        .annotation("a", "b")
                        .name("Fine-Tune LLaMA 3.1 8B")
                        .namespace("ns"));
        return o.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "TrainJob: {0}")
    @MethodSource("trainJobCases")
    void trainJobManifestsValidate(String description, UnaryOperator<JobSpec.Builder> options) {
        JobSpec spec = options.apply(
                        JobSpec.builder(IMAGE).kind(JobKind.TRAIN_JOB).runtime("torch-distributed"))
                .build();
        assertValid(JobKind.TRAIN_JOB, ManifestGenerator.manifest(spec));
    }

    static Stream<Arguments> katibTrialCases() {
        List<Arguments> cases = new ArrayList<>();
        for (JobKind trialKind : List.of(JobKind.PYTORCH_JOB, JobKind.TF_JOB, JobKind.MPI_JOB, JobKind.XGBOOST_JOB)) {
            for (Map.Entry<String, UnaryOperator<JobSpec.Builder>> o :
                    podOptions().entrySet()) {
                cases.add(Arguments.of(trialKind, o.getKey(), o.getValue()));
            }
        }
        return cases.stream();
    }

    /** Katib's own schema is open; a Training Operator trial's spec is checked against that kind's CRD. */
    @ParameterizedTest(name = "Katib trial {0}: {1}")
    @MethodSource("katibTrialCases")
    @SuppressWarnings("unchecked")
    void katibTrialSpecsValidateAgainstTheirCrd(
            JobKind trialKind, String description, UnaryOperator<JobSpec.Builder> options) {
        JobSpec spec = options.apply(JobSpec.builder(IMAGE)
                        .name("tune")
                        .tuning(KatibExperimentManifestTest.tuning(trialKind))
                        .replicas(2))
                .build();
        Map<String, Object> body = (Map<String, Object>)
                ((io.fabric8.kubernetes.api.model.GenericKubernetesResource) ManifestGenerator.manifest(spec))
                        .getAdditionalProperties()
                        .get("spec");
        Map<String, Object> trialSpec =
                (Map<String, Object>) ((Map<String, Object>) body.get("trialTemplate")).get("trialSpec");
        Map<String, Object> asObject = new LinkedHashMap<>(trialSpec);
        asObject.put("metadata", Map.of("name", "tune-abcdefgh"));
        assertValid(trialKind, asObject);
    }

    @Test
    void everyPodOptionAlsoMakesAValidBatchJob() {
        for (Map.Entry<String, UnaryOperator<JobSpec.Builder>> o : podOptions().entrySet()) {
            // a batch Job has no cleanPodPolicy: the Job's own run policy replaces the options' one
            JobSpec spec = o.getValue()
                    .apply(JobSpec.builder(IMAGE).kind(JobKind.JOB).replicas(2))
                    .runPolicy(RunPolicy.none()
                            .ttlSecondsAfterFinished(600)
                            .backoffLimit(2)
                            .activeDeadlineSeconds(3600))
                    .build();
            Job job = new BatchJobGenerator().generate(spec);
            BatchJobManifestTest.assertRoundTrips(job);
        }
    }

    static void assertValid(JobKind kind, Object manifest) {
        CrdSchemaValidator validator = CrdSchemaValidator.load(CRD_FILES.get(kind));
        List<String> errors = validator.validate(manifest);
        assertThat(errors)
                .as(
                        "%s against %s:\n%s",
                        kind.kind(),
                        CRD_FILES.get(kind),
                        CrdSchemaValidator.JSON.valueToTree(manifest).toPrettyString())
                .isEmpty();
    }
}
