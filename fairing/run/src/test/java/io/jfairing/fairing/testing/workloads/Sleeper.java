package io.jfairing.fairing.testing.workloads;

import java.nio.file.Files;
import java.nio.file.Path;

/** Starts a child process (sleep), writes its pid to {@code child.pid} in the work folder, prints "sleeping", sleeps. */
public final class Sleeper {
    private Sleeper() {}

    public static void main(String[] args) throws Exception {
        Process child = new ProcessBuilder("sleep", "600").start();
        Files.writeString(Path.of("child.pid"), Long.toString(child.pid()));
        System.out.println("sleeping");
        Thread.sleep(600_000);
    }
}
