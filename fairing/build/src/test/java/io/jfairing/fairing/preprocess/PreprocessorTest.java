package io.jfairing.fairing.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.runtime.runner.Program;
import io.jfairing.runtime.use.PresetCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessorTest {
    @TempDir
    Path dir;

    private Preprocessor.Builder preprocessor(List<List<String>> resolved) {
        return Preprocessor.builder().baseDirectory(dir).dependencyResolver((coordinates, repositories) -> {
            resolved.add(List.copyOf(coordinates));
            return List.of();
        });
    }

    @Test
    void magicsBecomeDependenciesAndTheRestAreDropped() throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/a.jar"), "");
        Files.writeString(dir.resolve("lib/b.jar"), "");
        Files.createDirectories(dir.resolve("classes"));
        List<List<String>> resolved = new ArrayList<>();
        Workload workload = preprocessor(resolved)
                .build()
                .fromNotebook(new Notebook(
                        "n.ipynb",
                        List.of(
                                NotebookCell.code(
                                        1,
                                        "%maven org.example:one:1.0 org.example:two:2.0\n%mavenRepo internal https://repo.example/maven\nint a = 1;"),
                                NotebookCell.code(
                                        2,
                                        "%jars lib/*.jar\n%classpath classes\n%time a + 1\nint b = 2;\n%lsmagic\nint c = 3;"),
                                NotebookCell.code(
                                        3,
                                        "%%loadFromPOM\n<dependency><groupId>g</groupId><artifactId>x</artifactId><version>3</version></dependency>"),
                                NotebookCell.code(4, "%%html\n<b>hi</b>"))));
        assertThat(workload.dependencies()).containsExactly("org.example:one:1.0", "org.example:two:2.0", "g:x:3");
        assertThat(resolved).containsExactly(List.of("org.example:one:1.0", "org.example:two:2.0", "g:x:3"));
        assertThat(workload.repositories()).containsExactly("internal https://repo.example/maven");
        assertThat(workload.classpath())
                .containsExactly(dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar"), dir.resolve("classes"));
        assertThat(workload.droppedMagics()).extracting(Magic::name).containsExactly("time", "lsmagic", "html");
        WorkloadCell second = workload.cells().get(1);
        assertThat(second.code()).containsExactly(new CodePart("int b = 2;", 3), new CodePart("int c = 3;", 5));
        assertThat(workload.cells().get(3).code()).isEmpty();
    }

    @Test
    void tagsSelectCells() throws Exception {
        List<NotebookCell> cells = List.of(
                NotebookCell.code(1, "int a = 1;", NotebookCell.PARAMETERS),
                NotebookCell.code(2, "int b = 2;", NotebookCell.INCLUDE),
                NotebookCell.markdown(3, "text"),
                NotebookCell.code(4, "int c = 3;"),
                NotebookCell.code(5, "int d = 4;", NotebookCell.INCLUDE, NotebookCell.SKIP));
        Workload included =
                preprocessor(new ArrayList<>()).parameter("a", 5).build().fromNotebook(new Notebook("n", cells));
        assertThat(included.cells())
                .extracting(c -> c.cell().label())
                .containsExactly("cell 1", "cell injected-parameters", "cell tuned-parameters", "cell 2", "cell 3");
        assertThat(included.parameters()).containsEntry("a", "5");

        Workload skipped = preprocessor(new ArrayList<>())
                .build()
                .fromNotebook(new Notebook(
                        "n",
                        List.of(NotebookCell.code(1, "int a;"), NotebookCell.code(2, "int b;", NotebookCell.SKIP))));
        assertThat(skipped.cells()).extracting(c -> c.cell().number()).containsExactly(1);

        Workload selected = preprocessor(new ArrayList<>())
                .selectCells(Set.of(4))
                .build()
                .fromNotebook(new Notebook(
                        "n",
                        List.of(
                                NotebookCell.code(1, "int a;", NotebookCell.PARAMETERS),
                                NotebookCell.code(2, "int b;"),
                                NotebookCell.code(4, "int d;"))));
        assertThat(selected.cells()).extracting(c -> c.cell().number()).containsExactly(1, 1, 4);
    }

    @Test
    void aClassFileBecomesAWorkloadWithAnEntryClass() throws Exception {
        Path source = dir.resolve("Train.java");
        Files.writeString(
                source,
                "package a.b;\nimport io.jfairing.runtime.runner.Trainer;\npublic class Train implements Trainer {\n"
                        + "  public void train() {}\n}\n");
        Workload workload = preprocessor(new ArrayList<>()).build().fromClass(source);
        assertThat(workload.entryClass()).contains("Train");
        assertThat(workload.name()).isEqualTo("Train.java");
        assertThat(workload.cells().get(0).code().get(0).code()).startsWith("            \nimport io.jfairing");
    }

    @Test
    void missingJarsAndBadMagicsAreErrors() {
        assertThatThrownBy(() -> preprocessor(new ArrayList<>())
                        .build()
                        .fromNotebook(new Notebook("n", List.of(NotebookCell.code(2, "%jars nothing/*.jar")))))
                .isInstanceOf(FairingException.class)
                .hasMessageStartingWith("%jars nothing/*.jar (cell 2, line 1): no jar matches");
        assertThatThrownBy(() -> preprocessor(new ArrayList<>())
                        .build()
                        .fromNotebook(new Notebook("n", List.of(NotebookCell.code(1, "%classpath nope")))))
                .hasMessageContaining("does not exist");
    }

    @Test
    void aUseLineBecomesItsPresetsArtifactsRepositoriesAndCodeWhereTheLineWas() throws Exception {
        Path team = Files.createDirectories(dir.resolve("team-presets"));
        Files.writeString(team.resolve("team-stats.json"), """
                {"format": 1, "name": "team-stats", "version": "1.0", "description": "team statistics",
                 "dependencies": ["com.example:stats:{version}"],
                 "repositories": [{"id": "team", "url": "https://repo.example.com/maven"}],
                 "imports": ["com.example.stats.*", "static java.lang.Math.max"],
                 "init": ["String team = \\"ready\\";"],
                 "renderers": [{"type": "com.example.stats.Summary", "code": "html(\\"<i>\\" + value + \\"</i>\\")"}]}
                """);
        List<List<String>> resolved = new ArrayList<>();
        Workload workload = preprocessor(resolved)
                .presets(new PresetCatalog(List.of(team)))
                .build()
                .fromNotebook(new Notebook(
                        "n.ipynb",
                        List.of(
                                NotebookCell.code(1, "int a = 1;\n%use team-stats@2.1, commons-math\nint b = a;"),
                                NotebookCell.code(2, "%use --list"))));

        assertThat(workload.dependencies())
                .containsExactly("com.example:stats:2.1", "org.apache.commons:commons-math3:3.6.1");
        assertThat(resolved).containsExactly(workload.dependencies());
        assertThat(workload.repositories()).containsExactly("team https://repo.example.com/maven");
        List<CodePart> code = workload.cells().get(0).code();
        assertThat(code).hasSize(3);
        assertThat(code.get(0)).isEqualTo(new CodePart("int a = 1;", 0));
        assertThat(code.get(2)).isEqualTo(new CodePart("int b = a;", 2));
        CodePart use = code.get(1);
        assertThat(use.line()).isEqualTo(1);
        assertThat(use.result())
                .as("a %use line shows no result, as in the kernel")
                .isFalse();
        assertThat(use.code())
                .startsWith("import com.example.stats.*;\nimport static java.lang.Math.max;\nString team = \"ready\";\n"
                        + "io.jfairing.runtime.use.PresetRenderers.program().add(\"com.example.stats.Summary\", "
                        + "(java.util.function.Function<Object, Object>) value -> {")
                .contains("return html(\"<i>\" + value + \"</i>\");")
                .contains("import org.apache.commons.math3.linear.*;")
                .contains("PresetRenderers.program().add(\"org.apache.commons.math3.linear.RealMatrix\"");
        assertThat(workload.droppedMagics())
                .extracting(Magic::toString)
                .containsExactly("%use --list (cell 2, line 1)");
    }

    @Test
    void anUnknownPresetOrVersionIsABuildErrorThatNamesIt() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("none"));
        Preprocessor presets = preprocessor(new ArrayList<>())
                .presets(new PresetCatalog(List.of(empty)))
                .build();
        assertThatThrownBy(() -> presets.fromNotebook(new Notebook("n", List.of(NotebookCell.code(3, "%use nope")))))
                .isInstanceOf(FairingException.class)
                .hasMessageStartingWith(
                        "%use nope (cell 3, line 1): there is no preset 'nope'; %use --list shows them (")
                .hasMessageContaining("commons-math")
                .hasMessageContaining("JFAIRING_USE_PATH");
        assertThatThrownBy(() ->
                        presets.fromNotebook(new Notebook("n", List.of(NotebookCell.code(1, "%use commons-math@")))))
                .hasMessageContaining("'commons-math@': the version after @ is empty or malformed");
        assertThatThrownBy(() -> presets.fromNotebook(new Notebook("n", List.of(NotebookCell.code(1, "%use http@2")))))
                .hasMessageContaining("preset 'http' has no version to choose");

        // a version Maven does not have: the preset and the version are named, with the resolver's reason
        Preprocessor missing = Preprocessor.builder()
                .baseDirectory(dir)
                .presets(new PresetCatalog(List.of(empty)))
                .dependencyResolver((coordinates, repositories) -> {
                    if (coordinates.contains("org.apache.commons:commons-math3:0.0.1")) {
                        throw new FairingException(
                                "Could not find artifact org.apache.commons:commons-math3:jar:0.0.1");
                    }
                    return List.of();
                })
                .build();
        assertThatThrownBy(() -> missing.fromNotebook(
                        new Notebook("n", List.of(NotebookCell.code(2, "%maven g:a:1\n%use commons-math@0.0.1")))))
                .isInstanceOf(FairingException.class)
                .hasMessage("%use commons-math@0.0.1 (cell 2, line 2): preset commons-math at version 0.0.1"
                        + " (org.apache.commons:commons-math3:0.0.1) cannot be resolved:"
                        + " Could not find artifact org.apache.commons:commons-math3:jar:0.0.1");
    }

    @Test
    void aClasspathValueNamesTheSamePathAsItsClassPathEntry() throws Exception {
        // the image builder finds where a value's paths are in the image by the class path entries' names
        Files.createDirectories(dir.resolve("classes"));
        Files.createDirectories(dir.resolve("lib/more"));
        Workload workload = preprocessor(new ArrayList<>())
                .build()
                .fromNotebook(new Notebook(
                        "n", List.of(NotebookCell.code(1, "var folders = %classpath ./classes lib/../lib/more"))));
        assertThat(workload.classpath()).containsExactly(dir.resolve("classes"), dir.resolve("lib/more"));
        assertThat(workload.magicValues())
                .containsExactly(new Program.MagicValue(
                        "classpath",
                        "./classes lib/../lib/more",
                        List.of(
                                dir.resolve("classes").toString(),
                                dir.resolve("lib/more").toString())));
    }

    @Test
    void magicsUsedAsValuesGoOnTheClassPathAndRecordTheirValues() throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/a.jar"), "");
        Files.writeString(dir.resolve("lib/b.jar"), "");
        Files.createDirectories(dir.resolve("classes"));
        Path resolvedJar = dir.resolve("m2/one-1.0.jar");
        List<List<String>> resolved = new ArrayList<>();
        Workload workload = Preprocessor.builder()
                .baseDirectory(dir)
                .dependencyResolver((coordinates, repositories) -> {
                    resolved.add(List.copyOf(coordinates));
                    return coordinates.contains("org.example:one:1.0") ? List.of(resolvedJar) : List.of();
                })
                .build()
                .fromNotebook(
                        new Notebook(
                                "n",
                                List.of(
                                        NotebookCell.code(
                                                4,
                                                "List<String> added = %jars lib/*.jar\nvar jars = %maven org.example:one:1.0;\n"
                                                        + "var folders = %classpath --quiet classes\nString p = \"= %maven x:y:1\";"))));

        assertThat(workload.classpath())
                .containsExactly(
                        resolvedJar, dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar"), dir.resolve("classes"));
        assertThat(workload.dependencies()).containsExactly("org.example:one:1.0");
        assertThat(resolved).containsExactly(List.of("org.example:one:1.0"), List.of("org.example:one:1.0"));
        assertThat(workload.magicValues())
                .containsExactly(
                        new Program.MagicValue(
                                "jars",
                                "lib/*.jar",
                                List.of(
                                        dir.resolve("lib/a.jar").toString(),
                                        dir.resolve("lib/b.jar").toString())),
                        new Program.MagicValue(
                                "classpath",
                                "--quiet classes",
                                List.of(dir.resolve("classes").toString())),
                        new Program.MagicValue("maven", "org.example:one:1.0", List.of(resolvedJar.toString())));
        String code = workload.cells().get(0).code().get(0).code();
        assertThat(code)
                .isEqualTo(
                        "List<String> added = io.jfairing.runtime.cell.LineMagicCall.call(\"jars\", \"lib/*.jar\");\n"
                                + "var jars = io.jfairing.runtime.cell.LineMagicCall.call(\"maven\", \"org.example:one:1.0\");\n"
                                + "var folders = io.jfairing.runtime.cell.LineMagicCall.call(\"classpath\", \"--quiet classes\");\n"
                                + "String p = \"= %maven x:y:1\";");
    }

    @Test
    void aSessionsJarsGiveAMavenValueWhenTheBuildResolvesNothingItself() throws Exception {
        Path one = dir.resolve("m2/one-1.0.jar");
        Path oneSources = dir.resolve("m2/one-1.0-sources.jar");
        Path onesie = dir.resolve("m2/one-1.0.1.jar");
        Path other = dir.resolve("m2/other-2.0.jar");
        Workload workload = Preprocessor.builder()
                .baseDirectory(dir)
                .dependencyResolver(DependencyResolver.none())
                .classpath(List.of(other, oneSources, one, onesie))
                .build()
                .fromNotebook(
                        new Notebook("n", List.of(NotebookCell.code(1, "var jars = %maven org.example:one:1.0"))));
        assertThat(workload.magicValues())
                .containsExactly(new Program.MagicValue("maven", "org.example:one:1.0", List.of(one.toString())));
    }

    @Test
    void aMagicWithoutAValueInAnImageIsAClearErrorAndPercentInJavaStaysJava() {
        assertThatThrownBy(() -> preprocessor(new ArrayList<>())
                        .build()
                        .fromNotebook(
                                new Notebook("n", List.of(NotebookCell.code(4, "int x = 1;\nvar t = %time x + 1")))))
                .isInstanceOf(FairingException.class)
                .hasMessage("%time x + 1 (cell 4, line 2): in an image only %maven, %jars and %classpath have a value;"
                        + " put %time on a line of its own");
        assertThatThrownBy(() -> preprocessor(new ArrayList<>())
                        .build()
                        .fromNotebook(
                                new Notebook("n", List.of(NotebookCell.code(4, "List<String> a = %jars none/*.jar")))))
                .hasMessageStartingWith("%jars none/*.jar (cell 4, line 1): no jar matches none/*.jar");
        // a percent sign in Java stays Java
        assertThatCode(() -> preprocessor(new ArrayList<>())
                        .build()
                        .fromNotebook(new Notebook(
                                "n", List.of(NotebookCell.code(5, "int r = 7 % 3;\nString p = \"%maven\";")))))
                .doesNotThrowAnyException();
    }
}
