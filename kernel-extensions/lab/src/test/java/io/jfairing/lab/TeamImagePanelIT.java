package io.jfairing.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.images.builder.BuiltTeamImage;
import io.jfairing.images.builder.TeamImageBuilder;
import io.jfairing.images.spec.SpecReader;
import io.jfairing.images.testing.ServerContainer;
import io.jfairing.images.testing.TeamImageEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team notebook image (notebook-images' builder, kernel-extensions' jars as its kernel extensions) on a base with
 * this harness's JupyterLab ({@link LabBaseImage}), pushed to a local registry, run with podman on 127.0.0.1 from its
 * own entrypoint as Kubeflow runs it, and opened in Chromium: the jfairing panel the image put into the base's
 * JupyterLab loads, and answers from the Java kernel running in the container.
 */
@Tag("slow")
@ExtendWith(TeamImageEnvironment.class)
class TeamImagePanelIT {
    @TempDir
    Path dir;

    private final TeamImageEnvironment env = TeamImageEnvironment.get();

    @Test
    void aTeamImagePutsTheJfairingPanelIntoItsBasesJupyterLab() throws Exception {
        Path labDir =
                Path.of(System.getProperty("lab.dir", ".")).toAbsolutePath().normalize();
        Path jupyterLab = JupyterLabBuild.ensure(labDir.resolve("app"), labDir.resolve("target"));
        String base = env.registry().host() + "/jfairing/jupyterlab-jdk:17";
        LabBaseImage.build(labDir, jupyterLab, env.baseImage(), base, Files.createDirectories(dir.resolve("base")));

        Path extensions = Path.of(System.getProperty("extension.dir", labDir + "/../target/extension"));
        String jars;
        try (Stream<Path> files = Files.list(extensions)) {
            jars = files.filter(f -> f.toString().endsWith(".jar"))
                    .sorted()
                    .map(f -> "\"" + f.toAbsolutePath() + "\"")
                    .collect(Collectors.joining(", "));
        }
        Path spec = dir.resolve("lab-team.yaml");
        Files.writeString(spec, """
                name: lab-team
                image: %s/team/lab-team
                base: %s
                java: {from: base, home: %s}
                kernel:
                  displayName: Java (lab team)
                  extensions: [%s]
                jupyter:
                  app: lab
                """.formatted(env.registry().host(), base, TeamImageEnvironment.JAVA_HOME, jars));
        BuiltTeamImage image = TeamImageBuilder.create(env.kernelJar())
                .withCredentials(RegistryCredentials.none())
                .withInsecureRegistries(true)
                .withCacheDirectory(env.newCache())
                .build(SpecReader.read(spec), "1");
        assertThat(image.layers())
                .extracting(BuiltImage.Layer::name)
                .containsExactly("kernel", "extensions", "lab-extensions", "home");

        try (ServerContainer server = ServerContainer.start(env.containers(), "jfairing-lab", image.reference())) {
            server.awaitOk("/api/status");
            JsonNode r = BrowserScenario.run(
                    labDir,
                    jupyterLab,
                    server.url(),
                    "", // the image's server runs without a token, as Kubeflow's gateway authenticates
                    Files.createDirectories(dir.resolve("browser")),
                    server::log,
                    "team-image",
                    Map.of());
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(r.path("extensionLoaded").asBoolean())
                    .as("the panel loaded in the image's JupyterLab")
                    .isTrue();
            soft.assertThat(r.path("federatedExtensions").toString()).contains("@jfairing/jupyterlab-jfairing");
            soft.assertThat(r.path("javaHome").asText())
                    .as("the kernel runs in the image")
                    .isEqualTo("/opt/jre");
            List<String> variables = JupyterLabBrowserIT.rows(r.path("variables"));
            soft.assertThat(variables).contains("[\"answer\",\"int\",\"42\"]");
            soft.assertThat(r.path("panelSections").toString()).contains("variables", "runs");
            soft.assertAll();
        }
    }
}
