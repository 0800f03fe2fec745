package io.jfairing.extensions.display;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.jfairing.fairing.cli.output.ResultTable;
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

    /** The aligned text form: the same as the command line prints for the same table. */
    public String toText() {
        return new ResultTable(caption, header, rows).toText();
    }

    public DisplayData toDisplayData() {
        DisplayData data = new DisplayData(toText());
        data.putData(MIMEType.TEXT_HTML, toHtml());
        return data;
    }
}
