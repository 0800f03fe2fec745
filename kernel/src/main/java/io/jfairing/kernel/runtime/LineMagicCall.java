package io.jfairing.kernel.runtime;

/**
 * What a line magic used as an expression in a cell's code calls ({@code List<String> jars = %jars *.jar}, as
 * in IJava): the kernel rewrites the magic into {@link #call(String, String)}, which runs it and returns its value.
 */
public final class LineMagicCall {
    private static volatile Runner runner;

    private LineMagicCall() {}

    /** How the kernel runs a line magic whose value code takes. */
    @FunctionalInterface
    public interface Runner {
        Object run(String name, String arguments) throws Exception;
    }

    /** Sets the kernel's runner; the latest session's wins. */
    public static void attach(Runner kernelRunner) {
        runner = kernelRunner;
    }

    /** Runs {@code %name arguments} and returns its value, typed as the code that takes it expects. */
    @SuppressWarnings("unchecked")
    public static <T> T call(String name, String arguments) {
        Runner current = runner;
        if (current == null) {
            throw new Failed("%" + name + " can only run in the jfairing kernel");
        }
        try {
            return (T) current.run(name, arguments);
        } catch (Failed | Error e) {
            throw e;
        } catch (Exception e) {
            String message = String.valueOf(e.getMessage());
            throw new Failed(message.startsWith("%" + name) ? message : "%" + name + ": " + message);
        }
    }

    /** A magic used as an expression failed; the cell fails with the magic's message. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }
}
