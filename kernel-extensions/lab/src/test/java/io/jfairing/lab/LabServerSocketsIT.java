package io.jfairing.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lab server's kernel websockets send each message at once ({@code server/kernel_sockets.py}): its Python suite
 * ({@code src/test/python/test_kernel_sockets.py}) on real sockets and the installed jupyter_server's route table.
 */
class LabServerSocketsIT {
    @Test
    void kernelWebsocketsSendAtOnce() throws Exception {
        Path labDir =
                Path.of(System.getProperty("lab.dir", ".")).toAbsolutePath().normalize();
        Processes.Result result = Processes.run(
                labDir.resolve("src/test/python"),
                Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                2,
                "/usr/bin/python3",
                "-m",
                "unittest",
                "-v",
                "test_kernel_sockets");
        // bin/check-test-reports reads the suite's output there (it fails the build on a skipped test)
        Path results = Files.createDirectories(labDir.resolve("target/python-test-results"));
        Files.writeString(results.resolve("test_kernel_sockets.log"), result.output());

        assertThat(result.exitCode())
                .as("python3 -m unittest:%n%s", result.output())
                .isZero();
        assertThat(result.output()).containsPattern("Ran [1-9]\\d* tests").containsPattern("(?m)^OK\\s*$");
    }
}
