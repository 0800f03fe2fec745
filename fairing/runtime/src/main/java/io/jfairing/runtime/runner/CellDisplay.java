package io.jfairing.runtime.runner;

import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The kernel's display API in the image: the same static methods ({@code display}, {@code updateDisplay},
 * {@code clearOutput}, {@code page}, {@code html}, {@code markdown}, {@code svg}, {@code latex}, {@code png},
 * {@code table}), statically imported into notebook code at build time as the kernel imports its own, so the
 * same notebook compiles unchanged. java.base only: it ships in the runner layer.
 *
 * <p>In the runner a display prints its {@code text/plain} form on standard output (the container log) and goes
 * into the executed notebook as {@code display_data} with its MIME bundle; {@code updateDisplay} replaces that
 * output, {@code clearOutput} clears the cell's outputs so far. Outside the runner the calls print text.
 */
public final class CellDisplay {
    /**
     * The run's {@link DisplayRecorder}, typed with java.base types only: the notebook's classes may see a copy of
     * this class from another class loader than the runner's (the runner connects that copy by reflection).
     */
    private static volatile BiFunction<String, Object, Object> recorder;

    private CellDisplay() {
    }

    /** Connects the calls to a run; null disconnects. */
    static void attach(BiFunction<String, Object, Object> runRecorder) {
        recorder = runRecorder;
    }

    /** The MIME bundle of a cell's result when it has more than text, else null (for the runner). */
    static Map<String, String> richData(Object value) {
        return isRich(value) ? bundle(value) : null;
    }

    /**
     * Shows {@code value} below the cell and returns its display id, for {@link #updateDisplay}. A cell that ends
     * with this call shows the output only, not the id.
     */
    public static String display(Object value) {
        return display(value, new String[0]);
    }

    /** Shows {@code value} rendered only as the given MIME types (and {@code text/plain}). */
    public static String display(Object value, String... mimeTypes) {
        Map<String, String> bundle = bundle(value, mimeTypes);
        BiFunction<String, Object, Object> target = recorder;
        if (target == null) {
            System.out.println(bundle.get("text/plain"));
            return "";
        }
        return (String) target.apply(DisplayRecorder.DISPLAY, bundle);
    }

    /** Replaces what the display with this id shows. */
    public static void updateDisplay(String displayId, Object value) {
        Map<String, String> bundle = bundle(value);
        BiFunction<String, Object, Object> target = recorder;
        if (target == null) {
            System.out.println(bundle.get("text/plain"));
            return;
        }
        target.apply(DisplayRecorder.UPDATE, new Object[] {displayId, bundle});
    }

    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the cell's outputs; with {@code wait}, only when the next output arrives. */
    public static void clearOutput(boolean wait) {
        BiFunction<String, Object, Object> target = recorder;
        if (target != null) {
            target.apply(DisplayRecorder.CLEAR, wait);
        }
    }

    /** The kernel's pager: in the image, the text is printed to the log only. */
    public static void page(Object value) {
        String text = bundle(value).get("text/plain");
        BiFunction<String, Object, Object> target = recorder;
        if (target == null) {
            System.out.println(text);
            return;
        }
        target.apply(DisplayRecorder.LOG, text);
    }

    public static RichOutput html(String html) {
        return new RichOutput("text/html", html, "HTML");
    }

    public static RichOutput markdown(String markdown) {
        return new RichOutput("text/markdown", markdown, markdown);
    }

    public static RichOutput svg(String svg) {
        return new RichOutput("image/svg+xml", svg, "SVG image");
    }

    public static RichOutput latex(String latex) {
        return new RichOutput("text/latex", latex, latex);
    }

    /** A PNG image from its bytes. */
    public static RichOutput png(byte[] png) {
        return new RichOutput("image/png", Base64.getEncoder().encodeToString(png), "PNG image (" + png.length + " bytes)");
    }

    public static TableOutput table(List<String> header, List<? extends List<?>> rows) {
        @SuppressWarnings("unchecked")
        List<List<Object>> cells = (List<List<Object>>) (List<?>) rows;
        return new TableOutput(header, cells);
    }

    public static TableOutput table(List<? extends Map<String, ?>> records) {
        return TableOutput.ofRecords(records);
    }

    /** The MIME bundle of a value, {@code text/plain} first (and always there). */
    static Map<String, String> bundle(Object value, String... mimeTypes) {
        Map<String, String> all = new LinkedHashMap<>();
        if (value instanceof RichOutput rich) {
            all.putAll(rich.data()); // as the kernel: a bundle is shown as it is
            return all;
        }
        if (value instanceof TableOutput table) {
            all.put("text/plain", table.toText());
            all.put("text/html", table.toHtml());
        } else {
            all.put("text/plain", String.valueOf(value));
        }
        if (mimeTypes.length > 0) {
            List<String> wanted = Arrays.asList(mimeTypes);
            all.keySet().removeIf(type -> !type.equals("text/plain") && !wanted.contains(type));
        }
        return all;
    }

    /** Whether a value has more than a text form. */
    static boolean isRich(Object value) {
        return value instanceof RichOutput || value instanceof TableOutput;
    }
}
