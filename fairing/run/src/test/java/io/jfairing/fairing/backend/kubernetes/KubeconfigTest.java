package io.jfairing.fairing.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backend made from a kubeconfig file: its context, the context's namespace, a clear error for a missing context. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubeconfigTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @AfterEach
    void forget() {
        System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
    }

    Path kubeconfig(Path dir) throws Exception {
        String url = "http://127.0.0.1:" + server.getPort();
        Path file = dir.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                - name: other
                  cluster: {server: "http://127.0.0.1:1"}
                users:
                - name: alice
                  user: {token: not-a-real-token}
                contexts:
                - name: ml
                  context: {cluster: mock, user: alice, namespace: team-a}
                - name: elsewhere
                  context: {cluster: other, user: alice}
                current-context: elsewhere
                """.formatted(url));
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, file.toString());
        return file;
    }

    @Test
    void theContextGivesTheServerAndTheNamespace(@TempDir Path dir) throws Exception {
        kubeconfig(dir);
        new TestOperator(client, "team-a").installCrds("kubeflow.org_pytorchjobs.yaml");
        try (KubernetesJobBackend backend =
                KubernetesJobBackend.builder().context("ml").build()) {
            assertThat(backend.namespace()).isEqualTo("team-a");
            assertThat(backend.client().getMasterUrl().toString())
                    .isEqualTo("http://127.0.0.1:" + server.getPort() + "/");
            backend.submit(JobRequest.of(KubernetesJobBackendTest.pytorch("from-kubeconfig", 1)));
            assertThat(client.genericKubernetesResources(ClusterJobKind.PYTORCH_JOB.context())
                            .inNamespace("team-a")
                            .withName("from-kubeconfig")
                            .get())
                    .isNotNull();
        }
        try (KubernetesJobBackend backend = KubernetesJobBackend.builder()
                .context("ml")
                .namespace("other-ns")
                .build()) {
            assertThat(backend.namespace()).isEqualTo("other-ns");
        }
    }

    @Test
    void anUnknownContextIsNamedWithTheKnownOnes(@TempDir Path dir) throws Exception {
        kubeconfig(dir);
        assertThatThrownBy(() -> KubernetesJobBackend.builder().context("prod").build())
                .isInstanceOf(JobException.class)
                .hasMessageContaining("no kubeconfig context named prod")
                .hasMessageContaining("known contexts: elsewhere, ml");
    }
}
