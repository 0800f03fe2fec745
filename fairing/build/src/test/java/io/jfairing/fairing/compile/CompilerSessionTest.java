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

/** Incremental compiles give exactly what compiles from scratch give, and reuse what they can. */
class CompilerSessionTest {
    private static Workload workload(String... cells) throws Exception {
        List<NotebookCell> list = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            list.add(cells[i] == null ? NotebookCell.markdown(i + 1, "text") : NotebookCell.code(i + 1, cells[i]));
        }
        return Preprocessor.builder()
                .dependencyResolver(DependencyResolver.none())
                .build()
                .fromNotebook(new Notebook("s.ipynb", list));
    }

    private static final String[] BASE = {
        "int x = 5;\nString name = \"a\";",
        null,
        "int twice() { return x * 2; }\nrecord P(int v) {}",
        "var list = new ArrayList<P>();\nlist.add(new P(twice()));\nlist",
        "System.out.println(name + \" \" + list.size());\n1 + 1",
        "String label(P p) { return name + p.v(); }\nlabel(list.get(0))"
    };

    private static String[] edit(int index, String code) {
        String[] cells = BASE.clone();
        cells[index] = code;
        return cells;
    }

    @Test
    void incrementalCompilesMatchFreshOnes() throws Exception {
        try (CompilerSession session = new CompilerSession()) {
            CompiledNotebook first = session.compile(workload(BASE));
            assertThat(first.codeDigest())
                    .isEqualTo(NotebookCompiler.compile(workload(BASE)).codeDigest());

            String[] lateEdit = edit(4, "System.out.println(name + \" ! \" + list.size());\n2 + 2");
            CompiledNotebook late = session.compile(workload(lateEdit));
            assertThat(session.reusedCells()).isEqualTo(4);
            assertThat(late.codeDigest())
                    .isEqualTo(NotebookCompiler.compile(workload(lateEdit)).codeDigest());
            assertThat(LocalRun.of(late).stdout()).isEqualTo("[P[v=10]]\na ! 1\n4\na10\n");

            String[] earlyEdit = edit(0, "int x = 6;\nString name = \"b\";");
            CompiledNotebook early = session.compile(workload(earlyEdit));
            assertThat(session.reusedCells()).isZero();
            assertThat(early.codeDigest())
                    .isEqualTo(NotebookCompiler.compile(workload(earlyEdit)).codeDigest());

            CompiledNotebook back = session.compile(workload(BASE));
            assertThat(back.codeDigest()).isEqualTo(first.codeDigest());
            CompiledNotebook again = session.compile(workload(BASE));
            assertThat(again.codeDigest()).isEqualTo(first.codeDigest());
            assertThat(session.reusedCells()).isEqualTo(BASE.length);
        }
    }

    @Test
    void aCellThatRedefinesAnEarlierOneIsRecompiledFromScratchWhenItChanges() throws Exception {
        String[] redefining = edit(5, "int twice() { return 99; }\ntwice()");
        try (CompilerSession session = new CompilerSession()) {
            session.compile(workload(redefining));
            String[] changed = edit(5, "int twice() { return 98; }\ntwice()");
            CompiledNotebook result = session.compile(workload(changed));
            assertThat(session.reusedCells()).isZero();
            assertThat(result.codeDigest())
                    .isEqualTo(NotebookCompiler.compile(workload(changed)).codeDigest());
            assertThat(LocalRun.of(result).cellText(5)).isEqualTo("98\n");
        }
    }

    @Test
    void forwardReferencesAndUnusedSupersededClassesAreLeftOut() throws Exception {
        String[] forward = {
            "void hello() { System.out.println(greeting()); }", "String greeting() { return \"hi\"; }", "hello();"
        };
        try (CompilerSession session = new CompilerSession()) {
            CompiledNotebook compiled = session.compile(workload(forward));
            assertThat(LocalRun.of(compiled).stdout()).isEqualTo("hi\n");
            assertThat(compiled.classes().values())
                    .isNotEmpty()
                    .noneMatch(bytes ->
                            new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("jdk/jshell"));
            assertThat(compiled.classes().keySet())
                    .isNotEmpty()
                    .allMatch(name -> name.matches("REPL\\.\\$JShell\\$\\d+(\\$.*)?"));
            String[] changed = forward.clone();
            changed[2] = "hello();\nhello();";
            CompiledNotebook next = session.compile(workload(changed));
            assertThat(next.codeDigest())
                    .isEqualTo(NotebookCompiler.compile(workload(changed)).codeDigest());
        }
    }

    @Test
    void aCompileErrorLeavesTheSessionUsable() throws Exception {
        try (CompilerSession session = new CompilerSession()) {
            session.compile(workload(BASE));
            assertThatThrownBy(() -> session.compile(workload(edit(4, "int broken = \"no\";"))))
                    .isInstanceOf(NotebookCompilationException.class)
                    .hasMessageStartingWith("cell 5, line 1: incompatible types");
            assertThat(session.compile(workload(BASE)).codeDigest())
                    .isEqualTo(NotebookCompiler.compile(workload(BASE)).codeDigest());
        }
    }
}
