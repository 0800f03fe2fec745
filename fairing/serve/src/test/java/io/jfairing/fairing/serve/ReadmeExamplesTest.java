package io.jfairing.fairing.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jfairing.fairing.deploy.CrdManifests;
import io.jfairing.fairing.deploy.CrdSchemaValidator;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.ManifestGenerator;
import io.jfairing.fairing.deploy.Resources;
import io.jfairing.fairing.deploy.RunPolicy;
import io.jfairing.fairing.deploy.Tuning;
import org.junit.jupiter.api.Test;

/**
 * The manifests of every example of README.md, fairing/README.md, kernel-extensions/README.md and notebooks/ pass the
 * rule layer ({@code build()}) and the CRD schemas (issue 15). The magic and command line examples are written as the
 * builder calls those commands make (their defaults: 12 trials, 2 at once, 3 failures; random search).
 */
class ReadmeExamplesTest {
    static final String IMAGE = "registry.example.com/wine@sha256:" + "a".repeat(64);
    static final CrdSchemaValidator KSERVE = CrdSchemaValidator.load("serving.kserve.io_inferenceservices.yaml");

    private static void passes(JobSpec spec) {
        HasMetadata m = ManifestGenerator.manifest(spec);
        if (m instanceof GenericKubernetesResource) {
            assertThat(CrdManifests.problems(m)).as(spec.kind().kind()).isEmpty();
        }
    }

    private static void passes(ServingSpec spec) {
        GenericKubernetesResource isvc = new InferenceServiceGenerator().generate(spec);
        assertThat(KSERVE.validate(isvc)).isEmpty();
        assertThat(KSERVE.validate(InferenceServiceGenerator.promote(isvc))).isEmpty();
        assertThat(KSERVE.validate(InferenceServiceGenerator.rollback(isvc))).isEmpty();
    }

    /** The magic's tuning: {@code --trials 12 --parallel 2 --max-failed 3} unless given. */
    private static Tuning.Builder magicTune(Tuning.Builder t) {
        return t.maxTrials(12).parallelTrials(2).maxFailedTrials(3);
    }

    @Test
    void fairingReadmeJobManifests() {
        passes(JobSpec.builder(IMAGE)
                .name("My Training!")
                .kind(JobKind.PYTORCH_JOB)
                .replicas(3)
                .resources(Resources.none().cpu("2", "4").memory("8Gi").gpus(1))
                .env("EPOCHS", "20")
                .secretEnv("s3-credentials")
                .secretFiles("tls", "/etc/tls")
                .pvc("data", "/data")
                .nodeSelector("pool", "gpu")
                .toleration("nvidia.com/gpu", null, "NoSchedule")
                .serviceAccount("trainer")
                .imagePullSecret("registry")
                .label("team", "ml")
                .runPolicy(RunPolicy.none()
                        .ttlSecondsAfterFinished(600)
                        .backoffLimit(2)
                        .cleanPodPolicy(RunPolicy.CleanPodPolicy.RUNNING))
                .mutator((podTemplate, role) -> podTemplate.getSpec().setPriorityClassName("high"))
                .build());
        // the JobSpec javadoc's example
        passes(JobSpec.builder(IMAGE)
                .name("My Training!")
                .kind(JobKind.PYTORCH_JOB)
                .replicas(io.jfairing.fairing.deploy.Role.WORKER, 3)
                .resources(Resources.none().cpu("2", "4").memory("4Gi", "8Gi").gpus(1))
                .env("EPOCHS", "20")
                .secretEnv("s3-credentials")
                .mount(io.jfairing.fairing.deploy.Mount.pvc("data", "/data"))
                .runPolicy(RunPolicy.none().ttlSecondsAfterFinished(600).backoffLimit(2))
                .build());
    }

    @Test
    void fairingReadmeTuning() {
        JobSpec sweep = JobSpec.builder(IMAGE)
                .name("lr-sweep")
                .tuning(Tuning.maximize("accuracy")
                        .algorithm("grid")
                        .parameter(
                                Tuning.Parameter.doubleRange("lr", 0.01, 0.05).step("0.01"))
                        .parameter(Tuning.Parameter.categorical("optimizer", "sgd", "adam"))
                        .maxTrials(10)
                        .parallelTrials(2)
                        .build())
                .build();
        passes(sweep);
        assertThat(sweep.tuning().maxTrialCount()).isEqualTo(10);
    }

    @Test
    void fairingReadmeServing() {
        ServingSpec spec = ServingSpec.builder("iris")
                .image(IMAGE)
                .modelUri("pvc://models/iris/v3")
                .predictor("Iris")
                .resources(Resources.none().cpu("500m", "1").memory("512Mi", "1Gi"))
                .replicas(1, 4)
                .scale(ScaleMetric.CPU, 70)
                .deploymentMode(DeploymentMode.KNATIVE)
                .canaryTrafficPercent(10)
                .build();
        passes(spec);
        assertThat(new InferenceServiceGenerator().generate(spec).getMetadata().getAnnotations())
                .containsEntry("autoscaling.knative.dev/class", "hpa.autoscaling.knative.dev");
        // the ServingSpec javadoc's example
        passes(ServingSpec.builder("iris")
                .image(IMAGE)
                .modelUri("pvc://models/iris/v3")
                .resources(Resources.none().cpu("500m", "1").memory("512Mi", "1Gi"))
                .replicas(1, 4)
                .scale(ScaleMetric.CPU, 70)
                .deploymentMode(DeploymentMode.STANDARD)
                .build());
        // jfairing serve deploy --mode knative --canary-percent 10 --min-replicas 0 --max-replicas 5
        //     --scale-metric concurrency --scale-target 10 --cpu 500m:1 --memory 512Mi:1Gi --model-uri
        // pvc://models/iris
        passes(ServingSpec.builder("iris")
                .image(IMAGE)
                .deploymentMode(DeploymentMode.parse("knative"))
                .canaryTrafficPercent(10)
                .replicas(0, 5)
                .scale(ScaleMetric.CONCURRENCY, 10)
                .resources(Resources.none().cpu("500m", "1").memory("512Mi", "1Gi"))
                .modelUri("pvc://models/iris")
                .build());
        // the case: serve deploy --mode serverless --scale-metric cpu (deprecated name, a warning)
        ServingSpec old = ServingSpec.builder("iris")
                .image(IMAGE)
                .deploymentMode(DeploymentMode.parse("serverless"))
                .scale(ScaleMetric.CPU, 70)
                .build();
        passes(old);
        assertThat(old.warnings()).hasSize(1);
    }

    @Test
    void topReadmeAndNotebookMagics() {
        // %fairing train --backend podman --inputs data/wine.csv -p epochs=100 (a Job)
        passes(JobSpec.builder(IMAGE).name("wine").build());
        // %fairing train --backend podman ... --cpu 1 --memory 512Mi (notebooks/02)
        passes(JobSpec.builder(IMAGE)
                .name("wine-container")
                .resources(Resources.none().cpu("1").memory("512Mi"))
                .build());
        // %fairing train --kind pytorchjob --replicas 1 (README, notebooks/03)
        passes(JobSpec.builder(IMAGE)
                .name("wine-distributed")
                .kind(JobKind.PYTORCH_JOB)
                .replicas(1)
                .build());
        // %fairing tune --minimize loss --double learningRate=0.1:0.9:0.4 --algorithm grid (README): 3 points
        Tuning readme = magicTune(Tuning.minimize("loss")
                        .parameter(Tuning.Parameter.doubleRange("learningRate", 0.1, 0.9)
                                .step("0.4")))
                .algorithm("grid")
                .build();
        passes(JobSpec.builder(IMAGE).name("wine-tune").tuning(readme).build());
        assertThat(readme.maxTrialCount()).isEqualTo(3);
        // %fairing tune ... --double learningRate=0.1:0.9:0.4 --int epochs=50:150:50 --algorithm grid --trials 9
        // --parallel 2 (notebooks/04)
        Tuning notebook = Tuning.minimize("loss")
                .parameter(
                        Tuning.Parameter.doubleRange("learningRate", 0.1, 0.9).step("0.4"))
                .parameter(Tuning.Parameter.intRange("epochs", 50, 150).step("50"))
                .algorithm("grid")
                .maxTrials(9)
                .parallelTrials(2)
                .maxFailedTrials(3)
                .build();
        passes(JobSpec.builder(IMAGE).name("wine-sweep").tuning(notebook).build());
        assertThat(notebook.maxTrialCount()).isEqualTo(9);
        // TuneMagic's usage: --maximize accuracy --double lr=0.1:0.5:0.1 --int epochs=50:200:50 --algorithm grid
        // --trials 8
        passes(JobSpec.builder(IMAGE)
                .name("t")
                .tuning(Tuning.maximize("accuracy")
                        .parameter(Tuning.Parameter.doubleRange("lr", 0.1, 0.5).step("0.1"))
                        .parameter(Tuning.Parameter.intRange("epochs", 50, 200).step("50"))
                        .algorithm("grid")
                        .maxTrials(8)
                        .parallelTrials(2)
                        .maxFailedTrials(3)
                        .build())
                .build());
        // %%fairing serve --name wine --model-uri models/wine.txt: local; on Kubernetes the same spec (path in the
        // image)
        passes(ServingSpec.builder("wine")
                .image(IMAGE)
                .modelUri("/models/wine.txt")
                .build());
        // jfairing serve deploy ... --mode knative --canary-percent 10 (README)
        passes(ServingSpec.builder("iris")
                .image(IMAGE)
                .deploymentMode(DeploymentMode.KNATIVE)
                .canaryTrafficPercent(10)
                .build());
    }
}
