package io.jfairing.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.runtime.cell.LineMagicCall;
import io.jfairing.runtime.display.Display;
import io.jfairing.runtime.use.PresetRenderers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * In an image a magic used as a value gives what the build recorded, and the renderers a {@code %use} line's code
 * added show the cells' results, as in the kernel.
 */
class ProgramMagicsTest {
    /** Stands for {@code List<String> added = %jars lib/*.jar} as the build rewrote it. */
    static final class JarsSnippet {
        static Object do_it$() {
            List<String> added = LineMagicCall.call("jars", "lib/*.jar");
            return added.size() + " " + added;
        }
    }

    /** Stands for a magic the build never saw (made up by the code as it runs). */
    static final class UnknownSnippet {
        static Object do_it$() {
            List<String> added = LineMagicCall.call("jars", "other.jar");
            return added;
        }
    }

    /** Stands for the code of a {@code %use} line: a renderer added to the program's renderers. */
    static final class UseSnippet {
        static Object do_it$() {
            Function<Object, Object> render = value -> Display.html("<i>" + value + "</i>");
            PresetRenderers.program().add("java.time.temporal.TemporalAccessor", render);
            return null;
        }
    }

    /** A cell whose result a preset renders. */
    static final class DateSnippet {
        static Object do_it$() {
            return LocalDate.of(2024, 1, 2);
        }
    }

    /** A preset renderer that fails. */
    static final class FailingUseSnippet {
        static Object do_it$() {
            PresetRenderers.program().add("java.lang.Integer", value -> {
                throw new IllegalStateException("no");
            });
            return 7;
        }
    }

    @Test
    void magicValuesAndPresetRenderersActAsInTheKernel() throws Exception {
        List<Program.Cell> cells = List.of(
                cell(1, JarsSnippet.class),
                cell(2, UseSnippet.class),
                cell(3, DateSnippet.class),
                cell(4, FailingUseSnippet.class),
                cell(5, UnknownSnippet.class));
        Program written = Program.builder()
                .notebook("magics.ipynb")
                .cells(cells)
                .magicValue(new Program.MagicValue("jars", "lib/*.jar", List.of("/work/lib/a.jar", "/work/lib/b.jar")))
                .build();
        Program program = Program.read(
                written.withMagicPaths(p -> p.replace("/work/lib", "/app/libs")).write());
        assertThat(program.magicValues())
                .containsExactly(
                        new Program.MagicValue("jars", "lib/*.jar", List.of("/app/libs/a.jar", "/app/libs/b.jar")));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        NotebookRunner.Outcome outcome = NotebookRunner.run(
                program,
                getClass().getClassLoader(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(outcome.cells().get(0).result()).isEqualTo("2 [/app/libs/a.jar, /app/libs/b.jar]");
        assertThat(outcome.cells().get(1).result()).isNull();
        assertThat(outcome.cells().get(2).resultData()).containsEntry("text/html", "<i>2024-01-02</i>");
        assertThat(outcome.cells().get(3).result())
                .as("a failing renderer shows the value as text")
                .isEqualTo("7");
        assertThat(outcome.cells().get(3).stderr())
                .contains("The %use renderer for java.lang.Integer failed (java.lang.IllegalStateException: no);"
                        + " showing the value as text.");
        assertThat(outcome.failure().summary())
                .isEqualTo("cell 5: io.jfairing.runtime.cell.LineMagicCall$Failed: %jars other.jar has no value here:"
                        + " the image build runs the magics written in a cell (`var jars = %maven g:a:v`),"
                        + " not ones the code makes up as it runs");

        // a second program in the same JVM starts without the first one's renderers
        NotebookRunner.Outcome again = NotebookRunner.run(
                Program.builder()
                        .notebook("again.ipynb")
                        .cell(cell(1, DateSnippet.class))
                        .build(),
                getClass().getClassLoader(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(again.cells().get(0).result()).isEqualTo("2024-01-02");
    }

    private static Program.Cell cell(int number, Class<?> snippet) {
        return new Program.Cell(number, "code", List.of(), "", List.of(new Program.Step(snippet.getName(), true)));
    }
}
