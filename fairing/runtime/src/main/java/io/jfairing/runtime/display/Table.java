package io.jfairing.runtime.display;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table of values made by {@link Display#table}: an HTML table in notebooks (the kernel's and an image's executed
 * one), aligned text elsewhere (the log). {@link #toString()} is the text form.
 *
 * @param header column names
 * @param rows rows of cells; {@code null} cells show as empty
 */
public record Table(List<String> header, List<List<Object>> rows) implements Renderable {
    public Table {
        header = List.copyOf(header);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<?> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = List.copyOf(copy);
    }

    /** A table whose columns are the union of the records' keys, in first-seen order. */
    public static Table ofRecords(List<? extends Map<String, ?>> records) {
        Set<String> columns = new LinkedHashSet<>();
        records.forEach(record -> columns.addAll(record.keySet()));
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, ?> record : records) {
            List<Object> row = new ArrayList<>();
            for (String column : columns) {
                row.add(record.get(column));
            }
            rows.add(row);
        }
        return new Table(new ArrayList<>(columns), rows);
    }

    public String toHtml() {
        StringBuilder html = new StringBuilder("<table>\n<thead><tr>");
        for (String name : header) {
            html.append("<th>").append(HtmlText.escape(name)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : rows) {
            html.append("<tr>");
            for (Object cell : row) {
                html.append("<td>")
                        .append(HtmlText.escape(cell == null ? "" : String.valueOf(cell)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table>").toString();
    }

    public String toText() {
        int columns = header.size();
        for (List<Object> row : rows) {
            columns = Math.max(columns, row.size());
        }
        int[] widths = new int[columns];
        List<List<String>> lines = new ArrayList<>();
        lines.add(new ArrayList<>(header));
        for (List<Object> row : rows) {
            List<String> line = new ArrayList<>();
            for (Object cell : row) {
                line.add(cell == null ? "" : String.valueOf(cell));
            }
            lines.add(line);
        }
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int l = 0; l < lines.size(); l++) {
            List<String> line = lines.get(l);
            for (int i = 0; i < columns; i++) {
                String cell = i < line.size() ? line.get(i) : "";
                text.append(i == 0 ? "" : "  ").append(cell).append(" ".repeat(widths[i] - cell.length()));
            }
            text.append('\n');
            if (l == 0) {
                for (int i = 0; i < columns; i++) {
                    text.append(i == 0 ? "" : "  ").append("-".repeat(Math.max(1, widths[i])));
                }
                text.append('\n');
            }
        }
        return text.toString().stripTrailing();
    }

    /** Its HTML form, with the text form as {@code text/plain}. */
    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.of("text/html", toHtml(), toText());
    }

    /** The text form, as the kernel shows a table's {@code text/plain}. */
    @Override
    public String toString() {
        return toText();
    }
}
