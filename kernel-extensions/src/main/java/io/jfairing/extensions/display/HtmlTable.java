package io.jfairing.extensions.display;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.ArrayList;
import java.util.List;

/**
 * A table shown as HTML, with an aligned plain-text version for frontends without HTML (nbconvert to text, logs).
 * Immutable; cells are strings, escaped when rendered.
 */
public record HtmlTable(String caption, List<String> header, List<List<String>> rows) {
    public HtmlTable {
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

    public String toHtml() {
        StringBuilder out = new StringBuilder("<table class=\"jfairing-table\">");
        if (caption != null && !caption.isEmpty()) {
            out.append("<caption style=\"text-align:left\">")
                    .append(Html.escape(caption))
                    .append("</caption>");
        }
        out.append("<thead><tr>");
        header.forEach(h -> out.append("<th style=\"text-align:left\">")
                .append(Html.escape(h))
                .append("</th>"));
        out.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            out.append("<tr>");
            row.forEach(v -> out.append("<td style=\"text-align:left\">")
                    .append(Html.escape(v))
                    .append("</td>"));
            out.append("</tr>");
        }
        return out.append("</tbody></table>").toString();
    }

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

    public DisplayData toDisplayData() {
        DisplayData data = new DisplayData(toText());
        data.putData(MIMEType.TEXT_HTML, toHtml());
        return data;
    }
}
