package io.jfairing.kernel.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {
    @Test
    void nulBellAndOtherControlsAreWrittenAsEscapes() {
        assertThat(ControlCharacters.visible("a\u0000b")).isEqualTo("a\\u0000b");
        assertThat(ControlCharacters.visible("\u0007\u000b\u000c\u001f\u007f"))
                .isEqualTo("\\u0007\\u000b\\u000c\\u001f\\u007f");
    }

    @Test
    void layoutAndAnsiColoursAreKept() {
        String text = "col1\tcol2\r\nline\b \u001b[31mred\u001b[0m é 😀";
        assertThat(ControlCharacters.visible(text)).isSameAs(text);
        assertThat(ControlCharacters.visible(null)).isNull();
    }
}
