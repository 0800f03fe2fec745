package io.jfairing.runtime.widgets;

/** A one-line text box ({@code TextModel}). */
public final class Text extends ValueWidget<String> {
    public Text(String description, String value) {
        super("TextModel", "TextView", "TextStyleModel", description, value);
        init("placeholder", "");
        init("continuous_update", true);
    }

    @Override
    protected String convert(Object fromPage) {
        return String.valueOf(fromPage);
    }
}
