package io.jfairing.fairing.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command answers with, the same for the magic (an HTML table in the cell) and the command line (aligned
 * text, or JSON with {@code --output json}). Immutable; cells are strings.
 *
 * <p>As JSON, a table whose header is two empty names (a list of properties) is one object of those properties; any
 * other table is an array with an object per row, keyed by the header.
 */
public record ResultTable(String caption, List<String> header, List<List<String>> rows) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ResultTable {
        header = List.copyOf(header);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(
                        "a row has " + row.size() + " cells; the header has " + header.size());
            }
            copy.add(row.stream().map(v -> v == null ? "" : v).toList());
        }
        rows = List.copyOf(copy);
    }

    /** A table of properties: name, value. */
    public static ResultTable properties(String caption, List<List<String>> rows) {
        return new ResultTable(caption, List.of("", ""), rows);
    }

    public boolean isProperties() {
        return header.size() == 2 && header.get(0).isEmpty() && header.get(1).isEmpty();
    }

    /** The rows as objects keyed by the header (a properties table: one object). */
    public Object toJsonValue() {
        if (isProperties()) {
            Map<String, String> object = new LinkedHashMap<>();
            rows.forEach(row -> object.put(row.get(0).strip(), row.get(1)));
            return object;
        }
        List<Map<String, String>> objects = new ArrayList<>();
        for (List<String> row : rows) {
            Map<String, String> object = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                object.put(header.get(i).isEmpty() ? "key" : header.get(i), row.get(i));
            }
            objects.add(object);
        }
        return objects;
    }

    public String toJson() {
        return json(toJsonValue());
    }

    /** {@code value} (maps, lists, strings, numbers) as indented JSON. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Caption, header, a rule and the rows, in columns. */
    public String toText() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        if (caption != null && !caption.isEmpty()) {
            out.append(caption).append('\n');
        }
        appendRow(out, header, widths);
        List<String> rule = new ArrayList<>();
        for (int w : widths) {
            rule.add("-".repeat(w));
        }
        appendRow(out, rule, widths);
        rows.forEach(row -> appendRow(out, row, widths));
        return out.toString().stripTrailing();
    }

    private static void appendRow(StringBuilder out, List<String> row, int[] widths) {
        for (int i = 0; i < row.size(); i++) {
            String v = row.get(i);
            out.append(v);
            if (i < row.size() - 1) {
                out.append(" ".repeat(widths[i] - v.length() + 2));
            }
        }
        out.append('\n');
    }
}
