package io.jfairing.kernel.spi;

import java.util.ArrayList;
import java.util.List;

/** A magic was called with arguments it cannot take; the error shows what was wrong and the usage. */
public final class MagicUsageException extends CellException {
    private static final long serialVersionUID = 1L;

    public MagicUsageException(String magic, String problem, String usage) {
        super("MagicUsageException", "%" + magic + ": " + problem, lines(magic, problem, usage));
    }

    private static List<String> lines(String magic, String problem, String usage) {
        List<String> lines = new ArrayList<>();
        lines.add("%" + magic + ": " + problem);
        if (usage != null && !usage.isBlank()) {
            lines.add("");
            usage.lines().forEach(lines::add);
        }
        return lines;
    }
}
