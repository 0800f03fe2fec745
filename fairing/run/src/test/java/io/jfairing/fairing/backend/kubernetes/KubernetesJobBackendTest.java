package io.jfairing.fairing.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.deploy.CrdManifests;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Role;
import io.jfairing.fairing.job.CleanupPolicy;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobFailedException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.JobStatus;
import io.jfairing.fairing.job.LogLine;
import io.jfairing.fairing.job.ReplicaStatus;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes backend against fabric8's mock API server in CRUD mode, with {@link TestOperator} in the roles of the
 * Training Operator, the Job controller and the kubelet, and {@link KubeletLogs} serving pod logs.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesJobBackendTest {
    static final String NS = "test";
    static final String IMAGE = "127.0.0.1:5000/jfairing/train@sha256:" + "a".repeat(64);
    static final String SECRET_TOKEN = "s3cr3t-metadata-token";

    KubernetesMockServer server;
    KubernetesClient client;
    TestOperator operator;
    KubeletLogs kubelet;
    KubernetesJobBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        operator = new TestOperator(client, NS);
        kubelet = new KubeletLogs(server, NS);
        operator.installCrds(
                "kubeflow.org_pytorchjobs.yaml",
                "kubeflow.org_tfjobs.yaml",
                "kubeflow.org_mpijobs.yaml",
                "kubeflow.org_xgboostjobs.yaml");
        backend = backend(client).build();
    }

    @AfterEach
    void tearDown() {
        if (backend != null) {
            backend.close();
        }
    }

    static KubernetesJobBackend.Builder backend(KubernetesClient client) {
        return KubernetesJobBackend.builder()
                .client(client)
                .namespace(NS)
                .logRetryDelay(Duration.ofMillis(50))
                .stuckReplicaGracePeriod(Duration.ofMillis(500))
                .apiRetryWindow(Duration.ofSeconds(30));
    }

    static JobSpec pytorch(String name, int workers) {
        return JobSpec.builder(IMAGE)
                .name(name)
                .kind(JobKind.PYTORCH_JOB)
                .replicas(Role.WORKER, workers)
                .build();
    }

    GenericKubernetesResource stored(ClusterJobKind w, String name) {
        return operator.get(w.context(), name);
    }

    @Test
    void pytorchJobSucceedsWithEveryReplicasLogsRecordedAsARun(@TempDir Path dir) throws Exception {
        backend.close();
        backend = backend(client).metadataToken(SECRET_TOKEN).build();
        try (MetadataStore store = MetadataStore.open(dir.resolve("metadata.db"))) {
            JobRequest request = JobRequest.builder(pytorch("mnist", 2))
                    .record(store, "mnist-exp")
                    .metadataUri("http://metadata.ml:8765")
                    .imageDigest("sha256:" + "a".repeat(64))
                    .parameters(Map.of("epochs", "3"))
                    .build();
            JobHandle job = backend.submit(request);
            assertThat(job.name()).isEqualTo("mnist");
            assertThat(job.backend()).isEqualTo("kubernetes");
            assertThat(job.runId()).isNotNull();

            // the manifest as created: valid for the CRD, labelled, with the run's env and the token only by reference
            GenericKubernetesResource created = stored(ClusterJobKind.PYTORCH_JOB, "mnist");
            assertThat(CrdManifests.problems(created)).isEmpty();
            assertThat(created.getMetadata().getLabels())
                    .containsEntry(JobEnvironment.LABEL_MANAGED_BY, "jfairing")
                    .containsEntry(JobEnvironment.LABEL_JOB_NAME, "mnist");
            String json = Serialization.asJson(created);
            assertThat(json).doesNotContain(SECRET_TOKEN);
            Map<String, Object> worker = created.get("spec", "pytorchReplicaSpecs", "Worker", "template");
            String template = Serialization.asJson(worker);
            assertThat(template)
                    .contains("\"name\":\"" + JobEnvironment.RUN_ID + "\",\"value\":\"" + job.runId() + "\"")
                    .contains("\"name\":\"" + JobEnvironment.METADATA_URI + "\",\"value\":\"http://metadata.ml:8765\"")
                    .contains(
                            "\"name\":\"" + JobEnvironment.METADATA_TOKEN
                                    + "\",\"valueFrom\":{\"secretKeyRef\":{\"key\":\"token\",\"name\":\"mnist-jfairing-metadata\"}}")
                    .contains("\"app.kubernetes.io/managed-by\":\"jfairing\"");
            Secret secret = client.secrets()
                    .inNamespace(NS)
                    .withName("mnist-jfairing-metadata")
                    .get();
            assertThat(secret.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(o -> assertThat(o.getUid())
                            .isEqualTo(created.getMetadata().getUid()));

            List<JobStatus> statuses = new CopyOnWriteArrayList<>();
            job.onStatus(statuses::add);
            List<LogLine> lines = new CopyOnWriteArrayList<>();
            JobHandle.Subscription logs = job.followLogs(lines::add);

            operator.condition(
                    ClusterJobKind.PYTORCH_JOB.context(),
                    "mnist",
                    "Created",
                    "PyTorchJobCreated",
                    "PyTorchJob mnist is created.",
                    Map.of());
            for (String role : List.of("master", "worker")) {
                for (int i = 0; i < (role.equals("master") ? 1 : 2); i++) {
                    operator.trainingPod("mnist", role, i, "pytorch");
                }
            }
            Await.until(
                    "3 pending replicas",
                    () -> statuses.stream().anyMatch(s -> s.replicas().size() == 3));
            List<String> pods = List.of("mnist-master-0", "mnist-worker-0", "mnist-worker-1");
            for (String pod : pods) {
                kubelet.write(pod, "pytorch", pod + " starting", pod + " epoch 1");
                operator.running(pod);
            }
            operator.condition(
                    ClusterJobKind.PYTORCH_JOB.context(),
                    "mnist",
                    "Running",
                    "PyTorchJobRunning",
                    "PyTorchJob mnist is running.",
                    Map.of());
            Await.until("RUNNING", () -> statuses.stream().anyMatch(s -> s.phase() == JobPhase.RUNNING));
            for (String pod : pods) {
                for (int e = 2; e <= 10; e++) {
                    kubelet.write(pod, "pytorch", pod + " epoch " + e);
                }
            }
            Await.until("the lines written so far", () -> lines.size() >= 33);
            for (String pod : pods) {
                kubelet.write(pod, "pytorch", pod + " done");
                operator.succeeded(pod);
            }
            operator.condition(
                    ClusterJobKind.PYTORCH_JOB.context(),
                    "mnist",
                    "Succeeded",
                    "PyTorchJobSucceeded",
                    "PyTorchJob mnist is successfully completed.",
                    Map.of("completionTime", "2026-01-01T10:01:00Z"));

            JobOutcome outcome = job.waitForCompletion(Duration.ofSeconds(30));
            assertThat(outcome.succeeded()).isTrue();
            assertThat(outcome.orThrow()).isSameAs(outcome);
            assertThat(outcome.runId()).isEqualTo(job.runId());

            Await.until("every line of every replica", () -> lines.size() >= 36);
            Thread.sleep(300); // a repeated line would arrive by now
            logs.close();
            for (String pod : pods) {
                String replica = pod.substring("mnist-".length());
                List<String> expected = new ArrayList<>(List.of(pod + " starting"));
                IntStream.rangeClosed(1, 10).forEach(e -> expected.add(pod + " epoch " + e));
                expected.add(pod + " done");
                assertThat(lines.stream()
                                .filter(l -> l.replica().equals(replica))
                                .map(LogLine::text))
                        .as("each line of %s once and in order", replica)
                        .containsExactlyElementsOf(expected);
            }

            List<JobPhase> phases =
                    statuses.stream().map(JobStatus::phase).distinct().toList();
            assertThat(phases).containsExactly(JobPhase.PENDING, JobPhase.RUNNING, JobPhase.SUCCEEDED);
            JobStatus last = statuses.get(statuses.size() - 1);
            assertThat(last.replicas())
                    .extracting(ReplicaStatus::replica)
                    .containsExactly("master-0", "worker-0", "worker-1");
            assertThat(last.replicas()).allSatisfy(r -> assertThat(r.phase()).isEqualTo(JobPhase.SUCCEEDED));
            assertThat(job.logs()).hasSize(36);

            RunInfo run = store.getRun(job.runId());
            assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(run.params()).containsEntry("epochs", "3");
            assertThat(run.tags())
                    .containsEntry("jfairing.job.name", "mnist")
                    .containsEntry("jfairing.backend", "kubernetes")
                    .containsEntry("jfairing.job.kind", "PyTorchJob")
                    .containsEntry("jfairing.image", IMAGE)
                    .containsEntry("jfairing.image.digest", "sha256:" + "a".repeat(64));
            assertThat(run.tags().get(MetadataRunRecorder.TAG_MANIFEST))
                    .contains("\"kind\":\"PyTorchJob\"")
                    .doesNotContain(SECRET_TOKEN);
        }
    }

    @Test
    void failureNamesTheReplicaItsExitCodeReasonAndLastLines() throws Exception {
        JobHandle job = backend.submit(JobRequest.of(pytorch("oom", 2)));
        for (String pod : List.of("oom-master-0", "oom-worker-0", "oom-worker-1")) {
            String[] parts = pod.split("-");
            operator.trainingPod("oom", parts[1], Integer.parseInt(parts[2]), "pytorch");
            operator.running(pod);
        }
        for (int i = 1; i <= 25; i++) {
            kubelet.write("oom-worker-1", "pytorch", "allocating block " + i);
        }
        kubelet.write("oom-master-0", "pytorch", "waiting for workers");
        operator.failed("oom-worker-1", 137, "OOMKilled");
        operator.condition(
                ClusterJobKind.PYTORCH_JOB.context(),
                "oom",
                "Failed",
                "PyTorchJobFailed",
                "PyTorchJob oom is failed because 1 Worker replica(s) failed.",
                Map.of());

        JobOutcome outcome = job.waitForCompletion(Duration.ofSeconds(30));
        assertThat(outcome.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(outcome.failedReplica()).isEqualTo("worker-1");
        assertThat(outcome.exitCode()).isEqualTo(137);
        assertThat(outcome.reason()).isEqualTo("OOMKilled");
        assertThat(outcome.lastLogLines())
                .hasSize(JobOutcome.LAST_LINES)
                .startsWith("allocating block 6")
                .endsWith("allocating block 25");
        assertThatThrownBy(outcome::orThrow)
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("replica worker-1 exited with 137 (OOMKilled)")
                .hasMessageContaining("allocating block 25");
        JobStatus status = job.status();
        assertThat(status.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(status.message())
                .contains("1 Worker replica(s) failed")
                .contains("worker-1 exited with 137 (OOMKilled)");
        assertThat(status.replicas()).contains(new ReplicaStatus("worker-1", JobPhase.FAILED, 137, "OOMKilled"));
    }

    @Test
    void batchJobFailsWithItsConditionsReason() throws Exception {
        JobSpec spec = JobSpec.builder(IMAGE).name("etl").replicas(1).build();
        JobHandle job = backend.submit(JobRequest.of(spec));
        GenericKubernetesResource created = stored(ClusterJobKind.BATCH_JOB, "etl");
        assertThat(created.getKind()).isEqualTo("Job");
        assertThat(Serialization.asJson(created.get("spec", "template"))).contains("\"jfairing.io/job-name\":\"etl\"");
        operator.condition(
                ClusterJobKind.BATCH_JOB.context(),
                "etl",
                "Failed",
                "DeadlineExceeded",
                "Job was active longer than specified deadline",
                Map.of());
        JobOutcome outcome = job.waitForCompletion(Duration.ofSeconds(30));
        assertThat(outcome.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(outcome.failedReplica()).isNull();
        assertThat(outcome.reason()).isEqualTo("DeadlineExceeded");

        JobHandle retried =
                backend.submit(JobRequest.of(spec.toBuilder().name("etl-2").build()));
        operator.batchPod("etl-2", "x7k2p");
        operator.running("etl-2-x7k2p");
        kubelet.write(
                "etl-2-x7k2p",
                "main",
                "reading input",
                "Exception in thread \"main\" java.io.FileNotFoundException: /data/in.csv");
        operator.failed("etl-2-x7k2p", 1, "Error");
        operator.condition(
                ClusterJobKind.BATCH_JOB.context(),
                "etl-2",
                "Failed",
                "BackoffLimitExceeded",
                "Job has reached the specified backoff limit",
                Map.of());
        JobOutcome failed = retried.waitForCompletion(Duration.ofSeconds(30));
        assertThat(failed.failedReplica()).isEqualTo("worker-0");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.reason()).isEqualTo("Error");
        assertThat(failed.lastLogLines())
                .endsWith("Exception in thread \"main\" java.io.FileNotFoundException: /data/in.csv");
        assertThat(retried.status().message()).contains("BackoffLimitExceeded");
    }

    @Test
    void imagePullBackOffThatPersistsEndsTheWaitAsFailed() throws Exception {
        JobHandle job = backend.submit(JobRequest.of(pytorch("badimage", 1)));
        operator.trainingPod("badimage", "master", 0, "pytorch");
        operator.trainingPod("badimage", "worker", 0, "pytorch");
        List<JobStatus> seen = new CopyOnWriteArrayList<>();
        job.onStatus(seen::add);
        // as the kubelet does: each pull attempt fails (ErrImagePull), then it backs off (ImagePullBackOff), again and
        // again
        for (int attempt = 0; attempt < 25 && seen.stream().noneMatch(s -> s.phase() == JobPhase.FAILED); attempt++) {
            operator.waiting("badimage-worker-0", "ErrImagePull", "rpc error: manifest unknown");
            Thread.sleep(200);
            operator.waiting(
                    "badimage-worker-0", "ImagePullBackOff", "Back-off pulling image \"127.0.0.1:5000/train:1\"");
            Thread.sleep(200);
        }
        assertThat(seen)
                .as("failed while the reason still alternated (10 s of it, grace 0.5 s)")
                .anyMatch(s -> s.phase() == JobPhase.FAILED);
        JobOutcome outcome = job.waitForCompletion(Duration.ofSeconds(30));
        assertThat(outcome.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(outcome.failedReplica()).isEqualTo("worker-0");
        assertThat(outcome.exitCode()).isNull();
        assertThat(outcome.reason()).matches("(ImagePullBackOff: Back-off pulling image|ErrImagePull: rpc error).*");
        assertThat(outcome.lastLogLines()).isEmpty();
        assertThat(job.status().message())
                .containsPattern("worker-0: (ImagePullBackOff|ErrImagePull)")
                .contains("gives up");
        // the operator left it pending: jfairing ended the wait, not the cluster
        assertThat(JobSnapshot.conditions(stored(ClusterJobKind.PYTORCH_JOB, "badimage")))
                .isEmpty();
    }

    @Test
    void crashLoopAndUnschedulableAreReportedWhileWaiting() throws Exception {
        JobHandle job = backend.submit(JobRequest.of(pytorch("waits", 1)));
        operator.trainingPod("waits", "master", 0, "pytorch");
        operator.trainingPod("waits", "worker", 0, "pytorch");
        operator.unschedulable("waits-worker-0", "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.");
        operator.waiting("waits-master-0", "CrashLoopBackOff", "back-off 40s restarting failed container");
        JobStatus status = job.status();
        assertThat(status.phase()).isEqualTo(JobPhase.PENDING);
        assertThat(status.message())
                .contains("master-0: CrashLoopBackOff (back-off 40s restarting failed container)")
                .contains("worker-0: Unschedulable (0/3 nodes are available: 3 Insufficient nvidia.com/gpu.)");
    }

    @Test
    void forbiddenSaysWhichRbacPermissionIsMissing() {
        server.expect()
                .post()
                .withPath("/apis/kubeflow.org/v1/namespaces/test/pytorchjobs")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage(
                                        "pytorchjobs.kubeflow.org is forbidden: User \"alice\" cannot create resource \"pytorchjobs\" in API group \"kubeflow.org\" in the namespace \"test\"")
                                .build())
                .once();
        assertThatThrownBy(() -> backend.submit(JobRequest.of(pytorch("denied", 1))))
                .isInstanceOf(JobException.class)
                .hasMessageContaining("not allowed to create pytorchjobs.kubeflow.org in namespace test")
                .hasMessageContaining("RBAC permission \"create pytorchjobs.kubeflow.org in namespace test\"")
                .hasMessageContaining(
                        "apiGroups: [\"kubeflow.org\"], resources: [\"pytorchjobs\"], verbs: [\"create\"]")
                .hasMessageContaining("kubectl auth can-i create pytorchjobs.kubeflow.org -n test")
                .hasMessageContaining("User \"alice\" cannot create");
        assertThat(stored(ClusterJobKind.PYTORCH_JOB, "denied")).isNull();
    }

    @Test
    void alreadyExistsSuggestsAttachingOrAnotherName() throws Exception {
        backend.submit(JobRequest.of(pytorch("twice", 1)));
        assertThatThrownBy(() -> backend.submit(JobRequest.of(pytorch("twice", 1))))
                .isInstanceOf(JobException.class)
                .hasMessageContaining("PyTorchJob twice already exists in namespace test")
                .hasMessageContaining("backend.attach(\"twice\")")
                .hasMessageContaining("different name");
    }

    @Test
    void unauthorizedInvalidAndServerErrorsSayWhatHappened() throws Exception {
        String path = "/apis/kubeflow.org/v1/namespaces/test/pytorchjobs";
        // always: on a 401 the client refreshes its token and tries once more
        server.expect()
                .post()
                .withPath(path)
                .andReturn(
                        401,
                        new StatusBuilder()
                                .withCode(401)
                                .withMessage("Unauthorized")
                                .build())
                .always();
        assertThatThrownBy(() -> backend.submit(JobRequest.of(pytorch("a", 1))))
                .hasMessageContaining("rejected the credentials (401 Unauthorized)")
                .hasMessageContaining("log in again");
        server.clearExpectations();

        server.expect()
                .post()
                .withPath(path)
                .andReturn(
                        422,
                        new StatusBuilder()
                                .withCode(422)
                                .withReason("Invalid")
                                .withMessage("PyTorchJob.kubeflow.org \"b\" is invalid")
                                .withNewDetails()
                                .addNewCause()
                                .withField("spec.pytorchReplicaSpecs[Worker].replicas")
                                .withMessage("Invalid value: -1: must be >= 0")
                                .endCause()
                                .endDetails()
                                .build())
                .once();
        assertThatThrownBy(() -> backend.submit(JobRequest.of(pytorch("b", 1))))
                .hasMessageContaining("rejected PyTorchJob b in namespace test as invalid (422)")
                .hasMessageContaining("spec.pytorchReplicaSpecs[Worker].replicas: Invalid value: -1: must be >= 0");

        // a client that does not retry 5xx answers itself (fabric8 does, with backoff, by default)
        server.expect()
                .post()
                .withPath(path)
                .andReturn(
                        503,
                        new StatusBuilder()
                                .withCode(503)
                                .withMessage("etcdserver: leader changed")
                                .build())
                .always();
        try (KubernetesClient noRetry = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
                                .withRequestRetryBackoffLimit(0)
                                .build())
                        .build();
                KubernetesJobBackend once = backend(noRetry).build()) {
            assertThatThrownBy(() -> once.submit(JobRequest.of(pytorch("c", 1))))
                    .hasMessageContaining(
                            "failed (503) to create PyTorchJob c in namespace test: etcdserver: leader changed")
                    .hasMessageContaining("retry later");
        }
    }

    @Test
    void apiServerDownNamesTheServerThatCouldNotBeReached() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (KubernetesClient down = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                                .withMasterUrl("http://127.0.0.1:" + port)
                                .withRequestRetryBackoffLimit(0)
                                .withNamespace(NS)
                                .build())
                        .build();
                KubernetesJobBackend offline = backend(down).build()) {
            assertThatThrownBy(() -> offline.submit(JobRequest.of(pytorch("x", 1))))
                    .isInstanceOf(JobException.class)
                    .hasMessageContaining("cannot reach the Kubernetes API server at http://127.0.0.1:" + port)
                    .hasMessageContaining("ConnectException");
            assertThatThrownBy(offline::list)
                    .hasMessageContaining("cannot reach the Kubernetes API server at http://127.0.0.1:" + port);
        }
    }

    @Test
    void missingOperatorIsNamedWithHowToInstallItAndNothingIsCreated() {
        JobSpec trainJob = JobSpec.builder(IMAGE)
                .name("v2")
                .kind(JobKind.TRAIN_JOB)
                .runtime("torch-distributed")
                .replicas(2)
                .build();
        assertThatThrownBy(() -> backend.submit(JobRequest.of(trainJob)))
                .isInstanceOf(JobException.class)
                .hasMessageContaining(
                        "does not serve TrainJob (trainjobs.trainer.kubeflow.org, trainer.kubeflow.org/v1alpha1)")
                .hasMessageContaining("Kubeflow Trainer v2 is not installed")
                .hasMessageContaining(
                        "kubectl apply --server-side -k \"https://github.com/kubeflow/trainer.git/manifests/overlays/manager");
        assertThat(client.genericKubernetesResources(ClusterJobKind.TRAIN_JOB.context())
                        .inNamespace(NS)
                        .list()
                        .getItems())
                .isEmpty();
    }

    @Test
    void missingTrainingOperatorIsNamed() throws Exception {
        try (KubernetesClient bare = server.createClient();
                KubernetesJobBackend other = backend(bare).build()) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("tfjobs.kubeflow.org")
                    .delete();
            Await.until(
                    "the CRD gone",
                    () -> client.getApiResources("kubeflow.org/v1").getResources().stream()
                            .noneMatch(r -> r.getName().equals("tfjobs")));
            JobSpec tf = JobSpec.builder(IMAGE)
                    .name("tf")
                    .kind(JobKind.TF_JOB)
                    .replicas(Role.WORKER, 2)
                    .build();
            assertThatThrownBy(() -> other.submit(JobRequest.of(tf)))
                    .hasMessageContaining("does not serve TFJob (tfjobs.kubeflow.org, kubeflow.org/v1)")
                    .hasMessageContaining("the Kubeflow Training Operator v1 is not installed")
                    .hasMessageContaining("training-operator.git/manifests/overlays/standalone");
        }
    }

    @Test
    void trainJobNeedsItsRuntime() throws Exception {
        operator.installCrds(
                "trainer.kubeflow.org_trainjobs.yaml",
                "trainer.kubeflow.org_clustertrainingruntimes.yaml",
                "trainer.kubeflow.org_trainingruntimes.yaml");
        try (KubernetesJobBackend fresh = backend(client).build()) {
            JobSpec spec = JobSpec.builder(IMAGE)
                    .name("v2")
                    .kind(JobKind.TRAIN_JOB)
                    .runtime("torch-distributed")
                    .replicas(2)
                    .build();
            assertThatThrownBy(() -> fresh.submit(JobRequest.of(spec)))
                    .hasMessageContaining(
                            "runtime 'torch-distributed' is neither a ClusterTrainingRuntime nor a TrainingRuntime in namespace test");
            GenericKubernetesResource runtime = new GenericKubernetesResource();
            runtime.setApiVersion("trainer.kubeflow.org/v1alpha1");
            runtime.setKind("ClusterTrainingRuntime");
            runtime.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                    .withName("torch-distributed")
                    .build());
            runtime.setAdditionalProperty("spec", Map.of("template", Map.of()));
            client.genericKubernetesResources(ApiDiscovery.CLUSTER_TRAINING_RUNTIMES)
                    .resource(runtime)
                    .create();

            JobHandle job = fresh.submit(JobRequest.of(spec));
            GenericKubernetesResource created = stored(ClusterJobKind.TRAIN_JOB, "v2");
            assertThat(CrdManifests.problems(created)).isEmpty();
            assertThat(Serialization.asJson(created.get("spec", "trainer", "env")))
                    .contains(JobEnvironment.JOB_NAME);
            for (int i = 0; i < 2; i++) {
                operator.pod(
                        "v2-node-0-" + i + "-abcde",
                        Map.of(
                                "jobset.sigs.k8s.io/jobset-name",
                                "v2",
                                "jobset.sigs.k8s.io/replicatedjob-name",
                                "node",
                                "batch.kubernetes.io/job-completion-index",
                                Integer.toString(i)),
                        "node");
                operator.running("v2-node-0-" + i + "-abcde");
                operator.succeeded("v2-node-0-" + i + "-abcde");
            }
            operator.condition(
                    ClusterJobKind.TRAIN_JOB.context(),
                    "v2",
                    "Complete",
                    "JobSetCompleted",
                    "jobset completed",
                    Map.of());
            JobOutcome outcome = job.waitForCompletion(Duration.ofSeconds(30));
            assertThat(outcome.succeeded()).isTrue();
            assertThat(job.status().replicas())
                    .extracting(ReplicaStatus::replica)
                    .containsExactly("node-0", "node-1");
        }
    }

    @Test
    void attachByNameAndListWhatJfairingMade() throws Exception {
        JobHandle first = backend.submit(JobRequest.of(pytorch("first", 1)));
        backend.submit(
                JobRequest.of(JobSpec.builder(IMAGE).name("second").replicas(2).build()));
        operator.trainingPod("first", "master", 0, "pytorch");
        operator.running("first-master-0");
        operator.condition(
                ClusterJobKind.PYTORCH_JOB.context(), "first", "Running", "PyTorchJobRunning", "running", Map.of());

        KubernetesJobHandle again = backend.attach("first");
        assertThat(again.kind()).isEqualTo(JobKind.PYTORCH_JOB);
        assertThat(again.status().phase()).isEqualTo(JobPhase.RUNNING);
        assertThat(backend.attach("second").kind()).isEqualTo(JobKind.JOB);
        assertThatThrownBy(() -> backend.attach("nope")).hasMessageContaining("no job named nope in namespace test");

        List<JobStatus> all = backend.list();
        assertThat(all).extracting(JobStatus::name).containsExactlyInAnyOrder("first", "second");
        assertThat(all)
                .filteredOn(s -> s.name().equals("first"))
                .singleElement()
                .satisfies(s -> assertThat(s.replicas())
                        .extracting(ReplicaStatus::replica)
                        .containsExactly("master-0"));
        assertThat(first.status().phase()).isEqualTo(JobPhase.RUNNING);
    }

    @Test
    void deleteOnSuccessLetsTheLogsFinishThenRemovesTheJob() throws Exception {
        JobSpec spec = JobSpec.builder(IMAGE).name("tidy").replicas(1).build();
        JobHandle job = backend.submit(JobRequest.builder(spec)
                .cleanup(CleanupPolicy.DELETE_ON_SUCCESS)
                .build());
        List<LogLine> lines = new CopyOnWriteArrayList<>();
        job.followLogs(lines::add);
        operator.batchPod("tidy", "q8w2e");
        List<String> written = IntStream.range(0, 50).mapToObj(i -> "row " + i).toList();
        kubelet.write("tidy-q8w2e", "main", written.toArray(String[]::new));
        operator.running("tidy-q8w2e");
        operator.succeeded("tidy-q8w2e");
        operator.condition(
                ClusterJobKind.BATCH_JOB.context(),
                "tidy",
                "Complete",
                "CompletionsReached",
                "Reached expected number of succeeded pods",
                Map.of("completionTime", "2026-01-01T10:02:00Z"));
        assertThat(job.waitForCompletion(Duration.ofSeconds(30)).succeeded()).isTrue();
        // no waiting here: the cleanup let the follower read every line before deleting
        assertThat(lines).extracting(LogLine::text).containsExactlyElementsOf(written);
        assertThat(lines).extracting(LogLine::replica).containsOnly("worker-0");
        Await.until("the job deleted", () -> stored(ClusterJobKind.BATCH_JOB, "tidy") == null);
    }

    @Test
    void cancelSuspendsAndKeepsTheRecordDeleteRemovesIt() throws Exception {
        JobHandle job = backend.submit(JobRequest.of(pytorch("stopme", 1)));
        operator.trainingPod("stopme", "master", 0, "pytorch");
        operator.running("stopme-master-0");
        job.cancel();
        GenericKubernetesResource suspended = stored(ClusterJobKind.PYTORCH_JOB, "stopme");
        assertThat((Boolean) suspended.get("spec", "runPolicy", "suspend")).isTrue();
        suspended.getAdditionalProperties().remove("status"); // the server's part
        assertThat(CrdManifests.problems(suspended)).isEmpty();
        JobOutcome outcome = job.waitForCompletion(Duration.ofSeconds(30));
        assertThat(outcome.phase()).isEqualTo(JobPhase.CANCELLED);
        assertThat(outcome.describe()).contains("was cancelled");

        job.delete();
        Await.until("the job gone", () -> stored(ClusterJobKind.PYTORCH_JOB, "stopme") == null);

        JobSpec batch = JobSpec.builder(IMAGE).name("batch-stop").build();
        JobHandle b = backend.submit(
                JobRequest.builder(batch).cleanup(CleanupPolicy.DELETE_ALWAYS).build());
        b.cancel();
        assertThat((Boolean) stored(ClusterJobKind.BATCH_JOB, "batch-stop").get("spec", "suspend"))
                .isTrue();
        assertThat(b.waitForCompletion(Duration.ofSeconds(30)).phase()).isEqualTo(JobPhase.CANCELLED);
        Await.until("deleted by the cleanup policy", () -> stored(ClusterJobKind.BATCH_JOB, "batch-stop") == null);
    }
}
