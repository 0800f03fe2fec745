package io.jfairing.runtime.runner;

import io.jfairing.runtime.json.JsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The executed notebook, papermill style: every cell with its outputs, as nbformat 4 JSON. */
public final class ExecutedNotebook {
    /** The tag of the cell that lets tuning trials override parameters (NotebookCell.TUNED_PARAMETERS). */
    static final String TUNED_PARAMETERS = "tuned-parameters";

    private ExecutedNotebook() {}

    public static String toJson(Program program, NotebookRunner.Outcome outcome) {
        List<Object> cells = new ArrayList<>();
        List<Program.Cell> programCells = program.cells();
        for (int i = 0; i < programCells.size(); i++) {
            Program.Cell cell = programCells.get(i);
            if (cell.tags().contains(TUNED_PARAMETERS)) {
                continue; // jfairing's plumbing for tuning trials, not the user's notebook
            }
            NotebookRunner.CellOutput output =
                    i < outcome.cells().size() ? outcome.cells().get(i) : null;
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("cell_type", cell.type());
            if (cell.isCode()) {
                json.put("execution_count", output == null ? null : output.executionCount());
            }
            json.put("metadata", cell.tags().isEmpty() ? Map.of() : Map.of("tags", cell.tags()));
            if (cell.isCode()) {
                json.put("outputs", outputs(output));
            }
            json.put("source", lines(cell.source()));
            cells.add(json);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("notebook", program.notebook());
        run.put("status", outcome.failed() ? "failed" : "completed");
        if (outcome.failed()) {
            run.put("error", outcome.failure().summary());
        }
        run.put("parameters", program.parameters());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("jfairing", run);
        metadata.put(
                "kernelspec",
                JsonCodec.fields("display_name", "Java (jfairing)", "language", "java", "name", "jfairing"));
        metadata.put("language_info", JsonCodec.fields("file_extension", ".jshell", "name", "java"));
        return JsonCodec.writeIndented(
                        JsonCodec.fields("cells", cells, "metadata", metadata, "nbformat", 4, "nbformat_minor", 4))
                + "\n";
    }

    private static List<Object> outputs(NotebookRunner.CellOutput output) {
        List<Object> items = new ArrayList<>();
        if (output == null) {
            return items;
        }
        for (NotebookRunner.Output item : output.outputs()) {
            if (item instanceof NotebookRunner.StreamOutput stream) {
                items.add(
                        JsonCodec.fields("name", stream.name(), "output_type", "stream", "text", lines(stream.text())));
            } else if (item instanceof NotebookRunner.DisplayOutput display) {
                items.add(JsonCodec.fields(
                        "data", bundle(display.data()), "metadata", Map.of(), "output_type", "display_data"));
            }
        }
        if (output.result() != null) {
            Map<String, String> data = new LinkedHashMap<>();
            data.put("text/plain", output.result());
            data.putAll(output.resultData());
            data.put("text/plain", output.result());
            items.add(JsonCodec.fields(
                    "data",
                    bundle(data),
                    "execution_count",
                    output.executionCount(),
                    "metadata",
                    Map.of(),
                    "output_type",
                    "execute_result"));
        }
        if (output.failure() != null) {
            NotebookRunner.Failure failure = output.failure();
            items.add(JsonCodec.fields(
                    "ename",
                    failure.name(),
                    "evalue",
                    String.valueOf(failure.value()),
                    "output_type",
                    "error",
                    "traceback",
                    failure.traceback()));
        }
        return items;
    }

    /** A MIME bundle as nbformat keeps it: each form as its lines. */
    private static Map<String, Object> bundle(Map<String, String> data) {
        Map<String, Object> json = new LinkedHashMap<>();
        data.forEach((type, content) -> json.put(type, lines(content)));
        return json;
    }

    /** nbformat's multi-line string: lines that keep their {@code \n}, the last without. */
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                lines.add(text.substring(start));
                break;
            }
            lines.add(text.substring(start, end + 1));
            start = end + 1;
        }
        return lines;
    }
}
