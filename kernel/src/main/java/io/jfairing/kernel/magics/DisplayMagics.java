package io.jfairing.kernel.magics;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.jfairing.kernel.spi.MagicCall;

/** {@code %%html}, {@code %%markdown}, {@code %%svg} and {@code %%latex}: show the cell body as that kind of output. */
public final class DisplayMagics {
    private DisplayMagics() {}

    public static Object html(MagicCall call, String body) {
        return bundle("text/html", body);
    }

    public static Object markdown(MagicCall call, String body) {
        return bundle("text/markdown", body);
    }

    public static Object svg(MagicCall call, String body) {
        return bundle("image/svg+xml", body);
    }

    public static Object latex(MagicCall call, String body) {
        return bundle("text/latex", body);
    }

    private static DisplayData bundle(String mime, String body) {
        DisplayData data = new DisplayData(body);
        data.putData(mime, body);
        return data;
    }
}
