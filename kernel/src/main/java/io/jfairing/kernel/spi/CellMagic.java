package io.jfairing.kernel.spi;

/** A cell that starts with {@code %%name args}; the rest of the cell is the body. */
@FunctionalInterface
public interface CellMagic {
    Object run(MagicCall call, String body) throws Exception;
}
