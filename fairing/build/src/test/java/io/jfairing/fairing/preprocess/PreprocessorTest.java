package io.jfairing.fairing.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
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
    void presetsAndMagicsUsedAsValuesAreClearErrorsNotBrokenImages() {
        assertThatThrownBy(() -> preprocessor(new ArrayList<>())
                        .build()
                        .fromNotebook(new Notebook("n", List.of(NotebookCell.code(3, "%use xchart")))))
                .isInstanceOf(FairingException.class)
                .hasMessageStartingWith("%use xchart (cell 3, line 1): %use presets are not built into images yet");
        assertThatThrownBy(() -> preprocessor(new ArrayList<>())
                        .build()
                        .fromNotebook(new Notebook(
                                "n", List.of(NotebookCell.code(4, "List<String> a = %maven g:a:1\nint x = 1;")))))
                .isInstanceOf(FairingException.class)
                .hasMessageContaining("a magic used as a value");
        // a percent sign in Java stays Java
        assertThatCode(() -> preprocessor(new ArrayList<>())
                        .build()
                        .fromNotebook(new Notebook(
                                "n", List.of(NotebookCell.code(5, "int r = 7 % 3;\nString p = \"%maven\";")))))
                .doesNotThrowAnyException();
    }
}
