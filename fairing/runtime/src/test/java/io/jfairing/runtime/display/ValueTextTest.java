package io.jfairing.runtime.display;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values read as the kernel shows them (JShell's array form), not as {@code Object.toString} ({@code [I@1b6d3586}). */
class ValueTextTest {
    @Test
    void arraysReadAsJShellShowsThem() {
        assertThat(ValueText.of(new int[] {1, 2, 3})).isEqualTo("int[3] { 1, 2, 3 }");
        assertThat(ValueText.of(new String[] {"fox", "Dog"})).isEqualTo("String[2] { \"fox\", \"Dog\" }");
        assertThat(ValueText.of(new double[][] {{1.5}, {}}))
                .isEqualTo("double[][2] { double[1] { 1.5 }, double[0] {  } }");
        assertThat(ValueText.of(new Object[] {null, 'c'})).isEqualTo("Object[2] { null, c }");
        assertThat(ValueText.of(new long[1001])).endsWith(", 0, ... 1 more }");
    }

    @Test
    void otherValuesReadAsTheirToString() {
        assertThat(ValueText.of("plain")).isEqualTo("plain");
        assertThat(ValueText.of(42)).isEqualTo("42");
        assertThat(ValueText.of(null)).isEqualTo("null");
    }

    @Test
    void displayingAnArrayShowsItsText() {
        assertThat(Display.render(new int[] {1, 2, 3}).toString()).isEqualTo("int[3] { 1, 2, 3 }");
    }
}
