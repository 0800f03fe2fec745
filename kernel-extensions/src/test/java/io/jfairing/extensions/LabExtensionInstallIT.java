package io.jfairing.extensions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar jfairing-kernel.jar install --extension kernel-extensions/target/extension}, as a user runs it:
 * the jfairing panel that this module's jar carries (built with npm during the Maven build) lands in the Jupyter data
 * folder's {@code labextensions/}, as a prebuilt extension JupyterLab loads; {@code --no-lab-extension} leaves it out.
 */
class LabExtensionInstallIT {
    private static final Path KERNEL_JAR =
            Path.of(System.getProperty("kernel.jar", "../kernel/target/jfairing-kernel.jar"));
    private static final Path EXTENSIONS = Path.of(System.getProperty("extension.dir", "target/extension"));
    private static final String PANEL = "share/jupyter/labextensions/@jfairing/jupyterlab-jfairing";

    @Test
    void installPutsThePanelIntoTheDataFoldersLabextensions(@TempDir Path prefix) throws Exception {
        String output = install(prefix);
        Path panel = prefix.resolve(PANEL);
        assertThat(output).contains("Installed the JupyterLab extension @jfairing/jupyterlab-jfairing in");
        JsonNode packageJson =
                new ObjectMapper().readTree(panel.resolve("package.json").toFile());
        assertThat(packageJson.path("name").asText()).isEqualTo("@jfairing/jupyterlab-jfairing");
        // what JupyterLab's page config reads from a prebuilt extension: its remote entry, present in static/
        String load = packageJson.path("jupyterlab").path("_build").path("load").asText();
        assertThat(load).startsWith("static/remoteEntry.").endsWith(".js");
        assertThat(panel.resolve(load)).isRegularFile();
        assertThat(packageJson
                        .path("jupyterlab")
                        .path("_build")
                        .path("extension")
                        .asText())
                .isEqualTo("./extension");
        assertThat(prefix.resolve("share/jupyter/kernels/java/kernel.json")).isRegularFile();
    }

    @Test
    void noLabExtensionInstallsTheKernelWithoutThePanel(@TempDir Path prefix) throws Exception {
        String output = install(prefix, "--no-lab-extension");
        assertThat(output).doesNotContain("JupyterLab extension");
        assertThat(prefix.resolve("share/jupyter/kernels/java/kernel.json")).isRegularFile();
        assertThat(prefix.resolve("share/jupyter/labextensions")).doesNotExist();
    }

    @Test
    void forAnImageThePanelOfALabExtensionJarGoesToTheGivenLabextensionsBelowDestdir(@TempDir Path staging)
            throws Exception {
        String output = run(
                "--prefix",
                "/usr/local",
                "--destdir",
                staging.toString(),
                "--lab-extension-jar",
                EXTENSIONS.toString(),
                "--labextensions",
                "/opt/conda/share/jupyter/labextensions");
        // named as the image will have it, written below the staging folder
        assertThat(output)
                .contains("Installed the JupyterLab extension @jfairing/jupyterlab-jfairing in"
                        + " /opt/conda/share/jupyter/labextensions/@jfairing/jupyterlab-jfairing");
        assertThat(staging.resolve("opt/conda/share/jupyter/labextensions/@jfairing/jupyterlab-jfairing/package.json"))
                .isRegularFile();
        assertThat(staging.resolve("usr/local/share/jupyter/labextensions")).doesNotExist();
        // only its JupyterLab extension: the jar is no kernel extension of this kernelspec (an image keeps it
        // elsewhere)
        Path kernelspec = staging.resolve("usr/local/share/jupyter/kernels/java");
        assertThat(kernelspec.resolve("kernel.json")).isRegularFile();
        try (Stream<Path> files = Files.walk(kernelspec)) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.contains("jfairing-kernel-extensions"));
        }
    }

    private static String install(Path prefix, String... more) throws Exception {
        List<String> arguments =
                new ArrayList<>(List.of("--prefix", prefix.toString(), "--extension", EXTENSIONS.toString()));
        arguments.addAll(List.of(more));
        return run(arguments.toArray(String[]::new));
    }

    private static String run(String... arguments) throws Exception {
        assertThat(KERNEL_JAR).isRegularFile();
        try (Stream<Path> jars = Files.list(EXTENSIONS)) {
            assertThat(jars.map(Path::toString)).anyMatch(name -> name.contains("jfairing-kernel-extensions"));
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                KERNEL_JAR.toString(),
                "install",
                "--no-cache"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
