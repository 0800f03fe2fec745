package io.jfairing.fairing.testing.workloads;

/** Prints {@code line 1} to {@code line N} (args[0]), one every args[1] milliseconds. */
public final class SlowLines {
    private SlowLines() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        long pause = Long.parseLong(args[1]);
        for (int i = 1; i <= n; i++) {
            System.out.println("line " + i);
            Thread.sleep(pause);
        }
    }
}
