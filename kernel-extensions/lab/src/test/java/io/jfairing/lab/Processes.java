package io.jfairing.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Child processes of the harness: run to completion with a time limit, or stop with everything they started. */
final class Processes {
    private Processes() {}

    record Result(int exitCode, String output) {}

    /** Runs {@code command} in {@code dir}, output merged; a command still running after the limit is killed. */
    static Result run(Path dir, Map<String, String> env, int minutes, String... command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("jfairing-lab-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                stop(p);
                return new Result(124, String.join(" ", command) + " ran over " + minutes + " min:\n" + read(log));
            }
            return new Result(p.exitValue(), read(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Stops a process politely (SIGTERM), then by force, and any of its descendants left behind. */
    static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String read(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() > 20_000 ? "..." + text.substring(text.length() - 20_000) : text;
    }
}
