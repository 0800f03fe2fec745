package io.jfairing.kernel.spi;

/** A {@code %name args} line in a cell. */
@FunctionalInterface
public interface LineMagic {
    /**
     * Runs the magic. A non-null result is the cell's result when the magic is the cell's last part.
     * Throw {@link CellException} (or {@link MagicUsageException}) for errors the user should fix.
     */
    Object run(MagicCall call) throws Exception;
}
