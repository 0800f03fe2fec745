import io.jfairing.kernel.execution.CodeEvaluator;
import io.jfairing.kernel.loader.ExportingClassLoader;
import io.jfairing.kernel.loader.PackageExports;
import io.jfairing.kernel.loader.RuntimeJar;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * In-process cost of evaluating a cell (no messaging): CPU of the evaluating thread and wall time per
 * {@code CodeEvaluator.eval}, for value expressions as the kernel evaluates them and, in parentheses (ending in
 * {@code )}), as JShell evaluates expressions. Prints figures, asserts nothing.
 *
 * <pre>
 * mvn -q -o -pl kernel -am package -DskipTests
 * java -XX:+UseSerialGC -Xss4m -cp kernel/target/jfairing-kernel.jar kernel/bench/EvalBench.java 300
 * </pre>
 */
public final class EvalBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private interface Cell {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        ExportingClassLoader api = new ExportingClassLoader(
                "cell-api", List.of(new PackageExports(List.of(RuntimeJar.PACKAGE), EvalBench.class.getClassLoader())));
        try (CodeEvaluator evaluator = CodeEvaluator.start(
                api, RuntimeJar.locate(), new PrintStream(OutputStream.nullOutputStream()), List.of())) {
            evaluator.eval("int x = 20;", 0, 0);
            List<String> cells = List.of("1+1", "(1+1)", "x * 2", "(x * 2)");
            for (int i = 0; i < runs; i++) {
                for (String cell : cells) {
                    evaluator.eval(cell, 1, 0);
                }
            }
            for (int round = 1; round <= 2; round++) {
                for (String cell : cells) {
                    System.out.printf("round %d  %-8s %s%n", round, cell, measure(() -> evaluator.eval(cell, 1, 0), runs));
                }
            }
        }
        System.exit(0); // JShell's indexer thread is not a daemon
    }

    private static String measure(Cell cell, int runs) throws Exception {
        double[] cpu = new double[runs];
        double[] wall = new double[runs];
        for (int i = 0; i < runs; i++) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            cell.run();
            cpu[i] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            wall[i] = (System.nanoTime() - wallStart) / 1e6;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return String.format(
                "CPU median %.2f ms (p90 %.2f), wall median %.2f ms", cpu[runs / 2], cpu[runs * 9 / 10], wall[runs / 2]);
    }
}
