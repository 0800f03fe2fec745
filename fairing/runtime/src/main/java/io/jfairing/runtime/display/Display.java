package io.jfairing.runtime.display;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What a cell can call to show rich output, the same in the kernel and in an image: statically imported into every
 * kernel session and into notebook code compiled for an image, so a cell can write {@code display(chart)},
 * {@code updateDisplay(id, table(...))} or {@code clearOutput()}. java.base only.
 *
 * <p>The calls go to a {@link DisplaySink}: the kernel attaches one that sends Jupyter messages, the image's runner
 * one that records the executed notebook's outputs and prints their text to the log. With none attached (plain
 * Java, a training job) they print the value's text form to standard output.
 */
public final class Display {
    private static volatile DisplaySink sink;

    private Display() {}

    /** Connects the calls to a kernel or a runner; null disconnects. */
    public static void attach(DisplaySink target) {
        sink = target;
    }

    /**
     * Shows {@code value} below the cell and returns its display id, for {@link #updateDisplay} (as in IJava).
     * A cell that ends with this call shows the output only, not the id.
     */
    public static String display(Object value) {
        return display(value, new String[0]);
    }

    /** Shows {@code value} rendered only as the given MIME types (and {@code text/plain}), e.g. {@code "image/svg+xml"}. */
    public static String display(Object value, String... mimeTypes) {
        DisplaySink target = sink;
        if (target == null) {
            System.out.println(render(value, mimeTypes));
            return "";
        }
        return target.display(value, mimeTypes);
    }

    /** Replaces what the display with this id shows in place, for progress bars and live tables. */
    public static void updateDisplay(String displayId, Object value) {
        DisplaySink target = sink;
        if (target == null) {
            System.out.println(render(value));
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

    /** Shows {@code value} in the frontend's pager (a panel beside the notebook), not in the cell; in an image, the log. */
    public static void page(Object value) {
        DisplaySink target = sink;
        if (target == null) {
            System.out.println(render(value));
            return;
        }
        target.page(value);
    }

    public static MimeBundle html(String html) {
        return MimeBundle.of("text/html", html, "HTML");
    }

    public static MimeBundle markdown(String markdown) {
        return MimeBundle.of("text/markdown", markdown, markdown);
    }

    public static MimeBundle svg(String svg) {
        return MimeBundle.of("image/svg+xml", svg, "SVG image");
    }

    public static MimeBundle latex(String latex) {
        return MimeBundle.of("text/latex", latex, latex);
    }

    /** A PNG image from its bytes. */
    public static MimeBundle png(byte[] png) {
        return MimeBundle.of(
                "image/png", Base64.getEncoder().encodeToString(png), "PNG image (" + png.length + " bytes)");
    }

    public static Table table(List<String> header, List<? extends List<?>> rows) {
        @SuppressWarnings("unchecked")
        List<List<Object>> cells = (List<List<Object>>) (List<?>) rows;
        return new Table(header, cells);
    }

    public static Table table(List<? extends Map<String, ?>> records) {
        return Table.ofRecords(records);
    }

    /**
     * The MIME bundle of a value, {@code text/plain} first: a {@link Renderable}'s own (as it is when no type is
     * asked for; else {@code text/plain} and the asked types), else the value's text form.
     */
    public static MimeBundle render(Object value, String... mimeTypes) {
        if (value instanceof MimeBundle bundle) {
            return bundle; // as the kernel: a bundle is shown as it is
        }
        if (value instanceof Renderable renderable) {
            return renderable.toMimeBundle().only(mimeTypes);
        }
        return MimeBundle.of(Map.of("text/plain", ValueText.of(value)));
    }

    /** Whether a value has more than a text form (then a cell's result shows its {@link MimeBundle}). */
    public static boolean isRich(Object value) {
        return value instanceof Renderable;
    }

    /** Where the calls go: the kernel, or the image's runner. */
    public interface DisplaySink {
        String display(Object value, String... mimeTypes);

        void updateDisplay(String displayId, Object value);

        void clearOutput(boolean wait);

        void page(Object value);
    }
}
