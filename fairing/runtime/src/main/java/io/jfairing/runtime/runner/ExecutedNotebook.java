package io.jfairing.runtime.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The executed notebook, papermill style: every cell with its outputs, as nbformat 4 JSON (no library needed). */
public final class ExecutedNotebook {
    /** The tag of the cell that lets tuning trials override parameters (NotebookCell.TUNED_PARAMETERS). */
    static final String TUNED_PARAMETERS = "tuned-parameters";

    private ExecutedNotebook() {
    }

    public static String toJson(Program program, NotebookRunner.Outcome outcome) {
        StringBuilder json = new StringBuilder("{\n \"cells\": [");
        List<Program.Cell> cells = program.cells();
        boolean firstCell = true;
        for (int i = 0; i < cells.size(); i++) {
            Program.Cell cell = cells.get(i);
            if (cell.tags().contains(TUNED_PARAMETERS)) {
                continue; // jfairing's plumbing for tuning trials, not the user's notebook
            }
            NotebookRunner.CellOutput output = i < outcome.cells().size() ? outcome.cells().get(i) : null;
            json.append(firstCell ? "\n" : ",\n").append("  {\n   \"cell_type\": ").append(string(cell.type()));
            firstCell = false;
            if (cell.isCode()) {
                json.append(",\n   \"execution_count\": ").append(output == null ? "null" : output.executionCount());
            }
            json.append(",\n   \"metadata\": {");
            if (!cell.tags().isEmpty()) {
                json.append("\"tags\": ").append(array(cell.tags()));
            }
            json.append("}");
            if (cell.isCode()) {
                json.append(",\n   \"outputs\": [").append(outputs(output)).append("]");
            }
            json.append(",\n   \"source\": ").append(array(lines(cell.source()))).append("\n  }");
        }
        json.append("\n ],\n \"metadata\": {\n");
        json.append("  \"jfairing\": {\"notebook\": ").append(string(program.notebook()))
                .append(", \"status\": ").append(string(outcome.failed() ? "failed" : "completed"));
        if (outcome.failed()) {
            json.append(", \"error\": ").append(string(outcome.failure().summary()));
        }
        json.append(", \"parameters\": {");
        boolean first = true;
        for (Map.Entry<String, String> parameter : program.parameters().entrySet()) {
            json.append(first ? "" : ", ").append(string(parameter.getKey())).append(": ").append(string(parameter.getValue()));
            first = false;
        }
        json.append("}},\n");
        json.append("  \"kernelspec\": {\"display_name\": \"Java (jfairing)\", \"language\": \"java\", \"name\": \"jfairing\"},\n");
        json.append("  \"language_info\": {\"file_extension\": \".jshell\", \"name\": \"java\"}\n");
        json.append(" },\n \"nbformat\": 4,\n \"nbformat_minor\": 4\n}\n");
        return json.toString();
    }

    private static String outputs(NotebookRunner.CellOutput output) {
        if (output == null) {
            return "";
        }
        List<String> items = new ArrayList<>();
        for (NotebookRunner.Output item : output.outputs()) {
            if (item instanceof NotebookRunner.StreamOutput stream) {
                items.add("{\"name\": " + string(stream.name()) + ", \"output_type\": \"stream\", \"text\": "
                        + array(lines(stream.text())) + "}");
            } else if (item instanceof NotebookRunner.DisplayOutput display) {
                items.add("{\"data\": " + bundle(display.data()) + ", \"metadata\": {}, \"output_type\": \"display_data\"}");
            }
        }
        if (output.result() != null) {
            Map<String, String> data = new LinkedHashMap<>();
            data.put("text/plain", output.result());
            data.putAll(output.resultData());
            data.put("text/plain", output.result());
            items.add("{\"data\": " + bundle(data) + ", \"execution_count\": "
                    + output.executionCount() + ", \"metadata\": {}, \"output_type\": \"execute_result\"}");
        }
        if (output.failure() != null) {
            NotebookRunner.Failure failure = output.failure();
            items.add("{\"ename\": " + string(failure.name()) + ", \"evalue\": " + string(String.valueOf(failure.value()))
                    + ", \"output_type\": \"error\", \"traceback\": " + array(failure.traceback()) + "}");
        }
        return "\n    " + String.join(",\n    ", items) + "\n   ";
    }

    private static String bundle(Map<String, String> data) {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> entry : data.entrySet()) {
            out.append(first ? "" : ", ").append(string(entry.getKey())).append(": ").append(array(lines(entry.getValue())));
            first = false;
        }
        return out.append('}').toString();
    }

    static List<String> lines(String text) {
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

    private static String array(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(string(items.get(i)));
        }
        return out.append(']').toString();
    }

    static String string(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
