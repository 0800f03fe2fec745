package io.jfairing.runtime.widgets;

/** A progress bar ({@code IntProgressModel}) that code moves with {@link #setValue}; {@code bar_style} shows the end. */
public final class IntProgress extends ValueWidget<Integer> {
    public IntProgress(String description, int min, int max) {
        super("IntProgressModel", "ProgressView", "ProgressStyleModel", description, min);
        init("min", min);
        init("max", max);
        init("orientation", "horizontal");
        init("bar_style", "");
    }

    /** {@code success}, {@code danger}, {@code info}, {@code warning} or empty. */
    public void setBarStyle(String style) {
        set("bar_style", style);
    }

    @Override
    protected Integer convert(Object fromPage) {
        return ((Number) fromPage).intValue();
    }

    @Override
    protected String text() {
        return get("description") + " " + getValue() + "/" + get("max");
    }
}
