package io.jfairing.runtime.widgets;

/** A slider of whole numbers ({@code IntSliderModel}). */
public final class IntSlider extends ValueWidget<Integer> {
    public IntSlider(String description, int min, int max, int value) {
        super("IntSliderModel", "IntSliderView", "SliderStyleModel", description, value);
        init("min", min);
        init("max", max);
        init("step", 1);
        init("orientation", "horizontal");
        init("readout", true);
        init("readout_format", "d");
        init("continuous_update", true);
        init("behavior", "drag-tap");
    }

    @Override
    protected Integer convert(Object fromPage) {
        return ((Number) fromPage).intValue();
    }
}
