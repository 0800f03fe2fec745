package io.jfairing.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.cli.project.ProjectConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code src/test/python/test_magics.py} with a real Jupyter client against the kernel installed with these
 * extensions (into a temporary prefix, with its own {@code JFAIRING_HOME} and project folder): argument errors of
 * the magics, and interrupting a build and a job's wait; and that the local registry a kernel's build started ends
 * with the kernel when Jupyter shuts it down.
 *
 * <p>Needs {@code /usr/bin/python3} with jupyter_client, and docker-registry ({@code bin/setup-deps}).
 */
class MagicsIT {
    static final String PYTHON = System.getProperty("jfairing.python", "/usr/bin/python3");

    @TempDir
    Path dir;

    @Test
    void magicsAnswerARealJupyterClient() throws Exception {
        Path suite = existing("src/test/python/test_magics.py").getParent();
        Path project = Files.createDirectories(dir.resolve("project"));
        Path home = Files.createDirectories(dir.resolve("home"));

        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-m", "unittest", "-v", "test_magics")
                .directory(suite.toFile())
                .redirectErrorStream(true);
        jupyter(pb, project, home);
        Result result;
        try {
            result = run(pb, 15);
        } finally {
            KernelRegistryTest.stopRegistryLeftIn(
                    home); // the suite kills its kernels (now=True): they cannot stop theirs
        }
        System.out.println(result.output);
        saveForTheReportCheck("test_magics", result.output);
        assertThat(result.timedOut).as(result.output).isFalse();
        assertThat(result.exitCode)
                .as("python3 -m unittest (output above):%n%s", result.output)
                .isZero();
        assertThat(result.output)
                .containsPattern("(?m)^OK\\s*$")
                .containsPattern("Ran [1-9]\\d* tests?")
                .doesNotContainPattern("(?i)\\bskipped\\b");
    }

    @Test
    void theRegistryAKernelsBuildStartedStopsWhenJupyterShutsTheKernelDown() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project/.jfairing")).getParent();
        Files.writeString(project.resolve(ProjectConfig.FILE), "base-image=127.0.0.1:1/no-base:1\n"); // no jlink base
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder(
                        PYTHON,
                        existing("src/test/python/registry_on_shutdown.py").toString())
                .redirectErrorStream(true);
        jupyter(pb, project, home);
        try {
            Result result = run(pb, 5);
            assertThat(result.exitCode).as(result.output).isZero();
            String last = result.output
                    .lines()
                    .filter(line -> line.startsWith("{\"pid\""))
                    .reduce((first, second) -> second)
                    .orElseThrow(() -> new AssertionError("the client printed nothing to check:\n" + result.output));
            JsonNode seen = new ObjectMapper().readTree(last);
            assertThat(seen.get("errors").toString())
                    .as("the build started the registry, then failed on the missing base image")
                    .contains("127.0.0.1:1");
            assertThat(seen.get("kernelAlive").asBoolean()).isFalse();

            String address = seen.get("address").asText();
            KernelRegistryTest.assertRegistryGone(
                    seen.get("pid").asLong(), Integer.parseInt(address.substring(address.indexOf(':') + 1)));
            assertThat(home.resolve("registry/address")).doesNotExist();
        } finally {
            KernelRegistryTest.stopRegistryLeftIn(home);
        }
    }

    /**
     * Sets {@code pb} up to run a Python client of the kernel installed (for this test, with these extensions) into a
     * temporary prefix, with {@code project} as its folder and {@code home} as its {@code JFAIRING_HOME}.
     */
    private void jupyter(ProcessBuilder pb, Path project, Path home) throws Exception {
        Path kernelJar = existing(System.getProperty("kernel.jar", "../kernel/target/jfairing-kernel.jar"));
        Path extension = existing(System.getProperty("extension.dir", "target/extension"));
        Path prefix = Files.createDirectories(dir.resolve("prefix"));
        String kernelName = "jfairing-magics-" + UUID.randomUUID().toString().substring(0, 8);
        Result install = run(
                new ProcessBuilder(
                                javaExecutable(),
                                "-jar",
                                kernelJar.toString(),
                                "install",
                                "--prefix",
                                prefix.toString(),
                                "--name",
                                kernelName,
                                "--no-cds",
                                "--extension",
                                extension.toString(),
                                "--env",
                                "JFAIRING_HOME=" + home)
                        .redirectErrorStream(true),
                2);
        assertThat(install.exitCode).as(install.output).isZero();

        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        env.put(
                "JUPYTER_RUNTIME_DIR",
                Files.createDirectories(dir.resolve("runtime")).toString());
        env.put("JFAIRING_KERNEL_NAME", kernelName);
        env.put("JFAIRING_PROJECT", project.toString());
        env.put("JFAIRING_HOME", home.toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    }

    private static Path existing(String path) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            fail(
                    p
                            + " does not exist: build the kernel and the extensions first (mvn -pl kernel-extensions -am package)");
        }
        return p;
    }

    /** Where bin/check-test-reports reads the Python suites' results (it fails the build on a skipped test). */
    static void saveForTheReportCheck(String suite, String output) throws IOException {
        Path results = Files.createDirectories(Path.of("target", "python-test-results"));
        Files.writeString(results.resolve(suite + ".log"), output);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    record Result(int exitCode, boolean timedOut, String output) {}

    static Result run(ProcessBuilder pb, long minutes) throws Exception {
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        boolean finished = p.waitFor(minutes, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return new Result(finished ? p.exitValue() : -1, !finished, out.get(30, TimeUnit.SECONDS));
    }
}
