package io.jfairing.runtime.widgets;

/** A check box ({@code CheckboxModel}). */
public final class Checkbox extends ValueWidget<Boolean> {
    public Checkbox(String description, boolean value) {
        super("CheckboxModel", "CheckboxView", "CheckboxStyleModel", description, value);
        init("indent", true);
    }

    @Override
    protected Boolean convert(Object fromPage) {
        return Boolean.TRUE.equals(fromPage);
    }
}
