package io.jfairing.images.builder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/** Links a Java runtime with {@code jlink} from a JDK on this machine (the running one by default). */
final class JdkLinker {
    private JdkLinker() {}

    static void link(List<String> modules, Path javaHome, Path output) throws IOException {
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new IOException(
                        "jlink is not available: run jfairing on a JDK (with jdk.jlink), or use 'java: {from: base}'"));
        List<String> args = new ArrayList<>(List.of(
                "--add-modules",
                String.join(",", modules),
                "--strip-debug",
                "--no-header-files",
                "--no-man-pages",
                "--compress=2",
                "--output",
                output.toString()));
        if (javaHome != null) {
            args.addAll(0, List.of("--module-path", javaHome.resolve("jmods").toString()));
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        int status = jlink.run(out, out, args.toArray(String[]::new));
        if (status != 0) {
            throw new IOException("jlink failed (" + status + "): "
                    + log.toString(StandardCharsets.UTF_8).strip());
        }
    }
}
