package io.jfairing.kernel.spi;

import io.github.spencerpark.jupyter.kernel.display.Renderer;

/** What an extension may use: magic and hook registration, rendering, and the session's state. */
public interface KernelContext {
    void registerLineMagic(String name, LineMagic magic);

    void registerCellMagic(String name, CellMagic magic);

    /** Runs {@code hook} around every cell from now on. */
    void addCellHook(CellHook hook);

    /** The renderer that turns cell values into MIME bundles; register renderers for your types here. */
    Renderer renderer();

    Session session();

    /**
     * Adds a section to what the jfairing JupyterLab panel can ask this kernel: {@code source} gets the panel's
     * request (its {@code request} name and arguments) and returns JSON-like data (maps, lists, strings, numbers).
     */
    default void addPanelSection(
            String name, java.util.function.Function<java.util.Map<String, Object>, Object> source) {
        throw new UnsupportedOperationException("this kernel has no jfairing panel");
    }

    /**
     * Tells the jfairing panels open on this kernel that section {@code name} changed: they get its new answer
     * without asking, also while a cell runs (when the panel's own requests wait for the cell). Safe from any thread;
     * the section is then also answered off the shell thread, so it must be safe to read while a cell runs.
     */
    default void panelSectionChanged(String name) {}
}
