package io.jfairing.fairing.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jfairing.metadata.ConflictException;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.Model;
import io.jfairing.metadata.Run;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.registry.ModelRegistry;
import io.jfairing.metadata.registry.VersionSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving {@code models:/NAME@ALIAS} and {@code models:/NAME/VERSION} through the recording backend, on fabric8's API
 * server mock in CRUD mode: the deployment serves the version's artifact, follows the alias when redeployed, and
 * keeps the version it serves from being deleted.
 */
@EnableKubernetesMockClient(crud = true)
class RegistryServingTest {
    KubernetesClient client;

    @TempDir
    Path dir;

    private long train(MetadataStore store, String uri) {
        try (Run run = store.startRun("wine")) {
            run.logOutput(Model.builder().name("wine").uri(uri).build());
            return run.id();
        }
    }

    private String servedUri() {
        Deployment d =
                client.apps().deployments().inNamespace("ml").withName("wine").get();
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("FAIRING_MODEL_URI"))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow();
    }

    private static ServingSpec spec(String modelUri) {
        return ServingSpec.builder("wine")
                .namespace("ml")
                .image("127.0.0.1:5000/wine:1")
                .modelUri(modelUri)
                .build();
    }

    @Test
    void servingByAliasFollowsTheAliasAndHoldsTheServedVersion() throws Exception {
        try (MetadataStore store = MetadataStore.open(dir.resolve("metadata.db"))) {
            ModelRegistry registry = store.registry();
            registry.registerVersion("wine", VersionSpec.ofRun(train(store, "https://models.example/wine-1.txt")));
            registry.registerVersion("wine", VersionSpec.ofRun(train(store, "https://models.example/wine-2.txt")));
            registry.setAlias("wine", "champion", 1);
            ServingBackend backend =
                    KubernetesServingBackend.deployments(client).recordedIn(store);

            ServingHandle first = backend.deploy(spec("models:/wine@champion"));
            assertThat(servedUri()).isEqualTo("https://models.example/wine-1.txt");
            assertThat(registry.getVersion("wine", 1).deployments()).containsExactly("ml/wine");
            RunInfo recorded = store.getRun(first.metadataRunId().orElseThrow());
            assertThat(recorded.params())
                    .containsEntry("model_reference", "models:/wine@champion")
                    .containsEntry("model_version", "models:/wine/1")
                    .containsEntry("model_uri", "https://models.example/wine-1.txt");
            long artifact1 = registry.getVersion("wine", 1).artifactId();
            assertThat(store.lineage(artifact1, LineageDirection.DOWNSTREAM, 1).consumersOf(artifact1))
                    .containsExactly(recorded.id());

            // the alias moves: the same deploy now serves version 2, and version 1 is free again
            registry.setAlias("wine", "champion", 2);
            assertThatThrownBy(() -> registry.deleteVersion("wine", 2))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("alias champion");
            ServingHandle second = backend.deploy(spec("models:/wine@champion"));
            assertThat(servedUri()).isEqualTo("https://models.example/wine-2.txt");
            assertThat(registry.getVersion("wine", 2).deployments()).containsExactly("ml/wine");
            assertThat(registry.getVersion("wine", 1).deployments()).isEmpty();
            registry.deleteVersion("wine", 1);

            // a fixed version: removing the alias does not free what a deployment serves
            registry.removeAlias("wine", "champion");
            assertThatThrownBy(() -> registry.deleteVersion("wine", 2))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("deployment ml/wine serves it");
            second.delete();
            assertThat(registry.getVersion("wine", 2).deployments()).isEmpty();
            registry.deleteVersion("wine", 2);
        }
    }

    @Test
    void aReferenceThatResolvesToNothingDeploysNothing() {
        try (MetadataStore store = MetadataStore.open(dir.resolve("metadata.db"))) {
            store.registry().registerVersion("wine", VersionSpec.ofRun(train(store, "https://models.example/w.txt")));
            ServingBackend backend =
                    KubernetesServingBackend.deployments(client).recordedIn(store);
            assertThatThrownBy(() -> backend.deploy(spec("models:/wine@champion")))
                    .isInstanceOf(InvalidServingSpecException.class)
                    .hasMessageContaining("cannot serve models:/wine@champion")
                    .hasMessageContaining("no alias 'champion'");
            assertThatThrownBy(() -> spec("models:/wine/latest"))
                    .isInstanceOf(InvalidServingSpecException.class)
                    .hasMessageContaining("not a number");
            // without a store the reference cannot be resolved: the backend says so instead of guessing a path
            assertThatThrownBy(
                            () -> KubernetesServingBackend.deployments(client).deploy(spec("models:/wine/1")))
                    .isInstanceOf(InvalidServingSpecException.class)
                    .hasMessageContaining("resolved in the metadata store's registry");
            assertThat(client.apps().deployments().inNamespace("ml").list().getItems())
                    .isEmpty();
        }
    }
}
