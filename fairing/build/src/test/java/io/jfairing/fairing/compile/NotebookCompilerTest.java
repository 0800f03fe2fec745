package io.jfairing.fairing.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.preprocess.DependencyResolver;
import io.jfairing.fairing.preprocess.Preprocessor;
import io.jfairing.fairing.preprocess.Workload;
import io.jfairing.fairing.testing.LocalRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookCompilerTest {
    private static Workload workload(NotebookCell... cells) throws Exception {
        return Preprocessor.builder()
                .dependencyResolver(DependencyResolver.none())
                .build()
                .fromNotebook(new Notebook("test.ipynb", List.of(cells)));
    }

    @Test
    void cellsRunInOrderWithKernelSemantics() throws Exception {
        Workload workload = workload(
                NotebookCell.markdown(1, "# Title"),
                NotebookCell.code(
                        2,
                        "int x = 5;\nvoid greet(String who) { System.out.println(\"hello \" + who + \" \" + twice()); }"),
                NotebookCell.code(3, "int twice() { return x * 2; }\ngreet(\"a\");"),
                NotebookCell.code(
                        4,
                        "record Point(int a, int b) {}\nvar list = new ArrayList<Point>();\nlist.add(new Point(1, 2));\nlist"),
                NotebookCell.code(5, "int twice() { return 7; }\ngreet(\"b\");\nx = 9;\nx"),
                NotebookCell.code(6, "String x = \"now a string\";\nx.length()"),
                NotebookCell.code(7, "var anon = new Object() { int k = 41; };\nanon.k + 1"),
                NotebookCell.code(8, "List.of(1, 2, 3).stream().map(i -> i * i).collect(Collectors.toList())"),
                NotebookCell.code(9, "System.out.println(\"no result\");\nint y = 3;"),
                NotebookCell.code(10, "System.out.printf(\"%d%n\", y)"));
        CompiledNotebook compiled = NotebookCompiler.compile(workload);
        LocalRun run = LocalRun.of(compiled);

        assertThat(run.outcome().failed()).as(run.stderr()).isFalse();
        assertThat(run.outcome().cells().get(0)).isNull();
        assertThat(run.cellText(1)).isEmpty();
        assertThat(run.cellText(2)).isEqualTo("hello a 10\n");
        assertThat(run.cellText(3)).isEqualTo("[Point[a=1, b=2]]\n");
        assertThat(run.cellText(4)).isEqualTo("hello b 7\n9\n");
        assertThat(run.cellText(5)).isEqualTo("12\n");
        assertThat(run.cellText(6)).isEqualTo("42\n");
        assertThat(run.cellText(7)).isEqualTo("[1, 4, 9]\n");
        assertThat(run.cellText(8)).isEqualTo("no result\n");
        assertThat(run.cellText(9)).as("printf's stream is not a result").isEqualTo("3\n");
        assertThat(run.stdout())
                .isEqualTo("hello a 10\n[Point[a=1, b=2]]\nhello b 7\n9\n12\n42\n[1, 4, 9]\nno result\n3\n");
        assertThat(compiled.classes().keySet()).isNotEmpty().allMatch(name -> name.startsWith("REPL."));
    }

    @Test
    void aPrintfLineLeavesTheRunnerInOneWriteSoThatContainerLogsKeepItWhole() throws Exception {
        CompiledNotebook compiled = NotebookCompiler.compile(workload(NotebookCell.code(
                1, "System.out.printf(\"%d wines, %d measurements%n\", 178, 13);\nSystem.out.println(\"next\");")));
        List<String> writes = new ArrayList<>();
        LocalRun.of(compiled, new java.io.OutputStream() {
            @Override
            public void write(int b) {
                writes.add(String.valueOf((char) b));
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        assertThat(writes).containsExactly("178 wines, 13 measurements\n", "next\n");
    }

    @Test
    void sameCodeGivesTheSameDigestAndAChangedCellChangesIt() throws Exception {
        CompiledNotebook a =
                NotebookCompiler.compile(workload(NotebookCell.code(1, "int x = 1;"), NotebookCell.code(2, "x + 1")));
        CompiledNotebook b =
                NotebookCompiler.compile(workload(NotebookCell.code(1, "int x = 1;"), NotebookCell.code(2, "x + 1")));
        CompiledNotebook c =
                NotebookCompiler.compile(workload(NotebookCell.code(1, "int x = 1;"), NotebookCell.code(2, "x + 2")));
        assertThat(a.codeDigest()).isEqualTo(b.codeDigest()).isNotEqualTo(c.codeDigest());
    }

    @Test
    void compileErrorNamesCellAndLine() throws Exception {
        Workload workload = workload(
                NotebookCell.code(1, "int x = 1;"),
                NotebookCell.markdown(2, "text"),
                NotebookCell.code(3, "%maven none:none:1\nint y = 2;\nint z = x + undefinedThing;"));
        assertThatThrownBy(() -> NotebookCompiler.compile(workload))
                .isInstanceOf(NotebookCompilationException.class)
                .hasMessageStartingWith("cell 3, line 3: cannot find symbol")
                .hasMessageContaining("int z = x + undefinedThing;")
                .satisfies(e -> assertThat(((NotebookCompilationException) e)
                                .diagnostics()
                                .get(0)
                                .column())
                        .isEqualTo(13));
    }

    @Test
    void syntaxErrorAndUnfinishedCellAreCompileErrors() throws Exception {
        assertThatThrownBy(() -> NotebookCompiler.compile(workload(NotebookCell.code(1, "int x = ;"))))
                .isInstanceOf(NotebookCompilationException.class)
                .hasMessageStartingWith("cell 1, line 1:");
        assertThatThrownBy(() -> NotebookCompiler.compile(
                        workload(NotebookCell.code(4, "int a = 1;\nvoid f() {\n  int b = 2;"))))
                .isInstanceOf(NotebookCompilationException.class)
                .hasMessageStartingWith("cell 4, line 2: the cell ends in the middle");
        assertThatThrownBy(() -> NotebookCompiler.compile(workload(NotebookCell.code(2, "void f() { g(); }"))))
                .isInstanceOf(NotebookCompilationException.class)
                .hasMessageContaining("g()")
                .hasMessageContaining("which no cell defines");
    }

    @Test
    void failingCellStopsTheRunWithItsLabelAndLine() throws Exception {
        Workload workload = workload(
                NotebookCell.code(1, "System.out.println(\"before\");"),
                NotebookCell.code(2, "int divide(int a, int b) {\n  return a / b;\n}"),
                NotebookCell.code(3, "System.out.println(\"about to fail\");\nint r = divide(1, 0);"),
                NotebookCell.code(4, "System.out.println(\"never\");"));
        LocalRun run = LocalRun.of(NotebookCompiler.compile(workload));
        assertThat(run.outcome().failed()).isTrue();
        assertThat(run.outcome().failure().summary()).isEqualTo("cell 3: java.lang.ArithmeticException: / by zero");
        assertThat(run.stdout()).isEqualTo("before\nabout to fail\n");
        assertThat(run.stderr())
                .as(NotebookCompiler.compile(workload).program().write())
                .startsWith("cell 3: java.lang.ArithmeticException: / by zero\n")
                .contains("at divide (cell 2, line 2)")
                .contains("(cell 3, line 2)");
        assertThat(run.outcome().cells().get(3)).isNull();
    }

    @Test
    void trainerClassIsTrainedAfterTheCells() throws Exception {
        Workload workload = Preprocessor.builder()
                .dependencyResolver(DependencyResolver.none())
                .entryClass("MyTrainer")
                .build()
                .fromNotebook(
                        new Notebook(
                                "t.ipynb",
                                List.of(
                                        NotebookCell.code(
                                                1,
                                                "import io.jfairing.runtime.runner.Trainer;\nclass MyTrainer implements Trainer {\n public void train() { System.out.println(\"trained\"); }\n}"))));
        CompiledNotebook compiled = NotebookCompiler.compile(workload);
        LocalRun run = LocalRun.of(compiled);
        assertThat(run.outcome().failed()).as(run.stderr()).isFalse();
        assertThat(run.stdout()).as(compiled.program().write()).isEqualTo("trained\n");
    }
}
