package io.jfairing.runtime.widgets;

/**
 * A widget with a view in the page: a layout model and, for controls, a style model (as ipywidgets' DOMWidget and
 * DescriptionWidget), opened before it.
 */
public abstract class DomWidget extends Widget {
    private final Widget layout = new Part(BASE, "LayoutModel", "LayoutView");
    private final Widget style;

    /** A control of {@code model}/{@code view} in the controls module, styled by {@code styleModel} (or none). */
    protected DomWidget(String model, String view, String styleModel) {
        this(CONTROLS, VERSION, model, view, styleModel);
    }

    protected DomWidget(String module, String version, String model, String view, String styleModel) {
        super(module, version, model, module, version, view);
        this.style = styleModel == null ? null : new Part(CONTROLS, styleModel, "StyleView");
        init("_dom_classes", java.util.List.of());
        init("tabbable", null);
        init("tooltip", null);
    }

    @Override
    protected void beforeOpen() {
        init("layout", reference(layout));
        if (style != null) {
            init("style", reference(style));
        }
    }

    /** A layout or style model. */
    private static final class Part extends Widget {
        Part(String module, String model, String view) {
            super(module, VERSION, model, BASE, VERSION, view);
        }
    }
}
