package io.jfairing.kernel.magics;

import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.CellMagic;
import io.jfairing.kernel.spi.LineMagic;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.Session;
import io.jfairing.runtime.cell.CellPart;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The magics a session knows, by name. */
public final class MagicRegistry {
    private final Map<String, LineMagic> lineMagics = new ConcurrentHashMap<>();
    private final Map<String, CellMagic> cellMagics = new ConcurrentHashMap<>();

    public void registerLine(String name, LineMagic magic) {
        lineMagics.put(name, magic);
    }

    public void registerCell(String name, CellMagic magic) {
        cellMagics.put(name, magic);
    }

    public SortedSet<String> lineNames() {
        return new TreeSet<>(lineMagics.keySet());
    }

    public SortedSet<String> cellNames() {
        return new TreeSet<>(cellMagics.keySet());
    }

    /** Runs a line or cell magic part. */
    public Object run(CellPart part, Session session) throws Exception {
        return run(part, session, false);
    }

    /**
     * Runs a line or cell magic part; {@code valueUsed}: Java code takes its value ({@code var jars = %jars *.jar}).
     */
    public Object run(CellPart part, Session session, boolean valueUsed) throws Exception {
        MagicCall call = new MagicCall(
                part.name(), part.text(), ArgumentSplitter.split(part.name(), part.text()), session, valueUsed);
        return part.kind() == CellPart.Kind.CELL_MAGIC ? runCell(call, part.body()) : runLine(call);
    }

    /** Runs the line magic {@code call} names. */
    public Object runLine(MagicCall call) throws Exception {
        LineMagic magic = lineMagics.get(call.name());
        if (magic == null) {
            throw undefined("%", call.name(), lineMagics.keySet());
        }
        return magic.run(call);
    }

    /** Runs the cell magic {@code call} names on {@code body}. */
    public Object runCell(MagicCall call, String body) throws Exception {
        CellMagic magic = cellMagics.get(call.name());
        if (magic == null) {
            throw undefined("%%", call.name(), cellMagics.keySet());
        }
        return magic.run(call, body);
    }

    private static CellException undefined(String prefix, String name, java.util.Set<String> known) {
        Optional<String> close = known.stream()
                .min(Comparator.comparingInt(candidate -> distance(candidate.toLowerCase(), name.toLowerCase())))
                .filter(candidate -> distance(candidate.toLowerCase(), name.toLowerCase()) <= 2);
        String message = "unknown magic " + prefix + name
                + close.map(c -> "; did you mean " + prefix + c + "?").orElse("")
                + " (%lsmagic lists them)";
        return new CellException("UndefinedMagicException", message);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
