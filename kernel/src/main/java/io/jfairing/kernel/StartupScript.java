package io.jfairing.kernel;

import java.util.List;

/** What every session starts with: JShell's default imports and the runtime display API. */
final class StartupScript {
    private StartupScript() {
    }

    static List<String> lines() {
        return List.of(
                "import java.io.*;",
                "import java.math.*;",
                "import java.net.*;",
                "import java.nio.file.*;",
                "import java.util.*;",
                "import java.util.concurrent.*;",
                "import java.util.function.*;",
                "import java.util.regex.*;",
                "import java.util.stream.*;",
                "import static io.jfairing.kernel.runtime.Display.*;");
    }
}
