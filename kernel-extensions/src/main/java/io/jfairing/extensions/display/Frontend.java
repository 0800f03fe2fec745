package io.jfairing.extensions.display;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/**
 * Where the magics show things: a display that can be updated in place (a progress bar, a status line) and plain
 * text that streams into the cell. One implementation per kernel: {@link KernelFrontend} for jfairing's kernel;
 * IJava gets its own through basekernel.
 */
public interface Frontend {
    /** Shows {@code data} below the cell and returns its display id. */
    String display(DisplayData data);

    /** Replaces what display {@code id} shows. */
    void update(String id, DisplayData data);

    /**
     * Shows a live widget below the cell when the frontend renders widgets (JupyterLab's widget manager is there);
     * returns false, showing nothing, when it does not: then show a display instead.
     */
    default boolean showWidget(io.jfairing.runtime.widgets.Widget widget) {
        return false;
    }

    /** Prints one line into the cell's stdout. */
    default void println(String line) {
        System.out.println(line);
    }
}
