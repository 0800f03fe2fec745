package io.jfairing.runtime.widgets;

/** A line of text ({@code LabelModel}) shown beside other widgets, e.g. what a progress bar is doing. */
public final class Label extends ValueWidget<String> {
    public Label(String value) {
        super("LabelModel", "LabelView", "LabelStyleModel", "", value);
    }

    @Override
    protected String convert(Object fromPage) {
        return String.valueOf(fromPage);
    }

    @Override
    protected String text() {
        return getValue();
    }
}
