package io.jfairing.runtime.widgets;

/** A slider of decimal numbers ({@code FloatSliderModel}). */
public final class FloatSlider extends ValueWidget<Double> {
    public FloatSlider(String description, double min, double max, double step, double value) {
        super("FloatSliderModel", "FloatSliderView", "SliderStyleModel", description, value);
        init("min", min);
        init("max", max);
        init("step", step);
        init("orientation", "horizontal");
        init("readout", true);
        init("readout_format", ".2f");
        init("continuous_update", true);
        init("behavior", "drag-tap");
    }

    @Override
    protected Double convert(Object fromPage) {
        return ((Number) fromPage).doubleValue();
    }
}
