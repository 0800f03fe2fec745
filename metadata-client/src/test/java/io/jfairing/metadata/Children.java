package io.jfairing.metadata;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts child JVMs on the test classpath. */
public final class Children {
    private Children() {}

    public static Process start(Path stderr, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx160m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // a child that writes a PostgreSQL store finds its password where a server pod would
        pb.environment().putAll(io.jfairing.metadata.pg.PostgresServer.passwordEnv());
        pb.redirectError(stderr.toFile());
        return pb.start();
    }

    public static String stderrOf(Path stderr) {
        try {
            File f = stderr.toFile();
            return f.exists() ? java.nio.file.Files.readString(stderr) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
