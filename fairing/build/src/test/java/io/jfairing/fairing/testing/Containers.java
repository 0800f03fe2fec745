package io.jfairing.fairing.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * skopeo and podman, configured as the field notes say (runc, cgroupfs, vfs storage in a temp folder, ulimits that
 * need no CAP_SYS_RESOURCE, the test registries insecure) through CONTAINERS_* variables: nothing global changes.
 */
public final class Containers implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a command did. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private final Path dir;
    private final Map<String, String> env;

    public Containers(List<String> insecureRegistries) throws IOException {
        this.dir = Files.createTempDirectory("jfairing-podman-");
        Files.writeString(
                dir.resolve("containers.conf"),
                "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=4096:4096\"]\n"
                        + "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n");
        Files.writeString(
                dir.resolve("storage.conf"),
                "[storage]\ndriver = \"vfs\"\ngraphroot = \"" + dir.resolve("graph") + "\"\nrunroot = \""
                        + dir.resolve("run") + "\"\n");
        StringBuilder registries = new StringBuilder();
        for (String registry : insecureRegistries) {
            registries.append("[[registry]]\nlocation = \"").append(registry).append("\"\ninsecure = true\n");
        }
        Files.writeString(dir.resolve("registries.conf"), registries);
        Files.writeString(dir.resolve("auth.json"), "{}");
        this.env = Map.of(
                "CONTAINERS_CONF",
                dir.resolve("containers.conf").toString(),
                "CONTAINERS_STORAGE_CONF",
                dir.resolve("storage.conf").toString(),
                "CONTAINERS_REGISTRIES_CONF",
                dir.resolve("registries.conf").toString(),
                "REGISTRY_AUTH_FILE",
                dir.resolve("auth.json").toString());
    }

    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/podman"))
                && Files.isExecutable(Path.of("/usr/bin/skopeo"))
                && Files.isExecutable(Path.of("/usr/sbin/runc"));
    }

    /** {@code podman run --rm [options] image [args]}: the image is pulled from its (insecure) registry. */
    public Result podmanRun(List<String> options, String image, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman", "run", "--rm", "--quiet", "--tls-verify=false"));
        command.addAll(options);
        command.add(image);
        command.addAll(List.of(args));
        return exec(command);
    }

    /** {@code podman login} (into this object's auth file). */
    public void login(String registry, String username, String password) throws IOException, InterruptedException {
        Result result =
                exec(List.of("podman", "login", "--tls-verify=false", "-u", username, "-p", password, registry));
        if (result.exitCode() != 0) {
            throw new IOException("podman login " + registry + " failed: " + result.stderr());
        }
    }

    public Result podman(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return exec(command);
    }

    /** {@code skopeo inspect --config}: the image config (Entrypoint, User, Env, Labels are under "config"). */
    public JsonNode inspectConfig(String image, String creds) throws IOException, InterruptedException {
        return skopeoJson(image, creds, "--config");
    }

    /** {@code skopeo inspect --raw}: the manifest. */
    public JsonNode manifest(String image, String creds) throws IOException, InterruptedException {
        return skopeoJson(image, creds, "--raw");
    }

    /** The manifest's bytes as the registry stores them. */
    public String rawManifest(String image, String creds) throws IOException, InterruptedException {
        return skopeo(image, creds, "--raw");
    }

    private JsonNode skopeoJson(String image, String creds, String what) throws IOException, InterruptedException {
        return JSON.readTree(skopeo(image, creds, what));
    }

    private String skopeo(String image, String creds, String what) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--tls-verify=false", what));
        if (creds != null) {
            command.addAll(List.of("--creds", creds));
        }
        command.add(
                image.contains(":") && (image.startsWith("docker-archive:") || image.startsWith("oci-archive:"))
                        ? image
                        : "docker://" + image);
        Result result = exec(command);
        if (result.exitCode() != 0) {
            throw new IOException("skopeo inspect " + image + " failed: " + result.stderr());
        }
        return result.stdout();
    }

    public Result exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 180 s");
        }
        Result result = new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return result;
    }

    /** The CONTAINERS_* and REGISTRY_AUTH_FILE variables that point podman at this object's configuration. */
    public Map<String, String> environment() {
        return env;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
