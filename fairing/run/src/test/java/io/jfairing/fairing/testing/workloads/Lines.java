package io.jfairing.fairing.testing.workloads;

/** Prints {@code line 1} to {@code line N} (args[0]), odd ones on stdout and even ones on stderr, then exits args[1] (default 0). */
public final class Lines {
    private Lines() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int exit = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        for (int i = 1; i <= n; i++) {
            if (i % 2 == 1) {
                System.out.println("line " + i);
            } else {
                synchronized (System.out) {
                    System.out.flush();
                    System.err.println("line " + i);
                    System.err.flush();
                }
            }
        }
        System.out.flush();
        if (exit != 0) {
            System.err.println("giving up with " + exit);
            System.exit(exit);
        }
    }
}
