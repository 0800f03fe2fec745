package io.jfairing.images.builder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.Containers;
import io.jfairing.images.spec.SpecReader;
import io.jfairing.images.testing.ServerContainer;
import io.jfairing.images.testing.TeamImageEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team image on a base with a real Jupyter notebook server, run the way Kubeflow runs it: the image's own
 * entrypoint, {@code NB_PREFIX} set, an empty volume at the home folder. The server answers under the prefix, lists
 * the Java kernelspec, and runs a notebook through the kernel with the team library.
 */
@Tag("slow")
@ExtendWith(TeamImageEnvironment.class)
class JupyterServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/notebook/team-a/alice";

    @TempDir
    Path dir;

    private final TeamImageEnvironment env = TeamImageEnvironment.get();

    @Test
    void theImagesJupyterServerServesUnderNbPrefixAndRunsTheJavaKernel() throws Exception {
        Path file = dir.resolve("server.yaml");
        Files.writeString(file, """
                name: server
                image: %s/team/server
                base: %s
                java: {from: base, home: %s}
                kernel: {displayName: Java (team)}
                jupyter: {app: notebook}
                libraries: [com.example.team:stats:1.0]
                repositories: [{id: team, url: "%s"}]
                """.formatted(
                        env.registry().host(),
                        env.jupyterBaseImage(),
                        TeamImageEnvironment.JAVA_HOME,
                        env.mavenRepositoryUrl()));
        BuiltTeamImage image = TeamImageBuilder.create(env.kernelJar())
                .withResolver(LibraryResolver.standard().withLocalRepository(env.localRepository()))
                .withCredentials(RegistryCredentials.none())
                .withInsecureRegistries(true)
                .withCacheDirectory(env.newCache())
                .build(SpecReader.read(file), "1");

        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.getFileAttributeView(workspace, PosixFileAttributeView.class)
                .setGroup(workspace
                        .getFileSystem()
                        .getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName("100"));
        Containers containers = env.containers();
        try (ServerContainer server = ServerContainer.start(
                containers,
                "jfairing-server",
                image.reference(),
                "-e",
                "NB_PREFIX=" + PREFIX,
                "-v",
                workspace + ":/home/jovyan")) {
            JsonNode kernelspecs = JSON.readTree(server.awaitOk(PREFIX + "/api/kernelspecs"));
            JsonNode java = kernelspecs.at("/kernelspecs/java/spec");
            assertThat(java.get("display_name").asText()).isEqualTo("Java (team)");
            assertThat(java.get("argv").get(0).asText()).isEqualTo("/opt/jre/bin/java");

            Files.writeString(workspace.resolve("mean.ipynb"), """
                    {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "java", "display_name": "Java", "language": "java"}},
                     "cells": [{"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": null, "outputs": [],
                                "source": "com.example.team.Stats.mean(2, 4, 9)"}]}
                    """);
            Containers.Result executed = containers.podman(
                    "exec",
                    server.name(),
                    "jupyter",
                    "nbconvert",
                    "--to",
                    "notebook",
                    "--execute",
                    "--ExecutePreprocessor.timeout=120",
                    "--output",
                    "executed.ipynb",
                    "/home/jovyan/mean.ipynb");
            assertThat(executed.exitCode())
                    .as(executed.stdout() + executed.stderr())
                    .isZero();
            JsonNode output =
                    JSON.readTree(workspace.resolve("executed.ipynb").toFile()).at("/cells/0/outputs/0");
            assertThat(output.get("output_type").asText()).isEqualTo("execute_result");
            JsonNode text = output.at("/data/text~1plain"); // nbformat writes multi-line strings as lists of lines
            assertThat(text.isArray() ? String.join("", JSON.convertValue(text, String[].class)) : text.asText())
                    .isEqualTo("5.0");
        }
    }
}
