package io.jfairing.fairing.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a {@link Notebook} as an nbformat 4.4 {@code .ipynb} (no outputs), the same bytes for the same notebook. */
public final class NotebookWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NotebookWriter() {}

    public static void write(Notebook notebook, Path file) throws IOException {
        Files.writeString(file, toJson(notebook));
    }

    public static String toJson(Notebook notebook) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode cells = root.putArray("cells");
        for (NotebookCell cell : notebook.cells()) {
            ObjectNode node = cells.addObject();
            node.put("cell_type", cell.type().jsonName());
            if (cell.isCode()) {
                node.putNull("execution_count");
            }
            ObjectNode metadata = node.putObject("metadata");
            if (!cell.tags().isEmpty()) {
                ArrayNode tags = metadata.putArray("tags");
                cell.tags().forEach(tags::add);
            }
            if (cell.isCode()) {
                node.putArray("outputs");
            }
            ArrayNode source = node.putArray("source");
            sourceLines(cell.source()).forEach(source::add);
        }
        ObjectNode metadata = root.putObject("metadata");
        ObjectNode kernelspec = metadata.putObject("kernelspec");
        kernelspec.put("display_name", "Java (jfairing)");
        kernelspec.put("language", "java");
        kernelspec.put("name", "jfairing");
        ObjectNode language = metadata.putObject("language_info");
        language.put("name", "java");
        language.put("file_extension", ".jshell");
        root.put("nbformat", 4);
        root.put("nbformat_minor", 4);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** nbformat's multi-line string: lines that keep their {@code \n}, the last without (as the runner writes them). */
    static java.util.List<String> sourceLines(String text) {
        return io.jfairing.runtime.runner.ExecutedNotebook.lines(text);
    }
}
