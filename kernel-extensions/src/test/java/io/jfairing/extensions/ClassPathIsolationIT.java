package io.jfairing.extensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code src/test/python/test_isolation.py} with a real Jupyter client against the kernel installed with these
 * extensions: {@code %maven} and {@code %use} give the versions asked for of libraries that the kernel and its
 * extensions carry at other versions, and cells see none of those.
 *
 * <p>Needs {@code /usr/bin/python3} with jupyter_client ({@code bin/setup-deps}); artifacts come from the local
 * Maven repository, else Maven Central, as for any {@code %maven}.
 */
class ClassPathIsolationIT {
    @TempDir
    Path dir;

    @Test
    void theUsersClassPathIsTheUsers() throws Exception {
        Path kernelJar = Path.of(System.getProperty("kernel.jar", "../kernel/target/jfairing-kernel.jar"));
        Path extension = Path.of(System.getProperty("extension.dir", "target/extension"));
        Path suite = Path.of("src/test/python").toAbsolutePath();
        Path prefix = Files.createDirectories(dir.resolve("prefix"));
        Path project = Files.createDirectories(dir.resolve("project"));
        Path home = Files.createDirectories(dir.resolve("home"));
        String kernelName = "jfairing-isolation-" + UUID.randomUUID().toString().substring(0, 8);

        MagicsIT.Result install = MagicsIT.run(
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
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
        assertThat(install.exitCode()).as(install.output()).isZero();

        ProcessBuilder pb = new ProcessBuilder(MagicsIT.PYTHON, "-m", "unittest", "-v", "test_isolation")
                .directory(suite.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        env.put(
                "JUPYTER_RUNTIME_DIR",
                Files.createDirectories(dir.resolve("runtime")).toString());
        env.put("JFAIRING_KERNEL_NAME", kernelName);
        env.put("JFAIRING_PROJECT", project.toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        MagicsIT.Result result = MagicsIT.run(pb, 15);
        System.out.println(result.output());
        MagicsIT.saveForTheReportCheck("test_isolation", result.output());
        assertThat(result.timedOut()).as(result.output()).isFalse();
        assertThat(result.exitCode())
                .as("python3 -m unittest (output above):%n%s", result.output())
                .isZero();
        assertThat(result.output())
                .containsPattern("(?m)^OK\\s*$")
                .containsPattern("Ran [1-9]\\d* tests?")
                .doesNotContainPattern("(?i)\\bskipped\\b");
    }
}
