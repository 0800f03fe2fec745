package io.jfairing.kernel.magics;

import io.jfairing.kernel.execution.ExecutionClock;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.MagicUsageException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * {@code %time CODE} and {@code %%time}: run code and print, as IPython does, the CPU times of the process
 * ({@code CPU times: user 1.2 ms, sys: 0 ns, total: 1.2 ms}) and the wall time ({@code Wall time: 101 ms}) spent
 * running the code, not compiling it.
 */
public final class TimeMagics {
    private static final String[] UNITS = {"s", "ms", "µs", "ns"};

    private final PrintStream out;
    private final ExecutionClock clock;

    public TimeMagics(PrintStream out, ExecutionClock clock) {
        this.out = out;
        this.clock = clock;
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
        ExecutionClock.Measurement measurement = clock.start();
        try {
            return call.session().evaluate(code);
        } finally {
            ExecutionClock.Times times = measurement.stop();
            out.println("CPU times: user " + format(times.userNanos()) + ", sys: " + format(times.systemNanos())
                    + ", total: " + format(times.cpuNanos()));
            out.println("Wall time: " + format(times.wallNanos()));
        }
    }

    /** IPython's {@code _format_time}: three significant digits in s, ms, µs or ns; {@code 1min 5s} from a minute. */
    static String format(long nanos) {
        if (nanos >= 60_000_000_000L) {
            long seconds = nanos / 1_000_000_000L;
            StringBuilder text = new StringBuilder();
            long[] lengths = {86_400, 3_600, 60, 1};
            String[] suffixes = {"d", "h", "min", "s"};
            for (int i = 0; i < lengths.length; i++) {
                long value = seconds / lengths[i];
                if (value > 0) {
                    seconds %= lengths[i];
                    text.append(text.isEmpty() ? "" : " ").append(value).append(suffixes[i]);
                }
            }
            return text.toString();
        }
        int order = 3;
        if (nanos > 0) {
            int exponent = (int) Math.floor(Math.log10(nanos / 1e9));
            order = Math.min(-Math.floorDiv(exponent, 3), 3);
        }
        BigDecimal scaled = BigDecimal.valueOf(nanos).movePointLeft(9 - 3 * order);
        String digits = scaled.round(new MathContext(3)).stripTrailingZeros().toPlainString();
        return digits + " " + UNITS[order];
    }
}
