package io.jfairing.runtime.widgets;

import java.util.function.Consumer;

/** A control with a description and a {@code value} of type {@code T} that the page can change. */
public abstract class ValueWidget<T> extends DomWidget {
    protected ValueWidget(String model, String view, String styleModel, String description, T value) {
        super(model, view, styleModel);
        init("description", description == null ? "" : description);
        init("description_allow_html", false);
        init("disabled", false);
        init("value", value);
    }

    @SuppressWarnings("unchecked")
    public T getValue() {
        return (T) get("value");
    }

    public ValueWidget<T> setValue(T value) {
        set("value", value);
        return this;
    }

    /** Runs {@code listener} with each new value the page sets (a slider moved, text typed). */
    @SuppressWarnings("unchecked")
    public ValueWidget<T> onChange(Consumer<T> listener) {
        observe("value", v -> listener.accept((T) v));
        return this;
    }

    /** The page sends JSON numbers, strings and booleans: the Java type of this widget's value. */
    protected abstract T convert(Object fromPage);

    @Override
    protected Object fromPage(String name, Object value) {
        return name.equals("value") && value != null ? convert(value) : value;
    }

    @Override
    protected String text() {
        return get("description") + "=" + getValue();
    }
}
