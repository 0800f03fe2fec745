package io.jfairing.fairing.pipeline;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The notebook one step runs: the shared cells, the parameter cells, a cell reading the step's inputs
 * ({@link io.jfairing.runtime.runner.StepData#input}; a loop's element among them), the step's own cells, and a cell writing its outputs.
 */
public final class StepNotebooks {
    private static final String DATA = "io.jfairing.runtime.runner.StepData";
    private static final Map<String, String> BOXED = Map.of(
            "int",
            "Integer",
            "long",
            "Long",
            "double",
            "Double",
            "float",
            "Float",
            "boolean",
            "Boolean",
            "short",
            "Short",
            "byte",
            "Byte",
            "char",
            "Character");

    private StepNotebooks() {}

    /** The notebook {@code step} runs, as its image runs it. */
    public static Notebook of(Pipeline pipeline, Step step) {
        List<NotebookCell> cells = new ArrayList<>();
        int number = 1;
        for (NotebookCell cell : pipeline.sharedCells()) {
            cells.add(NotebookCell.code(number++, cell.source()));
        }
        for (NotebookCell cell : pipeline.parameterCells()) {
            cells.add(NotebookCell.code(number++, cell.source()));
        }
        StringBuilder in = new StringBuilder();
        for (Step.Input input : step.inputs()) {
            StepValue v = input.value();
            String read = DATA + ".input(\"" + v.name() + "\", new " + DATA + ".TypeOf<"
                    + BOXED.getOrDefault(v.javaType(), v.javaType()) + ">() {})";
            boolean loopItem =
                    step.loop() != null && v.name().equals(step.loop().item());
            if (input.fromParameter() && !loopItem) { // the parameter cell declares it
                in.append(v.name()).append(" = ").append(read).append(";\n");
            } else {
                in.append(v.javaType())
                        .append(' ')
                        .append(v.name())
                        .append(" = ")
                        .append(read)
                        .append(";\n");
            }
        }
        if (!in.isEmpty()) {
            cells.add(NotebookCell.code(number++, in.toString()));
        }
        for (NotebookCell cell : step.cells()) {
            cells.add(NotebookCell.code(number++, cell.source()));
        }
        StringBuilder out = new StringBuilder();
        for (StepValue v : step.outputs()) {
            out.append(DATA)
                    .append(".output(\"")
                    .append(v.name())
                    .append("\", ")
                    .append(v.name())
                    .append(");\n");
        }
        if (!out.isEmpty()) {
            cells.add(NotebookCell.code(number, out.toString()));
        }
        return Notebook.ofCells(pipeline.name() + "-" + step.name(), cells);
    }
}
