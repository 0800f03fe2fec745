package io.jfairing.extensions.display;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.jfairing.runtime.display.Display;

/** The {@link Frontend} of jfairing's kernel: its {@link Display} runtime. */
public final class KernelFrontend implements Frontend {
    @Override
    public String display(DisplayData data) {
        return Display.display(data);
    }

    @Override
    public boolean showWidget(io.jfairing.runtime.widgets.Widget widget) {
        if (!io.jfairing.runtime.widgets.Widgets.rendered()) {
            return false;
        }
        Display.display(widget);
        return true;
    }

    @Override
    public void update(String id, DisplayData data) {
        Display.updateDisplay(id, data);
    }
}
