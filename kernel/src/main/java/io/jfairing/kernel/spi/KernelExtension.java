package io.jfairing.kernel.spi;

/**
 * A kernel extension, found with {@link java.util.ServiceLoader} on the kernel's class path or in jars
 * that {@code %maven} or {@code %jars} add. List the implementation in
 * {@code META-INF/services/io.jfairing.kernel.spi.KernelExtension}.
 */
public interface KernelExtension {
    /** Registers the extension's magics, renderers and hooks. Called once per kernel session. */
    void load(KernelContext context) throws Exception;
}
