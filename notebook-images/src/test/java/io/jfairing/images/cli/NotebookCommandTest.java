package io.jfairing.images.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.deploy.CrdSchemaValidator;
import io.jfairing.images.server.NotebookManifests;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code jfairing notebook ...} against the mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class NotebookCommandTest {
    KubernetesClient client;

    private record Run(int status, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // a fresh client per command, as the tool makes one; closing it must not close the test's
        int status = ImagesSubcommands.execute(
                new NotebookCommand(() -> new KubernetesClientBuilder()
                        .withConfig(client.getConfiguration())
                        .build()),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void createListStopStartDelete() {
        Run create = run(
                "notebook",
                "create",
                "alice",
                "-n",
                "team-a",
                "--image",
                "r/team/explore:v1",
                "--cpu",
                "2",
                "--memory",
                "4Gi",
                "--gpus",
                "1",
                "--pod-default",
                "access-ml-pipeline",
                "--data",
                "datasets:/data:ro");
        assertThat(create.status()).isEqualTo(1);
        assertThat(create.err()).contains("data volume claim datasets does not exist in team-a");

        assertThat(run(
                                "notebook",
                                "create",
                                "alice",
                                "-n",
                                "team-a",
                                "--image",
                                "r/team/explore:v1",
                                "--cpu",
                                "2",
                                "--memory",
                                "4Gi",
                                "--gpus",
                                "1",
                                "--pod-default",
                                "access-ml-pipeline")
                        .status())
                .isZero();
        GenericKubernetesResource notebook = client.genericKubernetesResources(NotebookManifests.NOTEBOOKS)
                .inNamespace("team-a")
                .withName("alice")
                .get();
        assertThat(notebook.getMetadata().getLabels()).containsEntry("access-ml-pipeline", "true");

        Run list = run("notebook", "list", "--namespace", "team-a");
        assertThat(list.out()).containsPattern("alice +starting +2 +4Gi +1 +alice-workspace +r/team/explore:v1");
        assertThat(run("notebook", "stop", "alice", "-n", "team-a").out()).contains("notebook server alice stopped");
        assertThat(run("notebook", "list", "-n", "team-a").out()).containsPattern("alice +stopped");
        assertThat(run("notebook", "start", "alice", "-n", "team-a").out()).contains("notebook server alice starting");
        assertThat(run("notebook", "delete", "alice", "-n", "team-a").out()).contains("its workspace stays");
        assertThat(client.persistentVolumeClaims()
                        .inNamespace("team-a")
                        .withName("alice-workspace")
                        .get())
                .isNotNull();

        Run missing = run("notebook", "stop", "alice", "-n", "team-a");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err())
                .isEqualTo(
                        "jfairing: error: no notebook server alice in namespace team-a (jfairing notebook list shows them)\n");
    }

    @Test
    void dryRunPrintsManifestsThatMatchTheCrdAndCreatesNothing() throws Exception {
        Run run =
                run("notebook", "create", "bob", "-n", "team-a", "--image", "r/team/dl:v1", "--gpus", "2", "--dry-run");
        assertThat(run.status()).as(run.err()).isZero();
        String notebookYaml = run.out().substring(0, run.out().indexOf("---", 3));
        GenericKubernetesResource notebook = Serialization.unmarshal(notebookYaml, GenericKubernetesResource.class);
        assertThat(CrdSchemaValidator.load("kubeflow.org_notebooks.yaml").validate(notebook))
                .isEmpty();
        assertThat(run.out())
                .contains("kind: \"PersistentVolumeClaim\"", "name: \"bob-workspace\"", "nvidia.com/gpu: \"2\"");
        assertThat(client.genericKubernetesResources(NotebookManifests.NOTEBOOKS)
                        .inNamespace("team-a")
                        .list()
                        .getItems())
                .isEmpty();
    }

    @Test
    void badResourcesAreUsageErrors() {
        Run run = run("notebook", "create", "carol", "-n", "team-a", "--image", "r/x:1", "--memory", "lots");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("memory 'lots' is not a Kubernetes quantity");
    }
}
