package io.jfairing.kernel.execution;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures the time spent running snippets' code, not compiling them: {@code %time}'s clock. While a
 * measurement is open, each snippet's run adds its wall time and the CPU time of the whole process (all threads,
 * as IPython's {@code getrusage} counts), split into user and system time.
 */
public final class ExecutionClock {
    private Measurement open;

    /** The JVM's management beans, made on the first measurement: not on the kernel's start-up path. */
    private static final class Beans {
        static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    /** Time spent running code: wall, and process CPU split into user and system time, in nanoseconds. */
    public record Times(long wallNanos, long userNanos, long systemNanos) {
        public long cpuNanos() {
            return userNanos + systemNanos;
        }
    }

    /** Starts measuring; {@link Measurement#stop()} gives the times of the snippets run since. */
    public synchronized Measurement start() {
        Measurement measurement = new Measurement(open);
        open = measurement;
        return measurement;
    }

    /** Runs one snippet's code, adding its times to the open measurements. */
    <T> T run(ThrowingSupplier<T> code) throws Exception {
        Measurement measuring;
        synchronized (this) {
            measuring = open;
        }
        if (measuring == null) {
            return code.get();
        }
        long cpu = Beans.OS.getProcessCpuTime();
        Map<Long, Long> system = systemTimes();
        long wall = System.nanoTime();
        try {
            return code.get();
        } finally {
            long wallNanos = System.nanoTime() - wall;
            long cpuNanos = Math.max(0, Beans.OS.getProcessCpuTime() - cpu);
            long systemNanos = 0;
            for (Map.Entry<Long, Long> entry : systemTimes().entrySet()) {
                systemNanos += Math.max(0, entry.getValue() - system.getOrDefault(entry.getKey(), 0L));
            }
            systemNanos = Math.min(systemNanos, cpuNanos);
            for (Measurement m = measuring; m != null; m = m.outer) {
                m.add(wallNanos, cpuNanos - systemNanos, systemNanos);
            }
        }
    }

    /** The system CPU time of each live thread: its CPU time less its user time. */
    private Map<Long, Long> systemTimes() {
        Map<Long, Long> times = new HashMap<>();
        for (long id : Beans.THREADS.getAllThreadIds()) {
            long cpu = Beans.THREADS.getThreadCpuTime(id);
            long user = Beans.THREADS.getThreadUserTime(id);
            if (cpu >= 0 && user >= 0) {
                times.put(id, cpu - user);
            }
        }
        return times;
    }

    /** Code whose run is measured. */
    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** An open measurement; measurements nest ({@code %time} inside {@code %%time}). */
    public final class Measurement {
        private final Measurement outer;
        private long wall;
        private long user;
        private long system;

        private Measurement(Measurement outer) {
            this.outer = outer;
        }

        private synchronized void add(long wallNanos, long userNanos, long systemNanos) {
            wall += wallNanos;
            user += userNanos;
            system += systemNanos;
        }

        /** Stops this measurement and returns what it measured. */
        public Times stop() {
            synchronized (ExecutionClock.this) {
                if (open == this) {
                    open = outer;
                }
            }
            synchronized (this) {
                return new Times(wall, user, system);
            }
        }
    }
}
