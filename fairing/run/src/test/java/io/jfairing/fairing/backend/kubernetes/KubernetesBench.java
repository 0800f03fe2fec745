package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.LogLine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the Kubernetes backend itself costs, against fabric8's mock API server (CRUD mode, HTTP on 127.0.0.1, same JVM):
 * submit latency, the delay from a job's condition changing on the server to a status listener hearing of it, the
 * time a cut watch takes to deliver what it missed, and log following throughput. Run with
 * {@code fairing/bench/run-kubernetes-bench.sh}; figures go to docs/benchmarks.md.
 */
public final class KubernetesBench {
    public static void main(String[] args) throws Exception {
        Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
        Logger.getLogger("").setLevel(Level.WARNING);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient().inNamespace(KubernetesJobBackendTest.NS)) {
            TestOperator operator = new TestOperator(client, KubernetesJobBackendTest.NS);
            operator.installCrds("kubeflow.org_pytorchjobs.yaml");
            try (KubernetesJobBackend backend =
                    KubernetesJobBackendTest.backend(client).build()) {
                submit(backend, 30, "warm");
                report("submit (PyTorchJob, discovery cached)", submit(backend, 200, "sub"));
                statusDelay(backend, operator, 20, "warmst");
                report("condition change -> status listener", statusDelay(backend, operator, 100, "st"));
                logs(backend, operator, new KubeletLogs(server, KubernetesJobBackendTest.NS), 2_000, "warmlog");
                logs(backend, operator, new KubeletLogs(server, KubernetesJobBackendTest.NS), 20_000, "log");
            }
            recovery(server, client, operator, 10);
        } finally {
            server.destroy();
        }
    }

    private static List<Long> submit(KubernetesJobBackend backend, int n, String prefix) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            backend.submit(JobRequest.of(KubernetesJobBackendTest.pytorch(prefix + "-" + i, 2)));
            micros.add((System.nanoTime() - t0) / 1000);
        }
        return micros;
    }

    private static List<Long> statusDelay(KubernetesJobBackend backend, TestOperator operator, int n, String prefix)
            throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = prefix + "-" + i;
            JobHandle job = backend.submit(JobRequest.of(KubernetesJobBackendTest.pytorch(name, 0)));
            AtomicLong heard = new AtomicLong();
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch first = new CountDownLatch(1);
            JobHandle.Subscription s = job.onStatus(st -> {
                first.countDown();
                if (st.phase() == JobPhase.RUNNING && heard.compareAndSet(0, System.nanoTime())) {
                    running.countDown();
                }
            });
            first.await(10, TimeUnit.SECONDS);
            operator.condition(
                    ClusterJobKind.PYTORCH_JOB.context(), name, "Running", "PyTorchJobRunning", "running", Map.of());
            long written = System.nanoTime();
            if (!running.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no RUNNING for " + name);
            }
            // from the moment the server had the change (the PATCH returned) to the listener
            micros.add(Math.max(0, heard.get() - written) / 1000);
            s.close();
            ((KubernetesJobHandle) job).closeWatch();
        }
        return micros;
    }

    private static void logs(
            KubernetesJobBackend backend, TestOperator operator, KubeletLogs kubelet, int lines, String name)
            throws Exception {
        JobHandle job = backend.submit(JobRequest.of(KubernetesJobBackendTest.pytorch(name, 0)));
        operator.trainingPod(name, "master", 0, "pytorch");
        String pod = name + "-master-0";
        String[] text = new String[lines];
        for (int i = 0; i < lines; i++) {
            text[i] = "step " + i + " loss=0.123456 accuracy=0.987654";
        }
        kubelet.write(pod, "pytorch", text);
        operator.running(pod);
        operator.succeeded(pod);
        AtomicInteger got = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(1);
        long t0 = System.nanoTime();
        JobHandle.Subscription s = job.followLogs((LogLine l) -> {
            if (got.incrementAndGet() == lines) {
                all.countDown();
            }
        });
        if (!all.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + got.get() + " of " + lines + " lines");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(300);
        s.close();
        if (!name.startsWith("warm")) {
            System.out.printf(
                    Locale.ROOT,
                    "follow %,d lines of one replica: %d ms (%,.0f lines/s), delivered %,d (no repeats: %s)%n",
                    lines,
                    ms,
                    lines * 1000.0 / Math.max(1, ms),
                    got.get(),
                    got.get() == lines);
        }
    }

    /** A watch cut while the job ends: time from connections being allowed again to the SUCCEEDED outcome. */
    private static void recovery(KubernetesMockServer server, KubernetesClient client, TestOperator operator, int n)
            throws Exception {
        List<Long> millis = new ArrayList<>();
        try (TcpProxy proxy = new TcpProxy(server.getPort());
                KubernetesClient proxied = new KubernetesClientBuilder()
                        .withConfig(new ConfigBuilder(client.getConfiguration())
                                .withMasterUrl("http://127.0.0.1:" + proxy.port())
                                .withRequestRetryBackoffLimit(0)
                                .build())
                        .build();
                KubernetesJobBackend backend =
                        KubernetesJobBackendTest.backend(proxied).build()) {
            for (int i = 0; i < n; i++) {
                String name = "cut-" + i;
                JobHandle job = backend.submit(JobRequest.of(KubernetesJobBackendTest.pytorch(name, 0)));
                job.onStatus(st -> {});
                proxy.refuse(true);
                proxy.cutAll();
                operator.condition(
                        ClusterJobKind.PYTORCH_JOB.context(),
                        name,
                        "Succeeded",
                        "PyTorchJobSucceeded",
                        "done",
                        Map.of());
                Thread.sleep(200);
                long t0 = System.nanoTime();
                proxy.refuse(false);
                job.waitForCompletion(Duration.ofSeconds(60));
                millis.add((System.nanoTime() - t0) / 1_000_000);
                ((KubernetesJobHandle) job).closeWatch();
            }
        }
        Collections.sort(millis);
        System.out.printf(
                Locale.ROOT,
                "watch cut for 200 ms while the job ends -> outcome after reconnect: median %d ms, max %d ms (n=%d; %s)%n",
                millis.get(millis.size() / 2),
                millis.get(millis.size() - 1),
                n,
                millis);
    }

    private static void report(String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%s: median %.2f ms, p90 %.2f ms, max %.2f ms (n=%d)%n",
                what,
                sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get(sorted.size() * 9 / 10) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0,
                sorted.size());
    }
}
