package io.jfairing.images.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.Containers;
import io.jfairing.images.spec.SpecException;
import io.jfairing.images.spec.SpecReader;
import io.jfairing.images.spec.TeamImageSpec;
import io.jfairing.images.testing.KernelExtensionJar;
import io.jfairing.images.testing.TeamImageEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds team images from specs into a real registry, inspects them with skopeo, and runs the kernel inside with
 * podman, driven by a real Jupyter client on this machine.
 */
@Tag("slow")
@ExtendWith(TeamImageEnvironment.class)
class TeamImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final TeamImageEnvironment env = TeamImageEnvironment.get();

    private TeamImageSpec spec(String name, String statsVersion, String extensions) throws Exception {
        Files.writeString(dir.resolve("README.md"), "team notes\n");
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                image: %s/team/%s
                base: %s
                java: {from: base, home: %s}
                kernel:
                  displayName: Java (team)
                  jvmOptions: [-Xmx256m]
                  extensions: [%s]
                libraries:
                  - com.example.team:stats:%s
                  - com.example.team:plots:1.0
                repositories:
                  - {id: team, url: "%s"}
                files:
                  - {source: README.md, target: /opt/team/README.md}
                env: {TEAM: analytics}
                labels: {team: analytics}
                """.formatted(
                        name,
                        env.registry().host(),
                        name,
                        env.baseImage(),
                        TeamImageEnvironment.JAVA_HOME,
                        extensions,
                        statsVersion,
                        env.mavenRepositoryUrl()));
        return SpecReader.read(file);
    }

    private TeamImageBuilder builder() throws IOException {
        return TeamImageBuilder.create(env.kernelJar())
                .withResolver(LibraryResolver.standard().withLocalRepository(env.localRepository()))
                .withCredentials(RegistryCredentials.none())
                .withInsecureRegistries(true)
                .withCacheDirectory(env.newCache());
    }

    @Test
    void theImageFollowsKubeflowConventionsAndItsKernelAnswersAJupyterClient() throws Exception {
        KernelExtensionJar.create(dir, env.kernelJar());
        BuiltTeamImage image = builder().build(spec("explore", "1.0", "team-magics.jar"), "v1");
        assertThat(image.reference()).isEqualTo(env.registry().host() + "/team/explore:v1");
        assertThat(image.layers())
                .extracting(BuiltImage.Layer::name)
                .containsExactly("kernel", "lib-stats", "lib-plots", "extensions", "lab-extensions", "files", "home");

        Containers containers = env.containers();
        JsonNode config = containers.inspectConfig(image.reference(), null).get("config");
        assertThat(config.get("User").asText()).isEqualTo("1000:100");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/home/jovyan");
        assertThat(config.get("ExposedPorts").has("8888/tcp")).isTrue();
        assertThat(texts(config.get("Env")))
                .contains(
                        "HOME=/home/jovyan",
                        "NB_USER=jovyan",
                        "NB_UID=1000",
                        "NB_PREFIX=/",
                        "JAVA_HOME=/opt/jre",
                        "TEAM=analytics");
        assertThat(texts(config.get("Entrypoint"))).first().isEqualTo("sh");
        assertThat(texts(config.get("Entrypoint")).get(2)).contains("jupyter lab", "--port=8888", "${NB_PREFIX:-/}");
        JsonNode labels = config.get("Labels");
        assertThat(labels.get("team").asText()).isEqualTo("analytics");
        assertThat(labels.get("io.jfairing.team-image").asText()).isEqualTo("explore");
        assertThat(labels.get("io.jfairing.kernelspec").asText()).isEqualTo("/usr/local/share/jupyter/kernels/java");
        assertThat(labels.get("io.jfairing.libraries").asText())
                .isEqualTo("com.example.team:stats:1.0,com.example.team:plots:1.0");

        // the layers: the base's two, then ours; read the files of ours from the registry's blobs
        Map<String, Map<String, String>> files = layerFiles(image.reference());
        List<String> layerDigests = new ArrayList<>(files.keySet());
        assertThat(layerDigests).hasSize(2 + 7);
        Map<String, String> kernelLayer = files.get(layerDigests.get(2));
        assertThat(kernelLayer)
                .containsKeys(
                        "usr/local/share/jupyter/kernels/java/kernel.json",
                        "usr/local/share/jupyter/kernels/java/jfairing-kernel.jar",
                        "usr/local/share/jupyter/kernels/java/jfairing-runtime.jar");
        JsonNode kernelJson = JSON.readTree(kernelLayer.get("usr/local/share/jupyter/kernels/java/kernel.json"));
        List<String> argv = texts(kernelJson.get("argv"));
        assertThat(argv)
                .startsWith("/opt/jre/bin/java")
                .contains(
                        "-Duser.home=/home/jovyan",
                        "-Xmx256m",
                        "-Djfairing.kernel.extensions=/opt/jfairing/extensions",
                        "-Djfairing.kernel.classpath=/opt/jfairing/libs/*",
                        "-jar",
                        "/usr/local/share/jupyter/kernels/java/jfairing-kernel.jar")
                .endsWith("run", "{connection_file}");
        assertThat(kernelJson.get("display_name").asText()).isEqualTo("Java (team)");
        assertThat(files.get(layerDigests.get(3))).containsOnlyKeys("opt/jfairing/libs/stats-1.0.jar");
        assertThat(files.get(layerDigests.get(4)))
                .containsOnlyKeys("opt/jfairing/libs/colors-1.0.jar", "opt/jfairing/libs/plots-1.0.jar");
        assertThat(files.get(layerDigests.get(5))).containsOnlyKeys("opt/jfairing/extensions/team-magics.jar");
        // the JupyterLab extension the extension jar carries, where every JupyterLab on Linux reads prebuilt ones
        assertThat(files.get(layerDigests.get(6)))
                .containsOnlyKeys(
                        "usr/local/share/jupyter/labextensions/@team/panel/package.json",
                        "usr/local/share/jupyter/labextensions/@team/panel/static/remoteEntry.1.js");
        assertThat(kernelLayer).noneSatisfy((path, content) -> assertThat(path).contains("labextensions"));
        assertThat(files.get(layerDigests.get(7))).containsEntry("opt/team/README.md", "team notes\n");

        // run the kernel as Jupyter would: the kernelspec's argv, with a connection file written here
        Map<String, Object> replies = runKernel(
                image.reference(),
                argv,
                "com.example.team.Stats.mean(1, 2, 6) + \" \" + com.example.team.Stats.version()",
                "com.example.team.Plots.bar(3)",
                "System.getProperty(\"user.home\") + \" \" + System.getenv(\"NB_PREFIX\") + \" \" + new java.io.File(\"/home/jovyan\").canWrite()",
                "java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty(\"user.home\"), \"work.txt\"), \"saved\").toString()",
                "%team ready for data");
        JsonNode result = JSON.valueToTree(replies);
        assertThat(result.at("/kernel_info/status").asText()).isEqualTo("ok");
        assertThat(result.at("/kernel_info/language").asText()).isEqualTo("java");
        JsonNode executions = result.get("executions");
        assertThat(executions.get(0).get("status").asText())
                .as(executions.toString())
                .isEqualTo("ok");
        assertThat(executions.get(0).get("execution_count").asInt()).isEqualTo(1);
        assertThat(executions.get(0).at("/outputs/0/text").asText()).isEqualTo("3.0 1.0");
        assertThat(executions.get(1).at("/outputs/0/text").asText()).isEqualTo("red:###");
        assertThat(executions.get(2).at("/outputs/0/text").asText()).isEqualTo("/home/jovyan / true");
        assertThat(executions.get(3).at("/outputs/0/text").asText()).isEqualTo("/home/jovyan/work.txt");
        assertThat(dir.resolve("workspace/work.txt")).hasContent("saved"); // on the volume mounted at home
        assertThat(executions.get(4).at("/outputs/0/text").asText())
                .as(executions.get(4).toString())
                .isEqualTo("team: ready for data"); // the extension on the kernel's class path loaded at start-up
    }

    @Test
    void aRebuildPushesNothingAndANewLibraryVersionPushesOnlyThatLayer() throws Exception {
        TeamImageBuilder builder = builder();
        BuiltTeamImage first = builder.build(spec("classic", "1.0", ""), "1");
        BuiltTeamImage again =
                builder().build(spec("classic", "1.0", ""), "1"); // a fresh Jib cache: reproducible, not cached
        assertThat(again.digest()).isEqualTo(first.digest());
        assertThat(again.bytesPushed()).isZero();

        BuiltTeamImage changed = builder.build(spec("classic", "1.1", ""), "2");
        assertThat(changed.digest()).isNotEqualTo(first.digest());
        List<String> before = layerDigests(first.reference());
        List<String> after = layerDigests(changed.reference());
        List<Integer> differing = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            if (!after.get(i).equals(before.get(i))) {
                differing.add(i);
            }
        }
        assertThat(differing).containsExactly(3); // base (2), kernel, lib-stats
        String statsLayer = after.get(3);
        List<BuiltImage.Blob> pushed =
                changed.blobs().stream().filter(BuiltImage.Blob::pushed).toList();
        assertThat(pushed)
                .extracting(BuiltImage.Blob::digest)
                .contains(statsLayer)
                .hasSize(2); // the layer and the config
        long layerBytes = pushed.stream()
                .filter(b -> b.digest().equals(statsLayer))
                .mapToLong(BuiltImage.Blob::size)
                .sum();
        System.out.printf(
                "[bench] first push %d bytes (%d blobs) in %d ms; unchanged rebuild %d bytes in %d ms; "
                        + "stats 1.0 -> 1.1: %d bytes (layer %d + config %d) in %d ms%n",
                first.bytesPushed(),
                first.blobs().stream().filter(BuiltImage.Blob::pushed).count(),
                first.duration().toMillis(),
                again.bytesPushed(),
                again.duration().toMillis(),
                changed.bytesPushed(),
                layerBytes,
                changed.bytesPushed() - layerBytes,
                changed.duration().toMillis());
    }

    @Test
    void anUnknownLibraryFailsAtItsLineBeforeAnythingIsPushed() throws Exception {
        TeamImageSpec spec = spec("broken", "9.9", "");
        SpecException e =
                catchThrowableOfType(SpecException.class, () -> builder().build(spec, "1"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.location().file()).isEqualTo(spec.file());
            assertThat(p.location().line()).isEqualTo(10);
            assertThat(p.location().field()).isEqualTo("libraries[0]");
            assertThat(p.message())
                    .contains("cannot resolve com.example.team:stats:9.9", "team (" + env.mavenRepositoryUrl());
        });
        assertThat(env.registry().tags("team/broken")).isEmpty();
    }

    @Test
    void aJlinkedJdkBecomesALayerThatRunsInTheImage() throws Exception {
        Path file = dir.resolve("jlinked.yaml");
        Files.writeString(file, """
                name: jlinked
                image: %s/team/jlinked
                base: %s
                java:
                  from: jlink
                  modules: [java.base, java.logging, jdk.jshell]
                """.formatted(env.registry().host(), env.baseImage()));
        BuiltTeamImage image = builder().build(SpecReader.read(file), null);
        assertThat(image.layers()).extracting(BuiltImage.Layer::name).containsExactly("java", "kernel", "home");
        Containers.Result run = env.containers()
                .podmanRun(List.of("--entrypoint", "/opt/jfairing/java/bin/java"), image.reference(), "--list-modules");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("jdk.jshell@").doesNotContain("java.desktop@");
        JsonNode config =
                env.containers().inspectConfig(image.reference(), null).get("config");
        assertThat(texts(config.get("Env"))).contains("JAVA_HOME=/opt/jfairing/java");
    }

    /** Starts the kernel in the image with podman, drives it with jupyter_client, returns the client's JSON. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> runKernel(String image, List<String> argv, String... code) throws Exception {
        Path connection = Files.createDirectories(dir.resolve("connection"));
        Files.setPosixFilePermissions(connection, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, Object> info = new LinkedHashMap<>();
        for (String port : List.of("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")) {
            info.put(port, freePort());
        }
        info.putAll(Map.of(
                "ip",
                "127.0.0.1",
                "key",
                UUID.randomUUID().toString(),
                "transport",
                "tcp",
                "signature_scheme",
                "hmac-sha256",
                "kernel_name",
                "java"));
        Path file = connection.resolve("kernel.json");
        JSON.writeValue(file.toFile(), info);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        // as Kubeflow does: an empty volume at home, writable through group 100 (the pod's fsGroup)
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.getFileAttributeView(workspace, java.nio.file.attribute.PosixFileAttributeView.class)
                .setGroup(workspace
                        .getFileSystem()
                        .getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName("100"));

        String name = "jfairing-kernel-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> command = new ArrayList<>(List.of(
                "run",
                "-d",
                "--name",
                name,
                "--tls-verify=false",
                "--network",
                "host",
                "-v",
                connection + ":/run/jupyter:ro",
                "-v",
                workspace + ":/home/jovyan",
                "--entrypoint",
                argv.get(0),
                image));
        argv.subList(1, argv.size())
                .forEach(arg -> command.add(arg.replace("{connection_file}", "/run/jupyter/kernel.json")));
        Containers containers = env.containers();
        Containers.Result started = containers.podman(command.toArray(String[]::new));
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        try {
            List<String> client = new ArrayList<>(List.of("/usr/bin/python3", script().toString(), file.toString()));
            client.addAll(List.of(code));
            Process process = new ProcessBuilder(client)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue())
                    .as(out + containers.podman("logs", name).stderr())
                    .isZero();
            Containers.Result exited = containers.podman("wait", name);
            assertThat(exited.stdout().strip())
                    .as("the kernel ends after shutdown_request")
                    .isEqualTo("0");
            return JSON.readValue(out, Map.class);
        } finally {
            containers.podman("rm", "-f", name);
        }
    }

    private Path script() throws IOException {
        Path script = dir.resolve("kernel_client.py");
        try (InputStream in = TeamImageIT.class.getResourceAsStream("/kernel_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    /** The image's layers, in order, each with its files (name to text; for small text files only). */
    private Map<String, Map<String, String>> layerFiles(String image) throws Exception {
        Path copy = dir.resolve("image-" + UUID.randomUUID());
        Containers.Result result = env.containers()
                .exec(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + image, "dir:" + copy));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode manifest = JSON.readTree(copy.resolve("manifest.json").toFile());
        Map<String, Map<String, String>> layers = new LinkedHashMap<>();
        for (JsonNode layer : manifest.get("layers")) {
            String digest = layer.get("digest").asText();
            Map<String, String> files = new LinkedHashMap<>();
            try (InputStream in = new GZIPInputStream(
                            Files.newInputStream(copy.resolve(digest.substring("sha256:".length()))));
                    TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    if (entry.isFile()) {
                        String name = entry.getName().startsWith("/")
                                ? entry.getName().substring(1)
                                : entry.getName();
                        files.put(
                                name,
                                entry.getSize() < 65536 ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : "");
                    }
                }
            }
            layers.put(digest, files);
        }
        return layers;
    }

    private List<String> layerDigests(String image) throws Exception {
        return StreamSupport.stream(
                        env.containers().manifest(image, null).get("layers").spliterator(), false)
                .map(l -> l.get("digest").asText())
                .toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
