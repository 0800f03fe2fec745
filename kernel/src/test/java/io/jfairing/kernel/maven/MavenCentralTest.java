package io.jfairing.kernel.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real path: Maven Central over HTTPS, with the default repositories. Needs the network. */
@Tag("slow")
class MavenCentralTest {
    @TempDir
    Path tmp;

    @Test
    void resolvesASmallArtifactFromMavenCentral() throws Exception {
        try (MavenResolver resolver = MavenResolver.builder()
                .localRepository(tmp.resolve("local"))
                .userSettings(null)
                .globalSettings(null)
                .settingsSecurity(tmp.resolve("absent.xml"))
                .build()) {
            Resolution r = resolver.resolve(List.of("org.apache.commons:commons-lang3:3.14.0"), false);

            assertThat(r.artifacts())
                    .extracting(ResolvedArtifact::coordinates)
                    .containsExactly("org.apache.commons:commons-lang3:jar:3.14.0");
            assertThat(r.jars()).singleElement().satisfies(jar -> {
                assertThat(jar)
                        .isRegularFile()
                        .hasFileName("commons-lang3-3.14.0.jar")
                        .startsWith(tmp);
                assertThat(jar.toFile().length()).isGreaterThan(500_000);
            });
            // the parent POMs came along: a second, offline resolution needs nothing else
            assertThat(resolver.resolve(List.of("org.apache.commons:commons-lang3:3.14.0"), true))
                    .isEqualTo(r);
        }
    }
}
