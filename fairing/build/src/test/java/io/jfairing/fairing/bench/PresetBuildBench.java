package io.jfairing.fairing.bench;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code %use} and a magic used as a value cost an image build before Jib: preprocess and compile (with
 * Maven Resolver on the local repository, no network) a notebook that says {@code %use commons-math@3.6.1}, the same
 * notebook with the {@code %maven} line and the preset's imports written out, and one that takes the jars as a
 * value ({@code List<String> jars = %maven ...}, resolved a second time for its value). Rounds alternate; prints
 * medians and the spread. Run: see docs/benchmarks.md.
 */
public final class PresetBuildBench {
    private static final String WORK =
            "var stats = new DescriptiveStatistics(new double[] {1, 2, 3, 4});\nstats.getMean()";

    private PresetBuildBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<Case> cases = List.of(
                new Case("%use commons-math@3.6.1", List.of("%use commons-math@3.6.1", WORK)),
                new Case(
                        "%maven + the imports written out",
                        List.of(
                                "%maven org.apache.commons:commons-math3:3.6.1\n"
                                        + "import org.apache.commons.math3.stat.descriptive.*;\n"
                                        + "import org.apache.commons.math3.linear.*;\n"
                                        + "import org.apache.commons.math3.util.*;",
                                WORK)),
                new Case(
                        "List<String> jars = %maven ... (a value)",
                        List.of(
                                "List<String> jars = %maven org.apache.commons:commons-math3:3.6.1\n"
                                        + "import org.apache.commons.math3.stat.descriptive.*;",
                                WORK)));
        for (Case each : cases) {
            each.run(); // warm-up
        }
        for (int round = 0; round < rounds; round++) {
            for (Case each : cases) {
                each.times.add(each.run());
            }
        }
        System.out.printf("%-42s %10s %10s %10s%n", "notebook", "median ms", "min ms", "max ms");
        for (Case each : cases) {
            double[] sorted = each.times.stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            System.out.printf(
                    "%-42s %10.1f %10.1f %10.1f%n",
                    each.name,
                    sorted[sorted.length / 2],
                    sorted[0],
                    Arrays.stream(sorted).max().orElse(0));
        }
    }

    private static final class Case {
        final String name;
        final List<String> cells;
        final List<Double> times = new ArrayList<>();

        Case(String name, List<String> cells) {
            this.name = name;
            this.cells = cells;
        }

        double run() throws Exception {
            List<NotebookCell> notebookCells = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                notebookCells.add(NotebookCell.code(i + 1, cells.get(i)));
            }
            long start = System.nanoTime();
            Fairing.notebook(new Notebook("bench.ipynb", notebookCells)).compile();
            return (System.nanoTime() - start) / 1e6;
        }
    }
}
