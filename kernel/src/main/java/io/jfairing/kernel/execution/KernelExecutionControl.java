package io.jfairing.kernel.execution;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution, keeping the object a variable holds (not only its string form)
 * so that the kernel can render it as rich output.
 */
final class KernelExecutionControl extends LocalExecutionControl {
    private final KernelLoaderDelegate delegate;
    private final ExecutionClock clock = new ExecutionClock();
    private volatile boolean stopPending;
    private Object lastValue;

    KernelExecutionControl(KernelLoaderDelegate delegate) {
        super(delegate);
        this.delegate = delegate;
    }

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            lastValue = field.get(null);
            return "";
        } catch (ReflectiveOperationException e) {
            throw new InternalException("cannot read " + varName + ": " + e);
        }
    }

    /**
     * Runs a snippet's code, unless the cell was stopped before it began: a stop that arrives while JShell
     * compiles (no code running, so JShell's own stop does nothing) still stops the cell. The code starts once this
     * thread waits for it ({@link SnippetLaunch}): the cell does not wait for the threads the code starts.
     */
    @Override
    protected String invoke(Method doitMethod) throws Exception {
        if (stopPending) {
            throw new StoppedException();
        }
        return clock.run(() -> SnippetLaunch.around(doitMethod, super::invoke));
    }

    /** Whether the running cell's code should not start: set by a stop, cleared when a cell begins. */
    void stopPending(boolean pending) {
        stopPending = pending;
    }

    ExecutionClock clock() {
        return clock;
    }

    /**
     * Runs a snippet with the cells' loader as the thread's context class loader (JShell's execution thread inherits
     * it): libraries that look up services or drivers through it find the user's jars, not the kernel's.
     */
    @Override
    public String invoke(String className, String methodName)
            throws RunException, EngineTerminationException, InternalException {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(delegate.classLoader());
        try {
            return super.invoke(className, methodName);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    Object takeValue() {
        Object value = lastValue;
        lastValue = null;
        return value;
    }

    KernelLoaderDelegate loaderDelegate() {
        return delegate;
    }

    /** Hands JShell this already-made control. */
    static ExecutionControlProvider provider(KernelExecutionControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "jfairing-local";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }
}
