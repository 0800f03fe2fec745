package io.jfairing.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Jupyter protocol suite ({@code src/test/python/test_jupyter_protocol.py}, built on
 * {@code jupyter_kernel_test}) against the shaded kernel jar, installed as a kernelspec into a
 * temporary prefix under a unique name.
 *
 * <p>Needs {@code /usr/bin/python3} with jupyter_client and jupyter_kernel_test (Debian:
 * {@code apt-get install -y jupyter-client python3-jupyter-kernel-test}); CI installs them, so
 * their absence fails the test rather than skipping it.
 */
class JupyterProtocolIT {

    static final String PYTHON = System.getProperty("jfairing.python", "/usr/bin/python3");
    static final long SUITE_TIMEOUT_MINUTES = 20;

    @TempDir
    Path prefix;

    @Test
    void jupyterKernelTestSuitePasses() throws Exception {
        Path jar = kernelJar();
        Path suiteDir = pythonSuiteDir(jar);
        requirePythonModules("jupyter_client", "jupyter_kernel_test");

        String kernelName = "jfairing-it-" + UUID.randomUUID().toString().substring(0, 8);
        installKernel(jar, prefix, kernelName);
        Path kernelJson =
                prefix.resolve("share/jupyter/kernels").resolve(kernelName).resolve("kernel.json");
        assertThat(kernelJson).as("kernelspec written by `install`").isRegularFile();

        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-m", "unittest", "-v")
                .directory(suiteDir.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        env.put("JFAIRING_KERNEL_NAME", kernelName);
        env.put("JFAIRING_KERNEL_VERSION", System.getProperty("kernel.version", "")); // what kernel_info must say
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONUNBUFFERED", "1");
        // runtime/data dirs of our own: no interference with the user's Jupyter setup
        env.put(
                "JUPYTER_RUNTIME_DIR",
                Files.createDirectories(prefix.resolve("runtime")).toString());
        env.put(
                "JUPYTER_DATA_DIR",
                Files.createDirectories(prefix.resolve("data")).toString());

        Result result = run(pb, SUITE_TIMEOUT_MINUTES);
        System.out.println(result.output);
        saveForTheReportCheck("test_jupyter_protocol", result.output);

        if (result.timedOut) {
            fail("Python protocol suite did not finish within " + SUITE_TIMEOUT_MINUTES + " min:\n" + result.output);
        }
        assertThat(result.exitCode)
                .as("exit code of `python3 -m unittest -v` (output above):%n%s", result.output)
                .isZero();
        assertThat(result.output)
                .as("unittest summary `OK`:%n%s", result.output)
                .containsPattern("(?m)^OK\\s*$");
        assertThat(result.output)
                .as("no test may be skipped:%n%s", result.output)
                .doesNotContainPattern("(?i)\\bskipped\\b");
        assertThat(result.output).as("tests ran").containsPattern("Ran [1-9]\\d* tests?");
    }

    // -- helpers, shared with other integration tests in this package --------

    static Path kernelJar() {
        String prop = System.getProperty("kernel.jar");
        Path jar = prop != null ? Path.of(prop) : Path.of("target", "jfairing-kernel.jar");
        if (!Files.isRegularFile(jar)) {
            fail("kernel jar not found at " + jar.toAbsolutePath()
                    + " (system property kernel.jar; run `mvn -pl kernel -am package` first)");
        }
        return jar.toAbsolutePath();
    }

    static Path pythonSuiteDir(Path jar) {
        // kernel/target/jfairing-kernel.jar -> kernel/src/test/python
        Path fromJar = jar.getParent().getParent().resolve("src/test/python");
        Path dir = Files.isDirectory(fromJar)
                ? fromJar
                : Path.of("src/test/python").toAbsolutePath();
        assertThat(dir.resolve("test_jupyter_protocol.py"))
                .as("Python protocol suite")
                .isRegularFile();
        return dir;
    }

    static void requirePythonModules(String... modules) throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " not found. Install Debian's Python with: apt-get install -y "
                    + "jupyter-client jupyter-nbconvert python3-nbclient python3-jupyter-kernel-test");
        }
        String imports = "import " + String.join(", ", modules);
        Result r = run(new ProcessBuilder(PYTHON, "-c", imports).redirectErrorStream(true), 2);
        if (r.timedOut || r.exitCode != 0) {
            fail(PYTHON + " cannot `" + imports + "`; install them with: apt-get install -y "
                    + "jupyter-client jupyter-nbconvert python3-nbclient python3-jupyter-kernel-test\n" + r.output);
        }
    }

    static void installKernel(Path jar, Path prefix, String name, String... jvmOptions) throws Exception {
        installKernel(jar, prefix, name, List.of(), jvmOptions);
    }

    /** Installs with the installer's own options ({@code --java ...}) and JVM options for the kernel. */
    static void installKernel(Path jar, Path prefix, String name, List<String> options, String... jvmOptions)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                javaExecutable(),
                "-jar",
                jar.toString(),
                "install",
                "--prefix",
                prefix.toString(),
                "--name",
                name,
                "--display-name",
                "Java (" + name + ")"));
        cmd.addAll(options);
        for (String option : jvmOptions) {
            cmd.add("--jvm-option=" + option);
        }
        Result r = run(new ProcessBuilder(cmd).redirectErrorStream(true), 2);
        if (r.timedOut || r.exitCode != 0) {
            fail("`" + String.join(" ", cmd) + "` failed (exit " + r.exitCode + "):\n" + r.output);
        }
    }

    /** Where bin/check-test-reports reads the Python suites' results (it fails the build on a skipped test). */
    static void saveForTheReportCheck(String suite, String output) throws IOException {
        Path results = Files.createDirectories(Path.of("target", "python-test-results"));
        Files.writeString(results.resolve(suite + ".log"), output);
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    record Result(int exitCode, boolean timedOut, String output) {}

    static Result run(ProcessBuilder pb, long timeoutMinutes) throws Exception {
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        boolean finished = p.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        String output = out.get(30, TimeUnit.SECONDS);
        return new Result(finished ? p.exitValue() : -1, !finished, output);
    }

    static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
