package io.jfairing.images.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.deploy.CrdSchemaValidator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Notebook servers against fabric8's mock API server in CRUD mode, every Notebook checked against Kubeflow's CRD. */
@EnableKubernetesMockClient(crud = true)
class NotebookServersTest {
    private static final String NAMESPACE = "team-a";
    private static final String IMAGE = "registry.example.com/ml-platform/data-exploration:2024-06";

    KubernetesClient client;

    private NotebookServers servers() {
        return new NotebookServers(
                client, NAMESPACE, Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC));
    }

    private static NotebookServerSpec.Builder alice() {
        return NotebookServerSpec.builder("alice", NAMESPACE).image(IMAGE);
    }

    private void claim(String name, String size) {
        client.persistentVolumeClaims()
                .inNamespace(NAMESPACE)
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels("owner", "someone")
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteMany")
                        .withNewResources()
                        .addToRequests("storage", new Quantity(size))
                        .endResources()
                        .endSpec()
                        .build())
                .create();
    }

    @Test
    void createsTheWorkspaceAndANotebookThatMatchesKubeflowsSchema() throws Exception {
        claim("datasets", "100Gi");
        NotebookServerSpec spec = alice().cpu("2")
                .memory("4Gi")
                .memoryLimit("6Gi")
                .gpus(1)
                .workspaceSize("20Gi")
                .storageClass("fast")
                .dataVolume(DataVolume.parse("datasets:/data:ro"))
                .podDefaultLabel("access-ml-pipeline", "true")
                .envFromSecret("team-s3")
                .serviceAccount("default-editor")
                .build();

        GenericKubernetesResource created = servers().create(spec);

        List<String> errors =
                CrdSchemaValidator.load("kubeflow.org_notebooks.yaml").validate(created);
        assertThat(errors).as(Serialization.asYaml(created)).isEmpty();
        GenericKubernetesResource stored = client.genericKubernetesResources(NotebookManifests.NOTEBOOKS)
                .inNamespace(NAMESPACE)
                .withName("alice")
                .get();
        Map<String, Object> pod = stored.get("spec", "template", "spec");
        assertThat(stored.getMetadata().getLabels())
                .containsEntry("access-ml-pipeline", "true")
                .containsEntry("app", "alice");
        assertThat(stored.<String>get("spec", "template", "spec", "containers", 0, "image"))
                .isEqualTo(IMAGE);
        assertThat(stored.<Map<String, Object>>get("spec", "template", "spec", "containers", 0, "resources"))
                .isEqualTo(Map.of(
                        "requests",
                        Map.of("cpu", "2", "memory", "4Gi"),
                        "limits",
                        Map.of("cpu", "2", "memory", "6Gi", "nvidia.com/gpu", "1")));
        assertThat(stored.<List<Map<String, Object>>>get("spec", "template", "spec", "containers", 0, "volumeMounts"))
                .containsExactly(
                        Map.of("name", "workspace", "mountPath", "/home/jovyan"),
                        Map.of("name", "dshm", "mountPath", "/dev/shm"),
                        Map.of("name", "data-0", "mountPath", "/data", "readOnly", true));
        assertThat(stored.<String>get("spec", "template", "spec", "containers", 0, "envFrom", 0, "secretRef", "name"))
                .isEqualTo("team-s3");
        assertThat(pod)
                .containsEntry("serviceAccountName", "default-editor")
                .containsEntry("securityContext", Map.of("fsGroup", 100));

        PersistentVolumeClaim workspace = client.persistentVolumeClaims()
                .inNamespace(NAMESPACE)
                .withName("alice-workspace")
                .get();
        assertThat(workspace.getSpec().getResources().getRequests().get("storage"))
                .isEqualTo(new Quantity("20Gi"));
        assertThat(workspace.getSpec().getStorageClassName()).isEqualTo("fast");
        assertThat(workspace.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");

        assertThat(servers().list())
                .containsExactly(
                        new NotebookServer("alice", NAMESPACE, IMAGE, "2", "4Gi", 1, "alice-workspace", "starting"));
    }

    @Test
    void stopAndStartUseKubeflowsAnnotationAndKeepTheWorkspace() throws Exception {
        NotebookServers servers = servers();
        servers.create(alice().build());
        assertThat(servers.stop("alice").state()).isEqualTo("stopped");
        GenericKubernetesResource stopped = client.genericKubernetesResources(NotebookManifests.NOTEBOOKS)
                .inNamespace(NAMESPACE)
                .withName("alice")
                .get();
        assertThat(stopped.getMetadata().getAnnotations())
                .containsEntry("kubeflow-resource-stopped", "2026-01-02T03:04:05Z");

        assertThat(servers.start("alice").state()).isEqualTo("starting");
        GenericKubernetesResource started = client.genericKubernetesResources(NotebookManifests.NOTEBOOKS)
                .inNamespace(NAMESPACE)
                .withName("alice")
                .get();
        assertThat(started.getMetadata().getAnnotations())
                .doesNotContainKey("kubeflow-resource-stopped")
                .containsEntry("notebooks.kubeflow.org/server-type", "jupyter");
        assertThat(client.persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .withName("alice-workspace")
                        .get())
                .isNotNull();
    }

    @Test
    void anExistingWorkspaceIsReusedAndKeptOnDeleteUnlessAskedFor() throws Exception {
        claim("shared-work", "50Gi");
        NotebookServers servers = servers();
        servers.create(alice().workspace("shared-work").workspaceSize("1Gi").build());
        PersistentVolumeClaim kept = client.persistentVolumeClaims()
                .inNamespace(NAMESPACE)
                .withName("shared-work")
                .get();
        assertThat(kept.getMetadata().getLabels()).containsEntry("owner", "someone");
        assertThat(kept.getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("50Gi"));

        servers.delete("alice", false);
        assertThat(servers.list()).isEmpty();
        assertThat(client.persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .withName("shared-work")
                        .get())
                .isNotNull();

        servers.create(NotebookServerSpec.builder("bob", NAMESPACE).image(IMAGE).build());
        servers.delete("bob", true);
        assertThat(client.persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .withName("bob-workspace")
                        .get())
                .isNull();
    }

    @Test
    void aSecondCreateOrAMissingServerOrDataVolumeIsRefused() throws Exception {
        NotebookServers servers = servers();
        servers.create(alice().build());
        NotebookServerException again =
                catchThrowableOfType(NotebookServerException.class, () -> servers.create(alice().build()));
        assertThat(again.reason()).isEqualTo(NotebookServerException.Reason.ALREADY_EXISTS);
        assertThat(again).hasMessageContaining("alice already exists in team-a");

        NotebookServerException missing =
                catchThrowableOfType(NotebookServerException.class, () -> servers.stop("carol"));
        assertThat(missing.reason()).isEqualTo(NotebookServerException.Reason.NOT_FOUND);
        assertThat(missing).hasMessageContaining("no notebook server carol in namespace team-a");

        NotebookServerException noData = catchThrowableOfType(
                NotebookServerException.class,
                () -> servers.create(NotebookServerSpec.builder("dave", NAMESPACE)
                        .image(IMAGE)
                        .dataVolume(DataVolume.parse("nope:/data"))
                        .build()));
        assertThat(noData).hasMessageContaining("data volume claim nope does not exist");
        assertThat(client.persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .withName("dave-workspace")
                        .get())
                .isNull();
    }

    @Test
    void badSpecsAreRefusedWithEveryProblemBeforeAnythingIsCreated() {
        InvalidNotebookServerException e = catchThrowableOfType(
                InvalidNotebookServerException.class,
                () -> NotebookServerSpec.builder("Alice_1", NAMESPACE)
                        .cpu("two")
                        .memory("8Gi")
                        .memoryLimit("4Gi")
                        .gpus(-1)
                        .dataVolume(DataVolume.parse("data:/home/jovyan/data"))
                        .podDefaultLabel("bad key", "x")
                        .build());
        assertThat(e.problems()).hasSize(7);
        assertThat(e.getMessage())
                .contains(
                        "name 'Alice_1'",
                        "image is required",
                        "cpu 'two' is not a Kubernetes quantity",
                        "memory request 8Gi is more than the limit 4Gi",
                        "gpus must be 0 or more",
                        "/home/jovyan/data overlaps",
                        "'bad key=x' is not a valid label");
        assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems())
                .isEmpty();
    }
}
