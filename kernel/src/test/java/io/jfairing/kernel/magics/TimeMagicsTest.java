package io.jfairing.kernel.magics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Durations read as IPython's %time writes them (IPython.core.magics.execution._format_time, 3 digits). */
class TimeMagicsTest {
    @Test
    void durationsHaveThreeSignificantDigitsInTheLargestFittingUnit() {
        assertThat(TimeMagics.format(0)).isEqualTo("0 ns");
        assertThat(TimeMagics.format(150)).isEqualTo("150 ns");
        assertThat(TimeMagics.format(1_000)).isEqualTo("1 µs");
        assertThat(TimeMagics.format(1_200_000)).isEqualTo("1.2 ms");
        assertThat(TimeMagics.format(101_234_567)).isEqualTo("101 ms");
        assertThat(TimeMagics.format(999_000_000)).isEqualTo("999 ms");
        assertThat(TimeMagics.format(2_456_000_000L)).isEqualTo("2.46 s");
    }

    @Test
    void aMinuteOrMoreIsWrittenInUnitsOfTime() {
        assertThat(TimeMagics.format(65_000_000_000L)).isEqualTo("1min 5s");
        assertThat(TimeMagics.format(3_600_000_000_000L)).isEqualTo("1h");
    }
}
