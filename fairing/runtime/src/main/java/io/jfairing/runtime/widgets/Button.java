package io.jfairing.runtime.widgets;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A button ({@code ButtonModel}); {@link #onClick} handlers run in the kernel when it is clicked in the page. */
public final class Button extends DomWidget {
    private final List<Consumer<Button>> handlers = new CopyOnWriteArrayList<>();

    public Button(String description) {
        super("ButtonModel", "ButtonView", "ButtonStyleModel");
        init("description", description);
        init("disabled", false);
        init("button_style", "");
        init("icon", "");
    }

    public Button onClick(Consumer<Button> handler) {
        handlers.add(handler);
        return this;
    }

    @Override
    protected void onCustom(java.util.Map<?, ?> content) {
        if ("click".equals(content.get("event"))) {
            handlers.forEach(h -> h.accept(this));
        }
    }

    @Override
    protected String text() {
        return "[" + get("description") + "]";
    }
}
