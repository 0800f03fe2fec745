package io.jfairing.fairing.cli.jobs;

import io.jfairing.fairing.Fairing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How the packaged code runs, shared by build, train, tune and serve: parameter values, input files, an entry class. */
public final class CodeOptions {
    @Option(
            names = {"-p", "--param"},
            paramLabel = "NAME=VALUE",
            description = "A value for a variable of the parameters cell (repeatable).")
    public Map<String, String> parameters = new LinkedHashMap<>();

    @Option(
            names = "--inputs",
            paramLabel = "GLOB",
            split = ",",
            description =
                    "Files the code reads, relative to the notebook (e.g. data/*.csv): copied into the job's working folder.")
    public List<String> inputs = new ArrayList<>();

    @Option(
            names = "--entry",
            paramLabel = "CLASS",
            description = "After the cells, run this class's main method or Trainer.")
    public String entryClass;

    /** {@code build} with these options. */
    public Fairing.Build applyTo(Fairing.Build build) {
        build.parameters(parameters);
        if (!inputs.isEmpty()) {
            build.inputs(inputs);
        }
        if (entryClass != null) {
            build.entryClass(entryClass);
        }
        return build;
    }
}
