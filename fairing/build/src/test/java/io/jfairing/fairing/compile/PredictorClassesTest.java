package io.jfairing.fairing.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.preprocess.DependencyResolver;
import io.jfairing.fairing.preprocess.Preprocessor;
import io.jfairing.runtime.runner.Predictor;
import io.jfairing.runtime.runner.Program;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiler keeps the notebook's Predictor classes, even unused ones, and lists the latest definition of each. */
class PredictorClassesTest {
    @Test
    void predictorsAreKeptAndListedLatestDefinitionFirst() throws Exception {
        CompiledNotebook compiled = NotebookCompiler.compile(Preprocessor.builder()
                .dependencyResolver(DependencyResolver.none())
                .build()
                .fromNotebook(new Notebook(
                        "p.ipynb",
                        List.of(
                                NotebookCell.code(1, "import io.jfairing.runtime.runner.Predictor;"),
                                NotebookCell.code(
                                        2,
                                        "class Iris implements Predictor<Integer, String> { public String predict(Integer x) { return \"v1\"; } }"),
                                NotebookCell.code(
                                        3,
                                        "abstract class Base implements Predictor<Integer, String> {}\n"
                                                + "class Child extends Base { public String predict(Integer x) { return \"child \" + x; } }"),
                                NotebookCell.code(
                                        4,
                                        "class Iris implements Predictor<Integer, String> { public String predict(Integer x) { return \"v2\"; } }"),
                                NotebookCell.code(5, "class NotOne { }\nint n = 1;")))));
        Program program = Program.read(compiled.program().write());
        assertThat(program.predictors()).hasSize(2).allMatch(n -> n.startsWith("REPL.$JShell$"));
        assertThat(program.predictors()).anyMatch(n -> n.endsWith("$Iris")).anyMatch(n -> n.endsWith("$Child"));

        Path dir = Files.createTempDirectory("predictors");
        compiled.writeTo(dir);
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {dir.resolve("classes").toUri().toURL()}, PredictorClassesTest.class.getClassLoader())) {
            for (String name : program.predictors()) {
                var constructor = Class.forName(name, true, loader).getDeclaredConstructor();
                constructor.setAccessible(true);
                @SuppressWarnings("unchecked")
                Predictor<Integer, String> p = (Predictor<Integer, String>) constructor.newInstance();
                assertThat(p.predict(3)).isEqualTo(name.endsWith("$Iris") ? "v2" : "child 3");
            }
        }
    }
}
