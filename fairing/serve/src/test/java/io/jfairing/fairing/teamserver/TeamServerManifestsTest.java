package io.jfairing.fairing.teamserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.deploy.CrdSchemaValidator;
import io.jfairing.fairing.serve.InvalidServingSpecException;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.server.MetadataServer;
import io.jfairing.metadata.store.http.HttpMetadataStore;
import io.jfairing.metadata.store.sqlite.PostgresLocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team server's manifests, applied to fabric8's API server mock in CRUD mode with Kubeflow's PodDefault CRD
 * registered: Secrets hold the token and password and nothing else does; a pod with the PodDefault's environment
 * finds the server through {@link MetadataStore#fromEnvironment(Map)}.
 */
@EnableKubernetesMockClient(crud = true)
class TeamServerManifestsTest {
    KubernetesClient client;

    @TempDir
    Path dir;

    @BeforeEach
    void registerPodDefaults() throws Exception {
        Path crd = CrdSchemaValidator.crdFolder().resolve("kubeflow.org_poddefaults.yaml");
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(Serialization.unmarshal(Files.readString(crd), CustomResourceDefinition.class))
                .create();
    }

    /** The environment a pod gets: the PodDefault's variables, Secret references resolved as the kubelet does. */
    private Map<String, String> podEnvironment(String namespace, String podDefault) {
        GenericKubernetesResource pd = client.genericKubernetesResources(TeamServerManifests.POD_DEFAULTS)
                .inNamespace(namespace)
                .withName(podDefault)
                .get();
        assertThat(CrdSchemaValidator.load("kubeflow.org_poddefaults.yaml").validate(pd))
                .isEmpty();
        @SuppressWarnings("unchecked")
        List<Object> env = (List<Object>)
                ((Map<String, Object>) pd.getAdditionalProperties().get("spec")).get("env");
        Map<String, String> out = new HashMap<>();
        for (Object o : env) {
            EnvVar v = Serialization.unmarshal(Serialization.asJson(o), EnvVar.class);
            out.put(v.getName(), v.getValue() != null ? v.getValue() : secretValue(namespace, v));
        }
        return out;
    }

    private String secretValue(String namespace, EnvVar v) {
        var ref = v.getValueFrom().getSecretKeyRef();
        Secret s =
                client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        if (s.getData() != null && s.getData().containsKey(ref.getKey())) {
            return new String(Base64.getDecoder().decode(s.getData().get(ref.getKey())), StandardCharsets.UTF_8);
        }
        return s.getStringData().get(ref.getKey());
    }

    @Test
    void aSqliteServerOnAVolumeIsFoundByPodsThroughThePodDefault() throws Exception {
        TeamServerSpec spec = TeamServerSpec.of("team-a", "registry.example/jfairing:1", null);
        List<HasMetadata> applied = new TeamServerDeployer(client).deploy(spec, null);
        assertThat(applied)
                .extracting(HasMetadata::getKind)
                .containsExactly("Secret", "PersistentVolumeClaim", "Deployment", "Service", "PodDefault");

        Deployment d = client.apps()
                .deployments()
                .inNamespace("team-a")
                .withName("jfairing-metadata")
                .get();
        var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs())
                .containsSubsequence("metadata", "serve", "--host", "0.0.0.0")
                .containsSubsequence("--db", "/var/lib/jfairing/metadata.db");
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(d.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes()
                        .get(0)
                        .getPersistentVolumeClaim()
                        .getClaimName())
                .isEqualTo("jfairing-metadata-data");
        assertThat(container.getEnv())
                .singleElement()
                .satisfies(e ->
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("jfairing-metadata-token"));
        assertThat(client.services()
                        .inNamespace("team-a")
                        .withName("jfairing-metadata")
                        .get()
                        .getSpec()
                        .getSelector())
                .isEqualTo(d.getSpec().getSelector().getMatchLabels());

        // a pod with the label gets the address and the token, and the client it makes talks to that server
        Map<String, String> env = podEnvironment("team-a", "jfairing-metadata");
        assertThat(env).containsEntry(MetadataStore.ENV_URI, "http://jfairing-metadata.team-a.svc.cluster.local:8765");
        String token = env.get(MetadataStore.ENV_TOKEN);
        assertThat(token).hasSize(64);
        try (MetadataStore inPod = MetadataStore.fromEnvironment(env)) {
            assertThat(inPod).isInstanceOf(HttpMetadataStore.class);
        }
        // the same environment, pointed at a real server holding that token, writes (the cluster DNS name aside)
        try (MetadataStore backend = MetadataStore.open(dir.resolve("m.db"));
                MetadataServer server =
                        MetadataServer.builder(backend).port(0).token(token).start()) {
            Map<String, String> local = new HashMap<>(env);
            local.put(MetadataStore.ENV_URI, server.url());
            try (MetadataStore inPod = MetadataStore.fromEnvironment(local)) {
                assertThat(inPod.startRun("from-a-pod").id()).isPositive();
            }
        }

        // deploying again keeps the token (clients keep working) and prints no credential
        new TeamServerDeployer(client).deploy(spec, null);
        assertThat(podEnvironment("team-a", "jfairing-metadata")).containsEntry(MetadataStore.ENV_TOKEN, token);
        for (HasMetadata m : TeamServerManifests.manifests(spec)) {
            assertThat(Serialization.asYaml(m)).doesNotContain(token);
        }
    }

    @Test
    void aPostgresServerTakesItsPasswordFromASecretAndNoManifestCarriesIt() {
        TeamServerSpec spec = TeamServerSpec.of(
                "team-b", "registry.example/jfairing:1", "postgresql://jfairing@db.team-b.svc:5432/metadata");
        List<HasMetadata> applied = new TeamServerDeployer(client).deploy(spec, "pg-s3cret");
        assertThat(applied)
                .extracting(HasMetadata::getKind)
                .containsExactly("Secret", "Secret", "Deployment", "Service", "PodDefault");
        Deployment d = client.apps()
                .deployments()
                .inNamespace("team-b")
                .withName("jfairing-metadata")
                .get();
        var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs())
                .containsSubsequence("--database", "postgresql://jfairing@db.team-b.svc:5432/metadata");
        assertThat(container.getEnv())
                .filteredOn(e -> e.getName().equals(PostgresLocation.ENV_PASSWORD))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("jfairing-metadata-db"));
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).isNullOrEmpty();
        assertThat(secretValue(
                        "team-b",
                        container.getEnv().stream()
                                .filter(e -> e.getName().equals(PostgresLocation.ENV_PASSWORD))
                                .findFirst()
                                .orElseThrow()))
                .isEqualTo("pg-s3cret");
        for (HasMetadata m : TeamServerManifests.manifests(spec)) {
            assertThat(Serialization.asYaml(m)).doesNotContain("pg-s3cret");
        }
        assertThatThrownBy(() -> TeamServerSpec.of("team-b", "img:1", "postgresql://jfairing:pw@db:5432/metadata"))
                .isInstanceOf(InvalidServingSpecException.class)
                .hasMessageContaining("carries a password");
        assertThatThrownBy(() -> TeamServerSpec.of("team-b", "img:1", "/data/metadata.db"))
                .isInstanceOf(InvalidServingSpecException.class)
                .hasMessageContaining("--storage");
    }
}
