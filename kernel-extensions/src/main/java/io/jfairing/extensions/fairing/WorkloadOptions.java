package io.jfairing.extensions.fairing;

import io.jfairing.extensions.magic.ArgumentException;
import io.jfairing.fairing.cli.jobs.CodeOptions;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What to package, shared by build, train, tune and serve: the session's cells (or some, or a saved notebook). */
final class WorkloadOptions {
    @Option(
            names = "--cells",
            paramLabel = "N,M-K",
            description =
                    "Only these cells (their In [n] numbers), e.g. 1,3-5 (default: every cell that ran without error).")
    String cells;

    @Option(
            names = "--notebook",
            paramLabel = "FILE",
            description =
                    "A saved .ipynb instead of the cells this session ran (cell tags such as 'parameters' are honoured).")
    Path notebook;

    @Mixin
    CodeOptions code = new CodeOptions();

    Set<Integer> cellNumbers() throws ArgumentException {
        Set<Integer> out = new LinkedHashSet<>();
        if (cells == null || cells.isBlank()) {
            return out;
        }
        for (String part : cells.split(",")) {
            String p = part.strip();
            try {
                int dash = p.indexOf('-');
                if (dash > 0) {
                    int from = Integer.parseInt(p.substring(0, dash).strip());
                    int to = Integer.parseInt(p.substring(dash + 1).strip());
                    if (from > to || to - from > 10_000) {
                        throw new NumberFormatException();
                    }
                    for (int i = from; i <= to; i++) {
                        out.add(i);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new ArgumentException(
                        "--cells '" + cells + "': '" + p + "' is not a cell number or a range like 3-5");
            }
        }
        return out;
    }
}
