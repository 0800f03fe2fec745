package io.jfairing.runtime.cell;

import java.util.List;

/**
 * IJava's functions for running magics from code, in every session's namespace: what {@code %name args} and
 * {@code %%name args} desugar to. The return type fits whatever the caller expects, unchecked, as in IJava.
 */
public final class NotebookMagics {
    private NotebookMagics() {}

    /** Runs the line magic {@code %name args} and returns its value. */
    public static <T> T lineMagic(String name, List<String> args) {
        return LineMagicCall.call(name, args, null);
    }

    /** Runs the cell magic {@code %%name args} on {@code body} and returns its value. */
    public static <T> T cellMagic(String name, List<String> args, String body) {
        return LineMagicCall.call(name, args, body);
    }
}
