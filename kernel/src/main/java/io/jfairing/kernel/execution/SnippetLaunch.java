package io.jfairing.kernel.execution;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts a snippet's code only once the thread that runs the cell waits for it. JShell's local execution starts the
 * snippet on a thread of a new group, then joins every thread of that group it finds alive: a thread the snippet
 * started before that look (the first {@code logMetric} of a run starts its metric writer, which lives as long as
 * the run) was joined too, and the cell stayed busy until that thread ended. JShell is given {@link #run()} in place
 * of the snippet's method; it waits until the starting thread is in its join, then calls the snippet's method.
 */
public final class SnippetLaunch {
    /** The launch the starting thread prepared; the snippet thread inherits it (and drops it before the code runs). */
    private static final InheritableThreadLocal<SnippetLaunch> PREPARED = new InheritableThreadLocal<>();
    /** The longest the snippet waits for the starting thread to join it (it goes on regardless then). */
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final Method RUN;

    static {
        try {
            RUN = SnippetLaunch.class.getMethod("run");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Method snippet;
    private final Thread starter;

    private SnippetLaunch(Method snippet, Thread starter) {
        this.snippet = snippet;
        this.starter = starter;
    }

    /** Calls {@code invoke} with the method to give JShell in place of {@code snippet}; on the thread that starts it. */
    static <T> T around(Method snippet, Invoke<T> invoke) throws Exception {
        PREPARED.set(new SnippetLaunch(snippet, Thread.currentThread()));
        try {
            return invoke.with(RUN);
        } finally {
            PREPARED.remove();
        }
    }

    /** What JShell calls on the snippet thread: the snippet's method, once the starting thread waits for this one. */
    public static Object run() throws Throwable {
        SnippetLaunch launch = PREPARED.get();
        PREPARED.remove(); // the threads the snippet starts do not carry it
        if (launch == null) {
            throw new IllegalStateException("SnippetLaunch.run is called by the kernel's JShell only");
        }
        launch.awaitStarterJoining();
        try {
            return launch.snippet.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // JShell wraps it again, as it would have
        }
    }

    private void awaitStarterJoining() {
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        for (int spins = 0; !joining() && System.nanoTime() < deadline; spins++) {
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
    }

    /** Whether the starting thread waits (in JShell's join of this thread), done looking for the group's threads. */
    private boolean joining() {
        Thread.State state = starter.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** JShell's invocation of a snippet method. */
    @FunctionalInterface
    interface Invoke<T> {
        T with(Method method) throws Exception;
    }
}
