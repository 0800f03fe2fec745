package io.jfairing.images.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecReaderTest {
    @TempDir
    Path dir;

    private Path file(String name) {
        return dir.resolve(name);
    }

    private SpecException problems(String yaml) {
        return catchThrowableOfType(SpecException.class, () -> SpecReader.parse(file("team.yaml"), yaml));
    }

    @Test
    void readsAFullSpecWithDefaults() throws Exception {
        Files.writeString(dir.resolve("README.md"), "hi");
        TeamImageSpec spec = SpecReader.parse(file("team.yaml"), """
                name: data-exploration
                image: 127.0.0.1:5000/team/data-exploration
                base: 127.0.0.1:5000/jfairing/jdk:17
                java: {from: base, home: /opt/jre/}
                kernel:
                  jvmOptions: [-Xmx1g]
                  env: {A: b}
                libraries:
                  - com.example:stats:1.0
                  - com.example:plots:jar:2.0
                files:
                  - {source: README.md, target: /opt/team/README.md}
                env: {TEAM: analytics}
                labels: {team: analytics}
                """);
        assertThat(spec.name()).isEqualTo("data-exploration");
        assertThat(spec.java()).isEqualTo(new JavaRuntime(JavaRuntime.Source.BASE, "/opt/jre", List.of()));
        assertThat(spec.java().executable()).isEqualTo("/opt/jre/bin/java");
        assertThat(spec.kernel().name()).isEqualTo("java");
        assertThat(spec.kernel().displayName()).isEqualTo("Java (data-exploration)");
        assertThat(spec.libraries())
                .extracting(Library::coordinates)
                .containsExactly("com.example:stats:1.0", "com.example:plots:jar:2.0");
        assertThat(spec.libraries().get(1).location())
                .isEqualTo(new SpecLocation(file("team.yaml"), 10, 5, "libraries[1]"));
        assertThat(spec.repositories())
                .containsExactly(new TeamImageSpec.Repository("central", "https://repo.maven.apache.org/maven2/"));
        assertThat(spec.files()).singleElement().satisfies(f -> {
            assertThat(f.source()).isEqualTo(dir.resolve("README.md"));
            assertThat(f.mode()).isEqualTo("644");
        });
        assertThat(spec.jupyter().command()).hasSize(4).first().isEqualTo("sh");
        assertThat(spec.jupyter().command().get(2))
                .contains(
                        "jupyter lab",
                        "--port=8888",
                        "--ServerApp.base_url=\"${NB_PREFIX:-/}\"",
                        "--ServerApp.root_dir=/home/jovyan");
    }

    @Test
    void jlinkGetsJShellAndTheDefaultModules() throws Exception {
        TeamImageSpec spec = SpecReader.parse(
                file("t.yaml"), "name: t\nimage: r/t\nbase: r/b\njava: {from: jlink}\njupyter: {app: notebook}\n");
        assertThat(spec.java().home()).isEqualTo(JavaRuntime.JLINK_HOME);
        assertThat(spec.java().modules()).contains("jdk.jshell", "java.se");
        assertThat(spec.jupyter().command().get(2)).contains("jupyter notebook", "--NotebookApp.base_url");
    }

    @Test
    void jupyterLabExtensionsDefaultToTheSystemDataFolderAndFollowTheSpec() throws Exception {
        TeamImageSpec standard =
                SpecReader.parse(file("t.yaml"), "name: t\nimage: r/t\nbase: r/b\njava: {from: jlink}\n");
        assertThat(standard.jupyter().labExtensions()).isEqualTo("/usr/local/share/jupyter/labextensions");

        TeamImageSpec conda = SpecReader.parse(
                file("t.yaml"),
                "name: t\nimage: r/t\nbase: r/b\njava: {from: jlink}\njupyter: {labExtensions: /opt/conda/share/jupyter/labextensions/}\n");
        assertThat(conda.jupyter().labExtensions()).isEqualTo("/opt/conda/share/jupyter/labextensions");
        assertThat(conda.jupyter().command().get(2)).contains("jupyter lab");
    }

    @Test
    void aRelativeLabExtensionsFolderIsRefusedWithWhereToLook() {
        SpecException e = problems(
                "name: t\nimage: r/t\nbase: r/b\njava: {from: jlink}\njupyter:\n  labExtensions: share/jupyter/labextensions\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.location().line()).isEqualTo(6);
            assertThat(p.location().field()).isEqualTo("jupyter.labExtensions");
            assertThat(p.message())
                    .contains("must be an absolute path in the image", "/opt/conda/share/jupyter/labextensions");
        });
        assertThat(problems(
                                "name: t\nimage: r/t\nbase: r/b\njava: {from: jlink}\njupyter: {labExtensions: /opt/../etc}\n")
                        .problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("'/opt/../etc' must be an absolute path"));
    }

    @Test
    void anUnknownFieldNamesTheFileLineAndTheKnownFields() {
        SpecException e = problems("""
                name: t
                image: r/t
                base: r/b
                java:
                  from: jlink
                  modlues: [jdk.jshell]
                """);
        assertThat(e.getMessage())
                .startsWith(file("team.yaml")
                        + ":6:3 (java.modlues): unknown field 'modlues'; known fields here: from, home, modules");
    }

    @Test
    void aWrongTypeSaysWhatWasExpected() {
        SpecException e = problems("name: t\nimage: r/t\nbase: r/b\nlibraries: com.example:a:1\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.location().line()).isEqualTo(4);
            assertThat(p.location().field()).isEqualTo("libraries");
            assertThat(p.message()).isEqualTo("expected a list");
        });
    }

    @Test
    void brokenYamlIsReportedAtItsLine() {
        SpecException e = problems("name: t\nimage: [r/t\nbase: r/b\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("not valid YAML");
            assertThat(p.location().line()).isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void everyProblemIsReportedAtOnceEachAtItsField() {
        SpecException e = problems("""
                name: Data_Exploration
                image: r/t
                java:
                  from: base
                kernel:
                  jvmOptions: [Xmx2g]
                  extensions: [missing.jar]
                libraries:
                  - com.example:stats:1.0
                  - not-a-coordinate
                  - com.example:stats:2.0
                files:
                  - {source: nowhere.txt, target: /home/jovyan/notes.txt, mode: "999"}
                env:
                  GITHUB_TOKEN: abc
                repositories:
                  - {id: team, url: "https://bob:pw@repo.example.com/maven"}
                """);
        assertThat(e.problems())
                .extracting(p -> p.location().line() + " " + p.location().field())
                .containsExactlyInAnyOrder(
                        "1 name",
                        "1 base",
                        "3 java.home",
                        "6 kernel.jvmOptions[0]",
                        "7 kernel.extensions[0]",
                        "10 libraries[1]",
                        "11 libraries[2]",
                        "13 files[0].source",
                        "13 files[0].target",
                        "13 files[0].mode",
                        "15 env.GITHUB_TOKEN",
                        "17 repositories[0].url");
        assertThat(e.getMessage())
                .contains("'Data_Exploration' is not a valid name")
                .contains("base is required")
                .contains("java.home is required with 'from: base'")
                .contains("'Xmx2g' is not a JVM option")
                .contains("'not-a-coordinate' is not Maven coordinates")
                .contains("com.example:stats is already listed at libraries[0]")
                .contains("where Kubeflow mounts the workspace volume")
                .contains("GITHUB_TOKEN looks like a secret")
                .contains("the URL has credentials in it")
                .doesNotContain("pw@");
    }

    @Test
    void aFieldGivenTwiceIsRefusedAtTheSecond() {
        SpecException e = problems(
                "name: t\nimage: r/t\nbase: r/b\njava: {from: jlink}\nlibraries: [a:b:1]\nlibraries: [a:b:2]\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.location().line()).isEqualTo(6);
            assertThat(p.message()).isEqualTo("duplicate field 'libraries': give each field once");
        });
    }

    @Test
    void jlinkWithoutJShellIsRefused() {
        SpecException e = problems("name: t\nimage: r/t\nbase: r/b\njava:\n  from: jlink\n  modules: [java.base]\n");
        assertThat(e.getMessage()).contains(":6:", "(java.modules)", "must include jdk.jshell");
    }

    @Test
    void anEmptyFileOrABadReferenceIsRefused() {
        assertThatThrownBy(() -> SpecReader.parse(file("e.yaml"), ""))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("empty");
        assertThat(problems("name: t\nimage: 'UPPER case/x'\nbase: r/b\njava: {from: jlink}\n")
                        .getMessage())
                .contains(":2:", "(image)", "is not an image reference");
    }

    @Test
    void theExampleSpecsAreValid() throws Exception {
        Path examples = Path.of("examples");
        for (String name : List.of("data-exploration", "classic-ml", "deep-learning")) {
            TeamImageSpec spec = SpecReader.read(examples.resolve(name + ".yaml"));
            assertThat(spec.name()).isEqualTo(name);
            assertThat(spec.libraries()).isNotEmpty();
        }
    }
}
