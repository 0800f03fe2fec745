package io.jfairing.images.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.images.testing.TeamLibraries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesCommandTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ImagesSubcommands.execute(
                new NotebookCommand(() -> {
                    throw new IllegalStateException("no cluster in this test");
                }),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void listShowsTheExampleSpecs() {
        Run run = run("images", "list", "examples");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(4);
        assertThat(run.out())
                .contains(
                        "classic-ml",
                        "data-exploration",
                        "deep-learning",
                        "registry.example.com/ml-platform/deep-learning");
        assertThat(run.out()).containsPattern("data-exploration +jlink +4 ");
    }

    @Test
    void listTakesOutputJsonForScripts() {
        Run run = run("images", "list", "examples", "--output", "json");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("[")
                .contains(
                        "\"name\" : \"data-exploration\"",
                        "\"java\" : \"jlink\"",
                        "\"libraries\" : \"4\"",
                        "\"image\" : \"registry.example.com/ml-platform/deep-learning\"");
    }

    @Test
    void aBrokenSpecIsReportedAtItsLineAndFailsTheCommand() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\nimage: r/bad\nbase: r/b\njava: {from: jlink}\nlibaries: [a:b:1]\n");
        Run list = run("images", "list", dir.toString());
        assertThat(list.status()).isEqualTo(1);
        assertThat(list.err()).contains(bad + ":5:1 (libaries): unknown field 'libaries'");
        Run build = run("images", "build", bad.toString(), "--kernel-jar", bad.toString());
        assertThat(build.status()).isEqualTo(1);
        assertThat(build.err()).startsWith("jfairing: error: " + bad + ":5:1");
    }

    @Test
    void diffNamesTheOneLayerANewLibraryVersionChanges() throws Exception {
        String repository = TeamLibraries.create(Files.createDirectories(dir.resolve("repo")))
                .toUri()
                .toString();
        String spec =
                "name: team\nimage: r/team\nbase: r/b\njava: {from: jlink}\nlibraries:\n  - com.example.team:stats:%s\n"
                        + "  - com.example.team:plots:1.0\nrepositories:\n  - {id: team, url: \"" + repository
                        + "\"}\n";
        Files.writeString(dir.resolve("old.yaml"), spec.formatted("1.0"));
        Files.writeString(dir.resolve("new.yaml"), spec.formatted("1.1"));
        Run run = run(
                "images",
                "diff",
                dir.resolve("old.yaml").toString(),
                dir.resolve("new.yaml").toString(),
                "--maven-repo-local",
                dir.resolve("local").toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("lib-stats +changed +com.example.team:stats:1.0 -> com.example.team:stats:1.1")
                .containsPattern("lib-plots +same")
                .containsPattern("kernel +same")
                .contains("1 changed");
    }
}
