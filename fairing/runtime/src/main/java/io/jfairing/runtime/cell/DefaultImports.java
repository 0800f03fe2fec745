package io.jfairing.runtime.cell;

import java.util.ArrayList;
import java.util.List;

/**
 * What every cell's code may use without importing it, in the kernel and in an image alike: the runtime's display
 * and widget APIs and JShell's default imports.
 */
public final class DefaultImports {
    /** The display API: {@code display(..)}, {@code html(..)}, {@code table(..)} and the rest. */
    public static final String DISPLAY = "import static io.jfairing.runtime.display.Display.*;";

    /** The widget API: {@code intSlider(..)}, {@code button(..)}, {@code interact(..)} and the rest. */
    public static final String WIDGETS = "import static io.jfairing.runtime.widgets.Widgets.*;";

    /** JShell's default imports, {@code java.util.*} first (the one most cells need at once). */
    public static final List<String> JSHELL = List.of(
            "import java.util.*;",
            "import java.io.*;",
            "import java.math.*;",
            "import java.net.*;",
            "import java.nio.file.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;",
            "import java.util.regex.*;",
            "import java.util.stream.*;");

    private DefaultImports() {}

    /** All of them: the display and widget APIs, then JShell's. */
    public static List<String> all() {
        List<String> all = new ArrayList<>();
        all.add(DISPLAY);
        all.add(WIDGETS);
        all.addAll(JSHELL);
        return List.copyOf(all);
    }
}
