package io.jfairing.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelOptionsTest {
    @Test
    void parsesDurations() {
        assertThat(KernelOptions.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(KernelOptions.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(KernelOptions.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(KernelOptions.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(KernelOptions.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(KernelOptions.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(KernelOptions.parseDuration("off")).isZero();
        assertThat(KernelOptions.parseDuration("")).isZero();
    }

    @Test
    void aBadDurationSaysWhatIsExpected() {
        assertThatThrownBy(() -> KernelOptions.parseDuration("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'soon' is not a duration; use e.g. 30s, 5m, 1h or PT1M");
    }

    @Test
    void readsTheEnvironment() {
        KernelOptions options = KernelOptions.fromEnvironment(
                Map.of("JFAIRING_CELL_TIMEOUT", "10s", "JFAIRING_COMPILER_OPTS", "-Xlint:unchecked  -parameters"));
        assertThat(options.cellTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.compilerOptions()).containsExactly("-Xlint:unchecked", "-parameters");
    }

    @Test
    void classPathEntriesExpandFoldersOfJarsAndSkipMissingOnes(@TempDir Path dir) throws Exception {
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Files.writeString(libs.resolve("b.jar"), "");
        Files.writeString(libs.resolve("a.jar"), "");
        Files.writeString(libs.resolve("notes.txt"), "");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String path = String.join(
                File.pathSeparator,
                libs + File.separator + "*",
                classes.toString(),
                dir.resolve("gone.jar").toString());
        assertThat(KernelOptions.entries(path, false))
                .containsExactly(libs.resolve("a.jar"), libs.resolve("b.jar"), classes);
        assertThat(KernelOptions.entries(libs.toString(), true))
                .as("an extensions folder stands for its jars")
                .containsExactly(libs.resolve("a.jar"), libs.resolve("b.jar"));
        assertThat(KernelOptions.entries(libs.toString(), false)).containsExactly(libs);
    }
}
