package io.jfairing.kernel.magics;

import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.MagicUsageException;
import java.io.PrintStream;
import java.time.Duration;

/** {@code %time CODE} and {@code %%time}: run code and print its wall and CPU time. */
public final class TimeMagics {
    private final PrintStream out;

    public TimeMagics(PrintStream out) {
        this.out = out;
    }

    public Object line(MagicCall call) throws Exception {
        if (call.rawArguments().isBlank()) {
            throw new MagicUsageException(
                    "time", "nothing to time", "Usage: %time <java code>   or   %%time on the first line of a cell");
        }
        return timed(call, call.rawArguments());
    }

    public Object cell(MagicCall call, String body) throws Exception {
        return timed(call, body);
    }

    private Object timed(MagicCall call, String code) throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try {
            return call.session().evaluate(code);
        } finally {
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            out.println("Wall time: " + format(wall.toNanos()) + " (kernel thread CPU: " + format(cpu) + ")");
        }
    }

    static String format(long nanos) {
        if (nanos >= 1_000_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
