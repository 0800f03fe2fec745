package io.jfairing.runtime.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellParserTest {
    @Test
    void aCellMagicTakesTheWholeCell() {
        List<CellPart> parts = CellParser.parse("\n%%html --x y\n<b>%not a magic</b>\nmore");
        assertThat(parts).containsExactly(CellPart.cellMagic("html", "--x y", "<b>%not a magic</b>\nmore", 1));
    }

    @Test
    void lineMagicsSplitCodeAndKeepLineNumbers() {
        List<CellPart> parts = CellParser.parse("int a = 1;\n%maven g:a:1 g:b:2\nint b = a;\n\nb\n%time b");
        assertThat(parts)
                .containsExactly(
                        CellPart.code("int a = 1;", 0),
                        CellPart.lineMagic("maven", "g:a:1 g:b:2", 1),
                        CellPart.code("int b = a;\n\nb", 2),
                        CellPart.lineMagic("time", "b", 5));
    }

    @Test
    void moduloAtALineStartIsCodeNotAMagic() {
        assertThat(CellParser.parse("int x = 10\n% 3;")).containsExactly(CellPart.code("int x = 10\n% 3;", 0));
    }

    @Test
    void blankCodeBetweenMagicsIsDropped() {
        assertThat(CellParser.parse("%jars a.jar\n\n   \n%classpath b"))
                .extracting(CellPart::kind)
                .containsExactly(CellPart.Kind.LINE_MAGIC, CellPart.Kind.LINE_MAGIC);
    }
}
