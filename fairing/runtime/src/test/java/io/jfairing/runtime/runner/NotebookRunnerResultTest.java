package io.jfairing.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An image prints a cell's trailing value as the kernel shows it. */
class NotebookRunnerResultTest {
    /** Stands for JShell's wrapper class of a snippet whose value is an int array. */
    static final class IntsSnippet {
        static Object do_it$() {
            return new int[] {1, 2, 3};
        }
    }

    /** A snippet whose value is a String array. */
    static final class WordsSnippet {
        static Object do_it$() {
            return new String[] {"fox", "Dog"};
        }
    }

    /** A snippet whose value is a matrix. */
    static final class MatrixSnippet {
        static Object do_it$() {
            return new double[][] {{1.0, 2.0}, {3.0}};
        }
    }

    @Test
    void trailingArraysPrintAsInTheKernel() {
        List<Program.Step> steps = List.of(
                new Program.Step(IntsSnippet.class.getName(), true),
                new Program.Step(WordsSnippet.class.getName(), true),
                new Program.Step(MatrixSnippet.class.getName(), true));
        List<Program.Cell> cells = steps.stream()
                .map(step -> new Program.Cell(1, "code", List.of(), "", List.of(step)))
                .toList();
        Program program =
                Program.builder().notebook("arrays.ipynb").cells(cells).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NotebookRunner.Outcome outcome = NotebookRunner.run(
                program,
                getClass().getClassLoader(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.cells())
                .extracting(NotebookRunner.CellOutput::result)
                .containsExactly(
                        "int[3] { 1, 2, 3 }",
                        "String[2] { \"fox\", \"Dog\" }",
                        "double[][2] { double[2] { 1.0, 2.0 }, double[1] { 3.0 } }");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("int[3] { 1, 2, 3 }")
                .doesNotContain("[I@");
    }
}
