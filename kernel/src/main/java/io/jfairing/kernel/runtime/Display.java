package io.jfairing.kernel.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What a cell can call to show rich output. Statically imported into every session, so a cell can
 * write {@code display(chart)}, {@code updateDisplay(id, table(...))} or {@code clearOutput()}.
 * Outside a kernel (plain Java, a training job) the calls print text to standard output.
 */
public final class Display {
    private static volatile DisplaySink sink;

    private Display() {
    }

    /** Connects the calls to a kernel. Called by the kernel at start-up. */
    public static void attach(DisplaySink kernelSink) {
        sink = kernelSink;
    }

    /**
     * Shows {@code value} below the cell and returns its display id, for {@link #updateDisplay} (as in IJava).
     * A cell that ends with this call shows the output only, not the id.
     */
    public static String display(Object value) {
        return display(value, new String[0]);
    }

    /** Shows {@code value} rendered only as the given MIME types, e.g. {@code display(chart, "image/svg+xml")}. */
    public static String display(Object value, String... mimeTypes) {
        DisplaySink target = sink;
        if (target == null) {
            System.out.println(value);
            return "";
        }
        return target.display(value, mimeTypes);
    }

    /** Replaces what the display with this id shows in place, for progress bars and live tables. */
    public static void updateDisplay(String displayId, Object value) {
        DisplaySink target = sink;
        if (target == null) {
            System.out.println(value);
            return;
        }
        target.updateDisplay(displayId, value);
    }

    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the cell's output; with {@code wait}, only when new output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        DisplaySink target = sink;
        if (target != null) {
            target.clearOutput(wait);
        }
    }

    /** Shows {@code value} in the frontend's pager (a panel beside the notebook), not in the cell. */
    public static void page(Object value) {
        DisplaySink target = sink;
        if (target == null) {
            System.out.println(value);
            return;
        }
        target.page(value);
    }

    public static DisplayData html(String html) {
        return bundle("text/html", html, "HTML");
    }

    public static DisplayData markdown(String markdown) {
        return bundle("text/markdown", markdown, markdown);
    }

    public static DisplayData svg(String svg) {
        return bundle("image/svg+xml", svg, "SVG image");
    }

    public static DisplayData latex(String latex) {
        return bundle("text/latex", latex, latex);
    }

    /** A PNG image from its bytes. */
    public static DisplayData png(byte[] png) {
        return bundle("image/png", Base64.getEncoder().encodeToString(png), "PNG image (" + png.length + " bytes)");
    }

    public static Table table(List<String> header, List<? extends List<?>> rows) {
        @SuppressWarnings("unchecked")
        List<List<Object>> cells = (List<List<Object>>) (List<?>) rows;
        return new Table(header, cells);
    }

    public static Table table(List<? extends Map<String, ?>> records) {
        return Table.ofRecords(records);
    }

    private static DisplayData bundle(String mime, String content, String plain) {
        DisplayData data = new DisplayData(plain);
        data.putData(mime, content);
        return data;
    }

    /** The kernel side of {@link Display}. */
    public interface DisplaySink {
        String display(Object value, String... mimeTypes);

        void updateDisplay(String displayId, Object value);

        void clearOutput(boolean wait);

        void page(Object value);
    }
}
