package io.jfairing.kernel;

import static io.jfairing.kernel.JupyterProtocolIT.installKernel;
import static io.jfairing.kernel.JupyterProtocolIT.kernelJar;
import static io.jfairing.kernel.JupyterProtocolIT.pythonSuiteDir;
import static io.jfairing.kernel.JupyterProtocolIT.requirePythonModules;
import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.kernel.install.KernelJdk;
import io.jfairing.kernel.install.KernelJdks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel on every JDK of this machine, not only the newest one that {@code install} picks (which
 * {@link JupyterProtocolIT} runs the whole protocol suite on): installed with {@code --java} pointing at each older
 * JDK (with the cache the installer records there: a CDS archive on 17), it passes the key parts of the suite,
 * {@code jupyter_kernel_test}'s standard tests, execution, interrupts, and cells at that JDK's language level.
 *
 * <p>Our machines have OpenJDK 17 and Temurin 25; a machine with a single JDK fails this test, it does not skip it.
 */
class KernelOnEachJdkIT {
    /** The parts of test_jupyter_protocol.py that run on each JDK. */
    static final List<String> KEY_TESTS = List.of(
            "test_jupyter_protocol.JavaKernelTests",
            "test_jupyter_protocol.ExecutionTests",
            "test_jupyter_protocol.InterruptTests",
            "test_jupyter_protocol.LanguageLevelTests");

    @TempDir
    Path prefix;

    @Test
    void theKeyProtocolTestsPassOnEachOlderJdk() throws Exception {
        Map<Integer, KernelJdk> byFeature = new TreeMap<>();
        for (KernelJdk runtime : KernelJdks.onThisMachine().all()) {
            if (runtime.canRunKernel()) {
                byFeature.putIfAbsent(runtime.feature(), runtime);
            }
        }
        assertThat(byFeature.keySet())
                .as("JDKs with jdk.jshell in $JAVA_HOME and /usr/lib/jvm: the kernel is tested on two feature versions"
                        + " (OpenJDK 17 from Debian and Temurin 25 are on our machines)")
                .hasSizeGreaterThanOrEqualTo(2);
        Path jar = kernelJar();
        Path suiteDir = pythonSuiteDir(jar);
        requirePythonModules("jupyter_client", "jupyter_kernel_test");
        List<KernelJdk> older = new ArrayList<>(byFeature.values());
        older.remove(older.size() - 1); // the newest: the default install, which JupyterProtocolIT runs
        StringBuilder logs = new StringBuilder();
        for (KernelJdk runtime : older) {
            String kernelName = "jfairing-java" + runtime.feature();
            installKernel(
                    jar, prefix, kernelName, List.of("--java", runtime.java().toString()));
            String json = Files.readString(prefix.resolve("share/jupyter/kernels/" + kernelName + "/kernel.json"));
            assertThat(json).contains("\"" + runtime.java() + "\"");

            List<String> command = new ArrayList<>(List.of(JupyterProtocolIT.PYTHON, "-m", "unittest", "-v"));
            command.addAll(KEY_TESTS);
            ProcessBuilder pb =
                    new ProcessBuilder(command).directory(suiteDir.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
            env.put("JFAIRING_KERNEL_NAME", kernelName);
            env.put("JFAIRING_EXPECTED_JAVA", Integer.toString(runtime.feature()));
            env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            env.put(
                    "JUPYTER_RUNTIME_DIR",
                    Files.createDirectories(prefix.resolve("runtime")).toString());
            env.put(
                    "JUPYTER_DATA_DIR",
                    Files.createDirectories(prefix.resolve("data")).toString());
            JupyterProtocolIT.Result result = JupyterProtocolIT.run(pb, 10);
            System.out.println(result.output());
            logs.append("== Java ").append(runtime.feature()).append('\n').append(result.output());
            assertThat(result.timedOut())
                    .as("suite on Java %d timed out:%n%s", runtime.feature(), result.output())
                    .isFalse();
            assertThat(result.exitCode())
                    .as("key protocol tests on Java %d (%s):%n%s", runtime.feature(), runtime.home(), result.output())
                    .isZero();
            assertThat(result.output())
                    .containsPattern("(?m)^OK\\s*$")
                    .doesNotContainPattern("(?i)\\bskipped\\b")
                    .contains("test_statements_before_super_final_in_java_25");
        }
        JupyterProtocolIT.saveForTheReportCheck("test_jupyter_protocol_older_jdks", logs.toString());
    }
}
