package io.jfairing.images.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jfairing.images.spec.SpecException;
import io.jfairing.images.spec.SpecReader;
import io.jfairing.images.spec.TeamImageSpec;
import io.jfairing.images.testing.TeamLibraries;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution from a {@code file://} repository into a local repository of the test's own. */
class LibraryResolverTest {
    @TempDir
    Path dir;

    private TeamImageSpec spec(String libraries, String extensions) throws Exception {
        String repository = TeamLibraries.create(Files.createDirectories(dir.resolve("repo")))
                .toUri()
                .toString();
        Files.write(
                dir.resolve("extension.jar"),
                new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        return SpecReader.parse(
                dir.resolve("team.yaml"),
                "name: team\nimage: r/team\nbase: r/b\njava: {from: jlink}\n"
                        + "kernel: {extensions: [" + extensions + "]}\nlibraries: [" + libraries + "]\n"
                        + "repositories: [{id: team, url: \"" + repository + "\"}]\n");
    }

    private LibraryResolver resolver() {
        return LibraryResolver.standard().withLocalRepository(dir.resolve("local"));
    }

    @Test
    void eachJarBelongsToTheLibraryThatBringsItFirst() throws Exception {
        ResolvedLibraries resolved = resolver()
                .resolve(spec(
                        "'com.example.team:plots:1.0', 'com.example.team:stats:1.0', "
                                + "'com.example.team:colors:1.0'",
                        "extension.jar"));
        assertThat(resolved.layers())
                .extracting(LibraryLayer::layerName)
                .containsExactly("lib-plots", "lib-stats", "lib-colors");
        // colors is listed itself, so it is its own layer's even though plots needs it (Maven's nearest wins)
        assertThat(resolved.layers().get(0).jars())
                .extracting(ResolvedJar::fileName)
                .containsExactly("plots-1.0.jar");
        assertThat(resolved.layers().get(1).jars())
                .extracting(ResolvedJar::coordinates)
                .containsExactly("com.example.team:stats:1.0");
        assertThat(resolved.layers().get(2).jars())
                .extracting(ResolvedJar::fileName)
                .containsExactly("colors-1.0.jar");
        ResolvedLibraries alone = resolver().resolve(spec("'com.example.team:plots:1.0'", ""));
        assertThat(alone.layers().get(0).jars())
                .extracting(ResolvedJar::fileName)
                .containsExactly("plots-1.0.jar", "colors-1.0.jar");
        assertThat(resolved.jars())
                .isNotEmpty()
                .allSatisfy(jar -> assertThat(jar.file()).startsWith(dir.resolve("local")));
        assertThat(resolved.extensions()).extracting(ResolvedJar::fileName).containsExactly("extension.jar");
    }

    @Test
    void everyUnresolvableLibraryIsReportedAtItsLine() throws Exception {
        TeamImageSpec spec =
                spec("'com.example.team:stats:1.0', 'com.example.team:nope:1.0'", "'com.example.team:gone:2.0'");
        SpecException e =
                catchThrowableOfType(SpecException.class, () -> resolver().resolve(spec));
        assertThat(e.problems())
                .extracting(p -> p.location().field())
                .containsExactly("libraries[1]", "kernel.extensions[0]");
        assertThat(e.getMessage())
                .contains(
                        "team.yaml:6:",
                        "cannot resolve com.example.team:nope:1.0 from team (file:",
                        "cannot resolve com.example.team:gone:2.0");
    }
}
