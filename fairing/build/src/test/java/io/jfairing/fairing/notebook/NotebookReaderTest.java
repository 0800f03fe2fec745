package io.jfairing.fairing.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookReaderTest {
    private static Notebook parse(String json) throws NotebookFormatException {
        return NotebookReader.parse("nb.ipynb", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsCellsSourcesAndTags() throws Exception {
        Notebook notebook = parse("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": ["
                + "{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"# hi\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {\"tags\": [\"parameters\"]}, \"source\": [\"int a = 1;\\n\", \"int b = 2;\"],"
                + " \"outputs\": [], \"execution_count\": 3}]}");
        assertThat(notebook.cells())
                .containsExactly(
                        new NotebookCell(1, NotebookCell.Type.MARKDOWN, "# hi", List.of()),
                        new NotebookCell(2, NotebookCell.Type.CODE, "int a = 1;\nint b = 2;", List.of("parameters")));
        assertThat(notebook.codeCells()).hasSize(1);
    }

    /** A notebook whose code cells carry {@code outputs} outputs of {@code megabytes} MB of text each. */
    static Path notebookWithLargeOutputs(Path dir, int outputs, int megabytes) throws IOException {
        Path file = dir.resolve("large.ipynb");
        String chunk = "0123456789abcdef".repeat(64 * 1024); // 1 MiB
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [");
            for (int i = 0; i < outputs; i++) {
                out.write((i == 0 ? "" : ",") + "{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"int x" + i
                        + " = " + i + ";\", \"execution_count\": 1, \"outputs\": [{\"output_type\": \"display_data\","
                        + " \"metadata\": {}, \"data\": {\"image/png\": \"");
                for (int m = 0; m < megabytes; m++) {
                    out.write(chunk);
                }
                out.write("\"}}]}");
            }
            out.write("]}");
        }
        return file;
    }

    @Test
    void readsANotebookWhoseOutputIsLargerThanJacksonsStringLimit(@TempDir Path dir) throws Exception {
        Notebook notebook =
                NotebookReader.read(notebookWithLargeOutputs(dir, 1, 25)); // Jackson refuses strings > 20 MB
        assertThat(notebook.cells())
                .containsExactly(new NotebookCell(1, NotebookCell.Type.CODE, "int x0 = 0;", List.of()));
    }

    @Test
    void outputsAreNeverHeldInMemory(@TempDir Path dir) throws Exception {
        Path file = notebookWithLargeOutputs(dir, 5, 10);
        // a child JVM with a 48 MB heap reads five 10 MB outputs: only possible if they stream past unread
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx48m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReadNotebook.class.getName(),
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
        assertThat(output).isEqualTo("5 cells\n");
        assertThat(child.exitValue()).isZero();
    }

    /** Reads a notebook in a JVM of its own and prints its cell count. */
    static final class ReadNotebook {
        public static void main(String[] args) throws Exception {
            System.out.print(NotebookReader.read(Path.of(args[0])).cells().size() + " cells\n");
        }
    }

    @Test
    void writerAndReaderRoundTrip(@TempDir Path dir) throws Exception {
        Notebook notebook = new Notebook(
                "x.ipynb",
                List.of(
                        NotebookCell.markdown(1, "a\nb\n"),
                        NotebookCell.code(2, "int x = 1;\nx", "parameters", "fairing:include")));
        Path file = dir.resolve("x.ipynb");
        NotebookWriter.write(notebook, file);
        assertThat(NotebookReader.read(file)).isEqualTo(notebook);
        assertThat(NotebookWriter.toJson(notebook)).isEqualTo(NotebookWriter.toJson(NotebookReader.read(file)));
    }

    @Test
    void badInputIsAClearError() {
        assertThatThrownBy(() -> parse("{\"cells\": ["))
                .isInstanceOf(NotebookFormatException.class)
                .hasMessageStartingWith("nb.ipynb is not valid JSON (line 1, column 12)");
        assertThatThrownBy(() -> parse("[1, 2]"))
                .hasMessage("nb.ipynb is not a Jupyter notebook: the top level must be a JSON object");
        assertThatThrownBy(() -> parse("{\"cells\": []}"))
                .hasMessage("nb.ipynb is not a Jupyter notebook: it has no \"nbformat\" field");
        assertThatThrownBy(() -> parse("{\"nbformat\": 3, \"worksheets\": []}"))
                .hasMessageStartingWith(
                        "nb.ipynb is nbformat 3; jfairing reads nbformat 4 notebooks (convert it with: jupyter nbconvert");
        assertThatThrownBy(() -> parse("{\"nbformat\": 4}"))
                .hasMessage("nb.ipynb is not a valid nbformat 4 notebook: it has no \"cells\" list");
        assertThatThrownBy(() -> parse("{\"nbformat\": 4, \"cells\": [{\"source\": \"x\"}]}"))
                .hasMessage("nb.ipynb, cell 1: the cell has no \"cell_type\"");
        assertThatThrownBy(() -> parse("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\"}]}"))
                .hasMessage("nb.ipynb, cell 1: the cell has no \"source\"");
        assertThatThrownBy(() -> parse("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"sql\", \"source\": \"\"}]}"))
                .hasMessage("nb.ipynb, cell 1: unknown cell_type \"sql\" (expected code, markdown or raw)");
        assertThatThrownBy(() -> parse("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": [1]}]}"))
                .hasMessage("nb.ipynb, cell 1: \"source\" must be a string or a list of strings");
        assertThatThrownBy(
                        () -> parse(
                                "{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": \"\", \"metadata\": {\"tags\": \"x\"}}]}"))
                .hasMessage("nb.ipynb, cell 1: \"metadata.tags\" must be a list of strings");
        assertThatThrownBy(() -> NotebookReader.read(Path.of("/no/such/file.ipynb")))
                .hasMessage("/no/such/file.ipynb: no such notebook file");
    }
}
