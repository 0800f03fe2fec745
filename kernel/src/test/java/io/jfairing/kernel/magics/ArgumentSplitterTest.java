package io.jfairing.kernel.magics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.kernel.spi.MagicUsageException;
import org.junit.jupiter.api.Test;

class ArgumentSplitterTest {
    @Test
    void splitsLikeAShell() throws Exception {
        assertThat(ArgumentSplitter.split("m", "  a  'b c'  \"d \\\"e\\\"\" f\\ g  "))
                .containsExactly("a", "b c", "d \"e\"", "f g");
    }

    @Test
    void emptyQuotesAreAnEmptyArgument() throws Exception {
        assertThat(ArgumentSplitter.split("m", "x '' y")).containsExactly("x", "", "y");
    }

    @Test
    void anUnterminatedQuoteNamesTheMagic() {
        assertThatThrownBy(() -> ArgumentSplitter.split("maven", "g:a:1 'oops"))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("%maven")
                .hasMessageContaining("unterminated");
    }
}
