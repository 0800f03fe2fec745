package io.jfairing.images.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** What the user reads when the API server refuses, conflicts or is not there. */
@EnableKubernetesMockClient
class NotebookServerErrorsTest {
    private static final String NOTEBOOKS = "/apis/kubeflow.org/v1/namespaces/team-a/notebooks";

    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void forbiddenSaysWhichNamespaceAndWhatToAskFor() {
        server.expect()
                .get()
                .withPath(NOTEBOOKS)
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("notebooks.kubeflow.org is forbidden: User \"bob\" cannot list resource")
                                .build())
                .once();
        NotebookServerException e =
                catchThrowableOfType(NotebookServerException.class, () -> new NotebookServers(client, "team-a").list());
        assertThat(e.reason()).isEqualTo(NotebookServerException.Reason.FORBIDDEN);
        assertThat(e).hasMessageContaining("cannot list notebook servers in namespace team-a", "(403)", "contributor");
    }

    @Test
    void aConflictOnCreateIsReportedAsAlreadyExisting() throws Exception {
        server.expect().get().withPath(NOTEBOOKS + "/alice").andReturn(404, "").once();
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/team-a/persistentvolumeclaims/alice-workspace")
                .andReturn(
                        200,
                        "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"alice-workspace\"}}")
                .once();
        server.expect()
                .post()
                .withPath(NOTEBOOKS)
                .andReturn(
                        409,
                        new StatusBuilder()
                                .withCode(409)
                                .withReason("AlreadyExists")
                                .build())
                .once();
        NotebookServerException e = catchThrowableOfType(
                NotebookServerException.class,
                () -> new NotebookServers(client, "team-a")
                        .create(NotebookServerSpec.builder("alice", "team-a")
                                .image("r/i:1")
                                .build()));
        assertThat(e.reason()).isEqualTo(NotebookServerException.Reason.ALREADY_EXISTS);
        assertThat(e).hasMessageContaining("(409)");
    }

    @Test
    void anUnreachableApiServerNamesItsAddress() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Config config = new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2000)
                .build();
        try (KubernetesClient down =
                new KubernetesClientBuilder().withConfig(config).build()) {
            NotebookServerException e = catchThrowableOfType(
                    NotebookServerException.class, () -> new NotebookServers(down, "team-a").list());
            assertThat(e.reason()).isEqualTo(NotebookServerException.Reason.UNREACHABLE);
            assertThat(e).hasMessageContaining("the Kubernetes API server at http://127.0.0.1:" + port, "kubeconfig");
        }
    }
}
