package io.jfairing.kernel.spi;

/** Code an extension runs before and after each cell. A hook that throws does not fail the cell. */
public interface CellHook {
    default void beforeCell(ExecutedCell cell) {}

    default void afterCell(ExecutedCell cell) {}
}
