package io.jfairing.fairing.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolVersionTest {
    @Test
    void isTheProjectsVersionAsTheBuildWroteIt() {
        // filtered by the build: "${project.version}" or a missing file would fail here
        assertThat(ToolVersion.get()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
