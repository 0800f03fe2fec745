package io.jfairing.fairing.backend.kubernetes;

import static io.jfairing.fairing.backend.kubernetes.KubernetesJobBackendTest.NS;
import static io.jfairing.fairing.backend.kubernetes.KubernetesJobBackendTest.pytorch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.JobStatus;
import io.jfairing.fairing.job.LogLine;
import io.jfairing.fairing.job.ReplicaStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Broken connections: the backend talks to the mock API server through a {@link TcpProxy} that cuts every open
 * connection (watches included) and refuses new ones for a while, as a network failure or an API server restart
 * does; the operator keeps changing the job meanwhile, through its own connection.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesReconnectTest {
    KubernetesMockServer server;
    KubernetesClient client;
    TestOperator operator;
    KubeletLogs kubelet;
    TcpProxy proxy;
    KubernetesClient proxied;

    @BeforeEach
    void setUp() throws Exception {
        operator = new TestOperator(client, NS);
        kubelet = new KubeletLogs(server, NS);
        operator.installCrds("kubeflow.org_pytorchjobs.yaml");
        proxy = new TcpProxy(server.getPort());
        proxied = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration())
                        .withMasterUrl("http://127.0.0.1:" + proxy.port())
                        .withWatchReconnectInterval(100)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
    }

    @AfterEach
    void tearDown() {
        proxied.close();
        proxy.close();
    }

    @Test
    void aWatchDroppedMidJobLosesNoStatusChange() throws Exception {
        try (KubernetesJobBackend backend =
                KubernetesJobBackendTest.backend(proxied).build()) {
            JobHandle job = backend.submit(JobRequest.of(pytorch("flaky", 1)));
            List<JobStatus> seen = new CopyOnWriteArrayList<>();
            job.onStatus(seen::add);
            operator.trainingPod("flaky", "master", 0, "pytorch");
            operator.trainingPod("flaky", "worker", 0, "pytorch");
            operator.running("flaky-master-0");
            operator.running("flaky-worker-0");
            operator.condition(
                    ClusterJobKind.PYTORCH_JOB.context(), "flaky", "Running", "PyTorchJobRunning", "running", Map.of());
            Await.until(
                    "RUNNING seen",
                    () -> seen.stream()
                            .anyMatch(s -> s.phase() == JobPhase.RUNNING
                                    && s.replicas().stream().allMatch(r -> r.phase() == JobPhase.RUNNING)));
            int connections = proxy.accepted();

            proxy.refuse(true);
            proxy.cutAll();
            // while the backend cannot see: a worker fails, is restarted by the operator, then everything succeeds
            operator.condition(
                    ClusterJobKind.PYTORCH_JOB.context(),
                    "flaky",
                    "Restarting",
                    "PyTorchJobRestarting",
                    "restarting worker-0",
                    Map.of());
            operator.succeeded("flaky-worker-0");
            operator.succeeded("flaky-master-0");
            operator.condition(
                    ClusterJobKind.PYTORCH_JOB.context(),
                    "flaky",
                    "Succeeded",
                    "PyTorchJobSucceeded",
                    "PyTorchJob flaky is successfully completed.",
                    Map.of("completionTime", "2026-01-01T10:05:00Z"));
            Thread.sleep(500);
            assertThat(seen).noneMatch(s -> s.phase() == JobPhase.SUCCEEDED);
            proxy.refuse(false);

            JobOutcome outcome = job.waitForCompletion(Duration.ofSeconds(30));
            assertThat(outcome.phase()).isEqualTo(JobPhase.SUCCEEDED);
            assertThat(proxy.accepted()).as("the watches were re-established").isGreaterThan(connections);
            Await.until(
                    "the final status delivered",
                    () -> seen.get(seen.size() - 1).phase() == JobPhase.SUCCEEDED);
            JobStatus last = seen.get(seen.size() - 1);
            assertThat(last.replicas())
                    .containsExactly(
                            new ReplicaStatus("master-0", JobPhase.SUCCEEDED, 0, null),
                            new ReplicaStatus("worker-0", JobPhase.SUCCEEDED, 0, null));
            assertThat(last.message()).contains("successfully completed");
        }
    }

    @Test
    void aWatchAnswered410GoneListsAgain() throws Exception {
        try (KubernetesJobBackend backend =
                KubernetesJobBackendTest.backend(client).build()) {
            JobHandle job = backend.submit(JobRequest.of(pytorch("expired", 0)));
            // the resourceVersion the informer will watch from: that of its first list
            String rv = client.genericKubernetesResources(ClusterJobKind.PYTORCH_JOB.context())
                    .inNamespace(NS)
                    .withField("metadata.name", "expired")
                    .list()
                    .getMetadata()
                    .getResourceVersion();
            String watch =
                    "/apis/kubeflow.org/v1/namespaces/test/pytorchjobs?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dexpired&resourceVersion="
                            + rv + "&timeoutSeconds=600&watch=true";
            server.expect()
                    .get()
                    .withPath(watch)
                    .andReturn(
                            410,
                            new io.fabric8.kubernetes.api.model.StatusBuilder()
                                    .withCode(410)
                                    .withReason("Expired")
                                    .withMessage("too old resource version: " + rv)
                                    .build())
                    .once();
            int requestsBefore = server.getRequestCount();
            List<JobStatus> seen = new CopyOnWriteArrayList<>();
            job.onStatus(seen::add);
            operator.trainingPod("expired", "master", 0, "pytorch");
            operator.running("expired-master-0");
            operator.succeeded("expired-master-0");
            operator.condition(
                    ClusterJobKind.PYTORCH_JOB.context(),
                    "expired",
                    "Succeeded",
                    "PyTorchJobSucceeded",
                    "done",
                    Map.of());
            assertThat(job.waitForCompletion(Duration.ofSeconds(30)).succeeded())
                    .isTrue();
            assertThat(server.getRequestCount()).isGreaterThan(requestsBefore);
            int lists = 0;
            for (var r = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
                    r != null;
                    r = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (r.getPath()
                        .equals(
                                "/apis/kubeflow.org/v1/namespaces/test/pytorchjobs?fieldSelector=metadata.name%3Dexpired&resourceVersion=0")) {
                    lists++;
                }
            }
            assertThat(lists).as("listed again after the 410").isGreaterThanOrEqualTo(2);
            Await.until(
                    "SUCCEEDED delivered",
                    () -> !seen.isEmpty() && seen.get(seen.size() - 1).phase() == JobPhase.SUCCEEDED);
        }
    }

    @Test
    void aLogStreamCutInTheMiddleOfALineResumesWithoutLosingOrRepeatingLines() throws Exception {
        try (KubernetesJobBackend backend =
                KubernetesJobBackendTest.backend(client).build()) {
            JobHandle job = backend.submit(JobRequest.of(pytorch("cut", 0)));
            operator.trainingPod("cut", "master", 0, "pytorch");
            List<String> written = IntStream.rangeClosed(1, 12)
                    .mapToObj(i -> "step " + i + " loss=" + (1.0 / i))
                    .toList();
            kubelet.write("cut-master-0", "pytorch", written.subList(0, 8).toArray(String[]::new));
            kubelet.cutNextFollow("cut-master-0", "pytorch", 5);
            operator.running("cut-master-0");
            List<LogLine> lines = new CopyOnWriteArrayList<>();
            try (JobHandle.Subscription ignored = job.followLogs(lines::add)) {
                Await.until("8 lines", () -> lines.size() >= 8);
                kubelet.write("cut-master-0", "pytorch", written.subList(8, 12).toArray(String[]::new));
                operator.succeeded("cut-master-0");
                operator.condition(
                        ClusterJobKind.PYTORCH_JOB.context(),
                        "cut",
                        "Succeeded",
                        "PyTorchJobSucceeded",
                        "done",
                        Map.of());
                assertThat(job.waitForCompletion(Duration.ofSeconds(30)).succeeded())
                        .isTrue();
                Await.until("12 lines", () -> lines.size() >= 12);
                Thread.sleep(300); // a repeated line would arrive by now
            }
            assertThat(lines).extracting(LogLine::text).containsExactlyElementsOf(written);
            assertThat(lines).extracting(LogLine::replica).containsOnly("master-0");
            assertThat(kubelet.followRequests("cut-master-0", "pytorch")).isGreaterThan(1);
        }
    }

    @Test
    void anApiServerGoneLongerThanTheRetryWindowEndsTheWaitNamingIt() throws Exception {
        try (KubernetesJobBackend backend = KubernetesJobBackendTest.backend(proxied)
                .apiRetryWindow(Duration.ofSeconds(1))
                .build()) {
            JobHandle job = backend.submit(JobRequest.of(pytorch("gone", 0)));
            job.onStatus(s -> {});
            proxy.refuse(true);
            proxy.cutAll();
            assertThatThrownBy(() -> job.waitForCompletion(Duration.ofSeconds(30)))
                    .isInstanceOf(JobException.class)
                    .hasMessageContaining("cannot reach the Kubernetes API server at http://127.0.0.1:" + proxy.port())
                    .hasMessageContaining("may still be running");
        }
    }
}
