package io.jfairing.kernel.magics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.kernel.spi.CellException;
import io.jfairing.runtime.cell.CellPart;
import org.junit.jupiter.api.Test;

class MagicRegistryTest {
    private final MagicRegistry registry = new MagicRegistry();

    @Test
    void runsLineAndCellMagicsWithSplitArguments() throws Exception {
        registry.registerLine("echo", call -> String.join("|", call.arguments()));
        registry.registerCell("upper", (call, body) -> call.rawArguments() + body.toUpperCase());
        assertThat(registry.run(CellPart.lineMagic("echo", "a 'b c'", 0), null)).isEqualTo("a|b c");
        assertThat(registry.run(CellPart.cellMagic("upper", ">", "xy", 0), null))
                .isEqualTo(">XY");
    }

    @Test
    void anUnknownMagicSuggestsTheClosestName() {
        registry.registerLine("maven", call -> null);
        assertThatThrownBy(() -> registry.run(CellPart.lineMagic("mavne", "", 0), null))
                .isInstanceOf(CellException.class)
                .hasMessage("unknown magic %mavne; did you mean %maven? (%lsmagic lists them)");
    }
}
