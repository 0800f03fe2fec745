package io.jfairing.runtime.widgets;

import java.util.List;
import java.util.stream.Collectors;

/** Widgets laid out in a column ({@link #vertical}, {@code VBoxModel}) or a row ({@link #horizontal}, {@code HBoxModel}). */
public final class Box extends DomWidget {
    private final List<Widget> children;

    private Box(String model, String view, List<Widget> children) {
        super(model, view, null);
        this.children = List.copyOf(children);
        init("box_style", "");
    }

    public static Box vertical(Widget... children) {
        return new Box("VBoxModel", "VBoxView", List.of(children));
    }

    public static Box horizontal(Widget... children) {
        return new Box("HBoxModel", "HBoxView", List.of(children));
    }

    public List<Widget> children() {
        return children;
    }

    @Override
    protected void beforeOpen() {
        super.beforeOpen();
        init("children", children.stream().map(Widget::reference).toList());
    }

    @Override
    protected String text() {
        return children.stream().map(Widget::toString).collect(Collectors.joining("\n"));
    }
}
