package io.jfairing.fairing.preprocess;

import io.jfairing.runtime.cell.CellParser;
import io.jfairing.runtime.cell.CellPart;
import java.util.ArrayList;
import java.util.List;

/**
 * A cell's Java code and magics, split by the runtime's {@link CellParser} (the kernel's own rules), grouped as the
 * build uses them. Code parts keep their first line so that errors name the cell's own line numbers.
 */
public final class CellParts {
    /** A cell split up: its code parts and its magics, each in order. */
    public record Parsed(List<CodePart> code, List<Magic> magics) {
        public Parsed {
            code = List.copyOf(code);
            magics = List.copyOf(magics);
        }
    }

    private CellParts() {}

    public static Parsed parse(String cellLabel, String cell) {
        List<CodePart> code = new ArrayList<>();
        List<Magic> magics = new ArrayList<>();
        for (CellPart part : CellParser.parse(cell)) {
            switch (part.kind()) {
                case CODE -> code.add(new CodePart(part.text(), part.line()));
                case LINE_MAGIC -> magics.add(new Magic(cellLabel, part.name(), part.text(), null, false, part.line()));
                case CELL_MAGIC ->
                    magics.add(new Magic(cellLabel, part.name(), part.text(), part.body(), true, part.line()));
            }
        }
        return new Parsed(code, magics);
    }
}
