package io.jfairing.fairing.cli;

import static io.jfairing.fairing.cli.CommandRun.jfairing;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.deploy.CrdSchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jfairing metadata deploy}: the printed manifests, and the same applied to the API server mock. */
@EnableKubernetesMockClient(crud = true)
class MetadataDeployCommandTest {
    KubernetesClient client;

    @Test
    void dryRunPrintsTheManifestsWithoutCredentialsAndSaysHowToMakeTheSecrets() throws Exception {
        CommandRun run = jfairing(
                "metadata",
                "deploy",
                "-n",
                "team-a",
                "--image",
                "registry.example/jfairing:0.1",
                "--database",
                "postgresql://jfairing@db:5432/metadata",
                "--database-password-file",
                "/nonexistent/not-read-in-a-dry-run",
                "--dry-run");
        assertThat(run.status()).as(run.err()).isZero();
        List<String> kinds = new ArrayList<>();
        try (YAMLParser p = new YAMLFactory().createParser(run.out())) {
            for (JsonNode doc : new ObjectMapper().readValues(p, JsonNode.class).readAll()) {
                kinds.add(doc.path("kind").asText());
            }
        }
        assertThat(kinds).containsExactly("Deployment", "Service", "PodDefault");
        assertThat(run.out()).contains("secretKeyRef").doesNotContain("stringData");
        assertThat(run.err()).contains("kubectl -n team-a create secret generic jfairing-metadata-token");

        CommandRun bad =
                jfairing("metadata", "deploy", "-n", "team-a", "--image", "img:1", "--database", "/x.db", "--dry-run");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--storage");
    }

    @Test
    void appliedToAClusterTheServerIsThereWithAFreshTokenNeverPrinted(@TempDir Path dir) throws Exception {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(Serialization.unmarshal(
                        Files.readString(CrdSchemaValidator.crdFolder().resolve("kubeflow.org_poddefaults.yaml")),
                        CustomResourceDefinition.class))
                .create();
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(
                kubeconfig,
                "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster:\n    server: "
                        + client.getMasterUrl()
                        + "\n    insecure-skip-tls-verify: true\ncontexts:\n- name: mock\n  context:\n    cluster: mock\n"
                        + "    user: me\ncurrent-context: mock\nusers:\n- name: me\n  user:\n    token: t0ken\n");
        CommandRun run = jfairing(
                "metadata",
                "deploy",
                "-n",
                "team-a",
                "--image",
                "registry.example/jfairing:0.1",
                "--kubeconfig",
                kubeconfig.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "Secret/jfairing-metadata-token",
                        "Deployment/jfairing-metadata",
                        "PodDefault/jfairing-metadata")
                .contains("serving at http://jfairing-metadata.team-a.svc.cluster.local:8765");
        var secret = client.secrets()
                .inNamespace("team-a")
                .withName("jfairing-metadata-token")
                .get();
        String token = secret.getStringData() != null
                ? secret.getStringData().get("token")
                : new String(
                        java.util.Base64.getDecoder().decode(secret.getData().get("token")));
        assertThat(token).hasSize(64);
        assertThat(run.out() + run.err()).doesNotContain(token);
        assertThat(client.persistentVolumeClaims()
                        .inNamespace("team-a")
                        .withName("jfairing-metadata-data")
                        .get())
                .isNotNull();
    }

    @Test
    void serveDeployDryRunShowsTheVersionAnAliasNamesNow(@TempDir Path dir) {
        String store = "sqlite:" + dir.resolve("metadata.db");
        try (io.jfairing.metadata.MetadataStore s = io.jfairing.metadata.MetadataStore.connect(store)) {
            for (int i = 1; i <= 2; i++) {
                try (io.jfairing.metadata.Run run = s.startRun("wine")) {
                    run.logOutput(io.jfairing.metadata.Model.builder()
                            .name("wine")
                            .uri("https://models.example/wine-" + i + ".txt")
                            .build());
                    s.registry().registerVersion("wine", io.jfairing.metadata.registry.VersionSpec.ofRun(run.id()));
                }
            }
            s.registry().setAlias("wine", "champion", 2);
        }
        String[] deploy = {
            "serve",
            "deploy",
            "--name",
            "wine",
            "--image",
            "registry.example/wine:1",
            "--backend",
            "kubernetes",
            "--no-kserve",
            "--model-uri",
            "models:/wine@champion",
            "--metadata",
            store,
            "--dry-run"
        };
        CommandRun run = jfairing(deploy);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("https://models.example/wine-2.txt").doesNotContain("models:/");
        CommandRun missing = jfairing(
                "serve",
                "deploy",
                "--name",
                "wine",
                "--image",
                "registry.example/wine:1",
                "--backend",
                "kubernetes",
                "--model-uri",
                "models:/wine@staging",
                "--metadata",
                store,
                "--dry-run");
        assertThat(missing.status()).isNotZero();
        assertThat(missing.err()).contains("cannot serve models:/wine@staging").contains("no alias 'staging'");
    }
}
