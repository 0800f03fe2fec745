package io.jfairing.kernel.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} in a cell's own code call
 * instead, so that notebook code written for a command line does not end the kernel. Outside a kernel
 * (a training job) the calls are not rewritten and exit as usual.
 *
 * <p>The call ends the thread that made it: a cell fails with the message; a thread the cell started stops,
 * and the kernel reports that in the output of the running cell or of the next one ({@link #takeBackgroundExits()}).
 */
public final class KernelExit {
    private static final ConcurrentLinkedQueue<String> BACKGROUND_EXITS = new ConcurrentLinkedQueue<>();

    private KernelExit() {}

    public static void exit(int status) {
        throw request("System.exit(" + status + ")", status);
    }

    public static void exit(Runtime runtime, int status) {
        throw request("Runtime.getRuntime().exit(" + status + ")", status);
    }

    public static void halt(Runtime runtime, int status) {
        throw request("Runtime.getRuntime().halt(" + status + ")", status);
    }

    /** Reports of exits requested by threads other than a cell's own since the last call, oldest first. */
    public static List<String> takeBackgroundExits() {
        List<String> reports = new ArrayList<>();
        for (String report = BACKGROUND_EXITS.poll(); report != null; report = BACKGROUND_EXITS.poll()) {
            reports.add(report);
        }
        return reports;
    }

    private static ExitRequested request(String call, int status) {
        if (isCellThread()) {
            return new ExitRequested(
                    status, "the cell called " + call + "; the kernel keeps running (restart it to start afresh)");
        }
        String thread = Thread.currentThread().getName();
        BACKGROUND_EXITS.add("thread \"" + thread + "\" (started by a cell) called " + call
                + "; that thread stopped, the kernel keeps running");
        return new ExitRequested(status, "thread \"" + thread + "\" called " + call + "; the thread stopped");
    }

    /** A cell's code runs in the {@code do_it$} method of a JShell wrapper class; other threads never pass it. */
    private static boolean isCellThread() {
        return StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(frame -> frame.getMethodName().equals("do_it$")
                        && frame.getClassName().startsWith("REPL.")));
    }

    /** Thrown in place of exiting the JVM: the cell (or the thread) ends, the kernel goes on. */
    public static final class ExitRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int status;

        ExitRequested(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
