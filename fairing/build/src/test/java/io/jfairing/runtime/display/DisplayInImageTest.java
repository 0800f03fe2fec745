package io.jfairing.runtime.display;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.compile.NotebookCompiler;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.preprocess.DependencyResolver;
import io.jfairing.fairing.preprocess.Preprocessor;
import io.jfairing.fairing.testing.LocalRun;
import io.jfairing.runtime.runner.ExecutedNotebook;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel's display API compiled at build time and run by the runner: the log, and the executed notebook. */
class DisplayInImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CompiledNotebook compile(NotebookCell... cells) throws Exception {
        return NotebookCompiler.compile(Preprocessor.builder()
                .dependencyResolver(DependencyResolver.none())
                .build()
                .fromNotebook(new Notebook("display.ipynb", List.of(cells))));
    }

    @Test
    void displaysGoToTheLogAndIntoTheExecutedNotebook() throws Exception {
        CompiledNotebook compiled = compile(
                NotebookCell.code(
                        1,
                        "System.out.println(\"before\");\nString id = display(html(\"<b>x</b>\"));\nSystem.out.println(\"after\");"),
                NotebookCell.code(
                        2,
                        "display(table(List.of(\"name\", \"score\"), List.of(List.of(\"a\", 1), List.of(\"b\", 22))))"),
                NotebookCell.code(3, "updateDisplay(id, markdown(\"**done**\"));\n\"updated\""),
                NotebookCell.code(
                        4,
                        "System.out.println(\"gone\");\nclearOutput();\ndisplay(svg(\"<svg/>\"), \"image/svg+xml\");\nSystem.out.println(\"kept\");"),
                NotebookCell.code(5, "var t = table(List.of(Map.of(\"k\", 1)));\nt"),
                NotebookCell.code(6, "display(png(new byte[] {1, 2, 3}));\ndisplay(42, \"text/html\");\n6 * 7"),
                NotebookCell.code(7, "System.out.println(\"old\");\nclearOutput(true);\nSystem.err.println(\"new\");"),
                NotebookCell.markdown(8, "the end"));
        LocalRun run = LocalRun.of(compiled);
        assertThat(run.outcome().failed()).as(run.stderr()).isFalse();

        // the log: stream text and each display's text/plain where it happened; a trailing display(...) shows no id
        String table = "name  score\n----  -----\na     1    \nb     22";
        assertThat(run.stdout())
                .isEqualTo("before\nHTML\nafter\n" + table + "\n**done**\nupdated\ngone\nSVG image\nkept\n"
                        + "k\n-\n1\nPNG image (3 bytes)\n42\n42\nold\n");
        // the cells' own stdout and results, as before: displays are not stream text
        assertThat(run.cellText(0)).isEqualTo("before\nafter\n");
        assertThat(run.cellText(1)).isEmpty();
        assertThat(run.cellText(2)).isEqualTo("updated\n");
        assertThat(run.cellText(3)).isEqualTo("gone\nkept\n");
        assertThat(run.cellText(4)).isEqualTo("k\n-\n1\n");
        assertThat(run.cellText(5)).isEqualTo("42\n");

        JsonNode cells = JSON.readTree(ExecutedNotebook.toJson(compiled.program(), run.outcome()))
                .get("cells");
        // cell 1: stream, display (updated in place by cell 3), stream
        JsonNode first = cells.get(0).get("outputs");
        assertThat(types(first)).containsExactly("stream", "display_data", "stream");
        assertThat(text(first.get(0).get("text"))).isEqualTo("before\n");
        assertThat(fieldNames(first.get(1).get("data"))).containsExactly("text/plain", "text/markdown");
        assertThat(text(first.get(1).get("data").get("text/markdown"))).isEqualTo("**done**");
        assertThat(text(first.get(2).get("text"))).isEqualTo("after\n");
        // cell 2: the table as HTML and text, and no execute_result with the display id
        JsonNode second = cells.get(1).get("outputs");
        assertThat(types(second)).containsExactly("display_data");
        assertThat(text(second.get(0).get("data").get("text/plain"))).isEqualTo(table);
        assertThat(text(second.get(0).get("data").get("text/html")))
                .contains("<th>name</th>")
                .contains("<td>22</td>");
        // cell 3: its result
        assertThat(types(cells.get(2).get("outputs"))).containsExactly("execute_result");
        assertThat(text(cells.get(2).get("outputs").get(0).get("data").get("text/plain")))
                .isEqualTo("updated");
        // cell 4: what came before clearOutput() is gone
        JsonNode fourth = cells.get(3).get("outputs");
        assertThat(types(fourth)).containsExactly("display_data", "stream");
        assertThat(fieldNames(fourth.get(0).get("data"))).containsExactly("text/plain", "image/svg+xml");
        assertThat(text(fourth.get(1).get("text"))).isEqualTo("kept\n");
        // cell 5: a trailing table is a rich result
        JsonNode fifth = cells.get(4).get("outputs").get(0);
        assertThat(fifth.get("output_type").asText()).isEqualTo("execute_result");
        assertThat(text(fifth.get("data").get("text/plain"))).isEqualTo("k\n-\n1");
        assertThat(text(fifth.get("data").get("text/html"))).contains("<td>1</td>");
        // cell 6: a PNG in base64, a plain value asked as HTML has text/plain only, then the result
        JsonNode sixth = cells.get(5).get("outputs");
        assertThat(types(sixth)).containsExactly("display_data", "display_data", "execute_result");
        assertThat(text(sixth.get(0).get("data").get("image/png")))
                .isEqualTo(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
        assertThat(fieldNames(sixth.get(1).get("data"))).containsExactly("text/plain");
        assertThat(text(sixth.get(2).get("data").get("text/plain"))).isEqualTo("42");
        // cell 7: clearOutput(true) clears when the next output comes
        JsonNode seventh = cells.get(6).get("outputs");
        assertThat(types(seventh)).containsExactly("stream");
        assertThat(seventh.get(0).get("name").asText()).isEqualTo("stderr");
        assertThat(text(seventh.get(0).get("text"))).isEqualTo("new\n");
    }

    @Test
    void aTypeOfTheNotebookSaysHowItDisplaysAsInTheKernel() throws Exception {
        CompiledNotebook compiled = compile(
                NotebookCell.code(
                        1,
                        "import io.jfairing.runtime.display.MimeBundle;\n"
                                + "record Dot(int x) implements io.jfairing.runtime.display.Renderable {\n"
                                + "    public MimeBundle toMimeBundle() {\n"
                                + "        return MimeBundle.of(\"text/latex\", \"$x_\" + x + \"$\", \"dot \" + x);\n"
                                + "    }\n"
                                + "}"),
                NotebookCell.code(2, "display(new Dot(1));\nnew Dot(2)"));
        LocalRun run = LocalRun.of(compiled);
        assertThat(run.outcome().failed()).as(run.stderr()).isFalse();
        assertThat(run.stdout()).isEqualTo("dot 1\ndot 2\n");
        JsonNode outputs = JSON.readTree(ExecutedNotebook.toJson(compiled.program(), run.outcome()))
                .get("cells")
                .get(1)
                .get("outputs");
        assertThat(types(outputs)).containsExactly("display_data", "execute_result");
        assertThat(text(outputs.get(0).get("data").get("text/latex"))).isEqualTo("$x_1$");
        assertThat(text(outputs.get(1).get("data").get("text/plain"))).isEqualTo("dot 2");
        assertThat(text(outputs.get(1).get("data").get("text/latex"))).isEqualTo("$x_2$");
    }

    @Test
    void outsideTheRunnerDisplaysPrintText() {
        assertThat(Display.display(Display.html("<i>x</i>"))).isEmpty();
        assertThat(Display.html("<i>x</i>").toString()).isEqualTo("HTML");
        assertThat(Display.markdown("# t").data())
                .containsEntry("text/markdown", "# t")
                .containsEntry("text/plain", "# t");
        assertThat(Display.table(List.of(java.util.Map.of("a", 1))).toHtml()).contains("<th>a</th>");
    }

    private static List<String> types(JsonNode outputs) {
        List<String> types = new ArrayList<>();
        outputs.forEach(output -> types.add(output.get("output_type").asText()));
        return types;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        StringBuilder text = new StringBuilder();
        node.forEach(line -> text.append(line.asText()));
        return text.toString();
    }
}
