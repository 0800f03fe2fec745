package io.jfairing.kernel;

/**
 * Runs what a kernel session runs at start-up and in its first cells, then exits. The installer runs it
 * once with {@code -XX:ArchiveClassesAtExit} to record the classes that later starts map from the archive.
 */
public final class Warmup {
    private Warmup() {
    }

    public static void main(String[] args) throws Exception {
        JavaKernel kernel = new JavaKernel(KernelOptions.fromEnvironment(System.getenv()));
        kernel.eval("int x = 1 + 1;\nString s = \"a\" + x;\nx * 2");
        kernel.eval("List<Integer> list = new ArrayList<>(List.of(3, 1, 2));\nCollections.sort(list);\nlist");
        kernel.eval("System.out.println(table(List.of(\"a\"), List.of(List.of(1))).toText());");
        kernel.isComplete("for (int i = 0; i < 3; i++) {");
        kernel.complete("System.out.printl", 17);
        kernel.inspect("Math.max", 8, false);
        kernel.onShutdown(false);
        System.exit(0);
    }
}
