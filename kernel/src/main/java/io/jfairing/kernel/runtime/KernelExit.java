package io.jfairing.kernel.runtime;

/**
 * What {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} in a cell's own code call
 * instead, so that notebook code written for a command line does not end the kernel. Outside a kernel
 * (a training job) the calls are not rewritten and exit as usual.
 */
public final class KernelExit {
    private KernelExit() {}

    public static void exit(int status) {
        throw new ExitRequested(status);
    }

    public static void exit(Runtime runtime, int status) {
        throw new ExitRequested(status);
    }

    /** Thrown in place of exiting the JVM: the cell ends, the kernel goes on. */
    public static final class ExitRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int status;

        public ExitRequested(int status) {
            super("the cell called System.exit(" + status + "); the kernel keeps running (restart it to start afresh)");
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
