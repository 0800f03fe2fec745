package io.jfairing.kernel;

import java.util.List;

/** What every session starts with: JShell's default imports and the runtime display API. */
final class StartupScript {
    private StartupScript() {
    }

    /** What every cell may need at once: collections and the display API. */
    static List<String> eager() {
        return List.of(
                "import java.util.*;",
                "import static io.jfairing.runtime.display.Display.*;");
    }

    /** JShell's other default imports, evaluated when the kernel is first idle (or when a snippet needs them). */
    static List<String> deferred() {
        return List.of(
                "import java.io.*;",
                "import java.math.*;",
                "import java.net.*;",
                "import java.nio.file.*;",
                "import java.util.concurrent.*;",
                "import java.util.function.*;",
                "import java.util.regex.*;",
                "import java.util.stream.*;");
    }
}
