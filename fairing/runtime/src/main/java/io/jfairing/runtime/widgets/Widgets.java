package io.jfairing.runtime.widgets;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Interactive widgets in cells (statically imported like the display API): {@code intSlider("epochs", 1, 100, 10)},
 * {@code button("Train").onClick(b -> ...)}, {@code vbox(..)}, and {@code interact(fn, controls...)}, which shows
 * the controls and {@code fn}'s value below them, recomputed whenever a control changes in the page.
 */
public final class Widgets {
    private static volatile WidgetTransport transport;

    private Widgets() {}

    /** Connects widgets to a frontend (the kernel does); null disconnects, and widgets become plain text. */
    public static void attach(WidgetTransport target) {
        transport = target;
    }

    static WidgetTransport transport() {
        return transport;
    }

    /** Whether widgets shown now render in the page: connected to a frontend whose widget manager is there. */
    public static boolean rendered() {
        WidgetTransport t = transport;
        return t != null && t.frontendRendersWidgets();
    }

    /** A line of text ({@code LabelModel}) that code changes with {@link Label#setValue}. */
    public static Label label(String value) {
        return new Label(value);
    }

    public static IntSlider intSlider(String description, int min, int max, int value) {
        return new IntSlider(description, min, max, value);
    }

    public static FloatSlider floatSlider(String description, double min, double max, double step, double value) {
        return new FloatSlider(description, min, max, step, value);
    }

    public static Text textBox(String description, String value) {
        return new Text(description, value);
    }

    public static Dropdown dropdown(String description, List<String> options, String value) {
        return new Dropdown(description, options, value);
    }

    public static Checkbox checkbox(String description, boolean value) {
        return new Checkbox(description, value);
    }

    public static Button button(String description) {
        return new Button(description);
    }

    public static IntProgress progress(String description, int max) {
        return new IntProgress(description, 0, max);
    }

    public static Output output() {
        return new Output();
    }

    public static Box vbox(Widget... children) {
        return Box.vertical(children);
    }

    public static Box hbox(Widget... children) {
        return Box.horizontal(children);
    }

    /** {@code control} and, below it, {@code fn} of its value, recomputed each time the value changes in the page. */
    public static <T> Box interact(Function<T, ?> fn, ValueWidget<T> control) {
        return interact(() -> fn.apply(control.getValue()), control);
    }

    /** The controls and, below them, {@code fn}'s value, recomputed whenever one of them changes in the page. */
    public static Box interact(Supplier<?> fn, Widget... controls) {
        Output out = new Output();
        Runnable refresh = () -> {
            try {
                out.show(fn.get());
            } catch (RuntimeException e) {
                out.show(e.toString());
            }
        };
        for (Widget control : controls) {
            control.observe(control instanceof Dropdown ? "index" : "value", v -> refresh.run());
        }
        refresh.run();
        Widget[] children = new Widget[controls.length + 1];
        System.arraycopy(controls, 0, children, 0, controls.length);
        children[controls.length] = out;
        return Box.vertical(children);
    }
}
