package io.jfairing.runtime.widgets;

import java.util.List;
import java.util.function.Consumer;

/** A choice of one of several labels ({@code DropdownModel}); the page sends the chosen {@code index}. */
public final class Dropdown extends DomWidget {
    private final List<String> options;

    public Dropdown(String description, List<String> options, String value) {
        super("DropdownModel", "DropdownView", "DescriptionStyleModel");
        if (options.isEmpty()) {
            throw new IllegalArgumentException("a dropdown needs at least one option");
        }
        this.options = List.copyOf(options);
        int index = options.indexOf(value);
        if (value != null && index < 0) {
            throw new IllegalArgumentException("'" + value + "' is not one of the options " + options);
        }
        init("description", description == null ? "" : description);
        init("description_allow_html", false);
        init("disabled", false);
        init("_options_labels", this.options);
        init("index", Math.max(index, 0));
    }

    public String getValue() {
        return options.get(((Number) get("index")).intValue());
    }

    public Dropdown setValue(String value) {
        int index = options.indexOf(value);
        if (index < 0) {
            throw new IllegalArgumentException("'" + value + "' is not one of the options " + options);
        }
        set("index", index);
        return this;
    }

    /** Runs {@code listener} with the label chosen in the page. */
    public Dropdown onChange(Consumer<String> listener) {
        observe("index", i -> listener.accept(getValue()));
        return this;
    }

    @Override
    protected Object fromPage(String name, Object value) {
        return name.equals("index") && value instanceof Number n ? n.intValue() : value;
    }

    @Override
    protected String text() {
        return get("description") + "=" + getValue();
    }
}
