package io.jfairing.fairing.pipeline;

import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.compile.CompilerSession;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.preprocess.Preprocessor;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pipeline of notebook steps: the cells every step shares (imports, functions), the parameters, and the steps with
 * the values that cross between them. Made from a notebook's tags ({@link NotebookPipeline}) or in Java:
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder("wine")
 *         .imports("import java.util.*;")
 *         .parameters("int rows = 100;")
 *         .step(Step.builder("load").code("List<Double> xs = new ArrayList<>(); for (int i = 0; i < rows; i++) xs.add(i * 0.5);"))
 *         .step(Step.builder("mean").code("double mean = xs.stream().mapToDouble(x -> x).average().orElse(0);"))
 *         .build();   // finds that "mean" reads xs from "load" (a LIST parameter) and rows from the parameters
 * }</pre>
 *
 * Building compiles every cell with JShell to learn each variable's type; a value that cannot cross between steps is
 * an error then, not when the pipeline runs.
 */
public final class Pipeline {
    private static final Pattern DECLARATION =
            Pattern.compile("(?m)^\\s*(?:final\\s+)?[\\w.<>,\\[\\] ?]+?\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*(.+?);\\s*$");

    private final String name;
    private final List<NotebookCell> sharedCells;
    private final List<NotebookCell> parameterCells;
    private final List<PipelineParameter> parameters;
    private final List<Step> steps;
    private final List<String> metrics;
    private final Path baseDirectory;

    private Pipeline(
            String name,
            List<NotebookCell> sharedCells,
            List<NotebookCell> parameterCells,
            List<PipelineParameter> parameters,
            List<Step> steps,
            List<String> metrics,
            Path baseDirectory) {
        this.name = name;
        this.sharedCells = List.copyOf(sharedCells);
        this.parameterCells = List.copyOf(parameterCells);
        this.parameters = List.copyOf(parameters);
        this.steps = List.copyOf(steps);
        this.metrics = List.copyOf(metrics);
        this.baseDirectory = baseDirectory;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The pipeline's name (a KFP pipeline name: lower case, digits, dashes). */
    public String name() {
        return name;
    }

    /** Cells every step runs first: the {@code imports} and {@code functions} cells. */
    public List<NotebookCell> sharedCells() {
        return sharedCells;
    }

    /** The {@code pipeline-parameters} cells, run in every step after the shared cells. */
    public List<NotebookCell> parameterCells() {
        return parameterCells;
    }

    public List<PipelineParameter> parameters() {
        return parameters;
    }

    /** The steps, each after every step it runs after. */
    public List<Step> steps() {
        return steps;
    }

    public Step step(String stepName) {
        return steps.stream()
                .filter(s -> s.name().equals(stepName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step '" + stepName + "' in pipeline " + name
                        + "; its steps are " + steps.stream().map(Step::name).toList()));
    }

    /** Variables named in {@code pipeline-metrics} cells: recorded as metrics of the step that makes them. */
    public List<String> metrics() {
        return metrics;
    }

    /** The folder relative paths (input files, {@code Path} parameters) are read from. */
    public Path baseDirectory() {
        return baseDirectory;
    }

    /** Builds a {@link Pipeline}, finding what crosses between its steps. */
    public static final class Builder {
        private final String name;
        private final List<NotebookCell> shared = new ArrayList<>();
        private final List<NotebookCell> parameterCells = new ArrayList<>();
        private final List<Step.Builder> steps = new ArrayList<>();
        private final List<String> metrics = new ArrayList<>();
        private Path baseDirectory = Path.of(".");
        private CompilerSession compiler;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            String kfpName = name.toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^a-z0-9-]+", "-")
                    .replaceAll("^-+|-+$", "");
            if (kfpName.isEmpty()) {
                throw new IllegalArgumentException(
                        "a pipeline needs a name with letters or digits, not '" + name + "'");
            }
            this.name = kfpName;
        }

        /** A cell of imports (and {@code %maven} lines) every step runs first. */
        public Builder imports(String code) {
            shared.add(NotebookCell.code(0, code, "imports"));
            return this;
        }

        /** A cell of functions, records and classes every step has. */
        public Builder functions(String code) {
            shared.add(NotebookCell.code(0, code, "functions"));
            return this;
        }

        Builder shared(NotebookCell cell) {
            shared.add(cell);
            return this;
        }

        /** A cell declaring the pipeline's parameters with their defaults ({@code double rate = 0.1;}). */
        public Builder parameters(String code) {
            parameterCells.add(NotebookCell.code(0, code, "pipeline-parameters"));
            return this;
        }

        Builder parameterCell(NotebookCell cell) {
            parameterCells.add(cell);
            return this;
        }

        public Builder step(Step.Builder step) {
            steps.add(step);
            return this;
        }

        /** Variables to record as metrics of the step that makes them. */
        public Builder metrics(String... names) {
            metrics.addAll(List.of(names));
            return this;
        }

        public Builder baseDirectory(Path folder) {
            this.baseDirectory = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /** The compiler to analyse the cells with (one kept between builds compiles only what changed). */
        public Builder compiler(CompilerSession session) {
            this.compiler = session;
            return this;
        }

        /**
         * Compiles every cell to learn what each step declares and reads, then gives each step its inputs, outputs
         * and the steps it runs after.
         *
         * @throws PipelineException for no steps, two steps of one name, an unknown or circular {@code prev}, a value
         *     that cannot cross, or code that does not compile (with the cell and line)
         */
        public Pipeline build() throws PipelineException {
            if (steps.isEmpty()) {
                throw new PipelineException("pipeline " + name + " has no steps: tag a cell step:NAME"
                        + " (or start it with %%fairing step NAME), or add Step.builder(NAME) in Java");
            }
            Map<String, Step.Builder> byName = new LinkedHashMap<>();
            for (Step.Builder step : steps) {
                if (byName.put(step.name(), step) != null) {
                    throw new PipelineException("two steps are named '" + step.name() + "': give each its own name");
                }
            }
            int number = 1;
            List<NotebookCell> sharedCells = new ArrayList<>();
            for (NotebookCell cell : shared) {
                sharedCells.add(renumber(cell, number++));
            }
            List<NotebookCell> params = new ArrayList<>();
            for (NotebookCell cell : parameterCells) {
                params.add(renumber(cell, number++));
            }
            Map<String, List<NotebookCell>> stepCells = new LinkedHashMap<>();
            Map<String, NotebookCell> loopCells = new HashMap<>();
            Map<String, NotebookCell> collectCells = new HashMap<>();
            List<NotebookCell> all = new ArrayList<>(sharedCells);
            all.addAll(params);
            for (Step.Builder step : steps) {
                StepLoop loop = step.declaredLoop();
                if (loop != null) {
                    // only to learn the element's type: the step reads its element as an input
                    NotebookCell typing = NotebookCell.code(
                            number++, "var " + loop.item() + " = " + loop.list() + ".iterator().next();");
                    loopCells.put(step.name(), typing);
                    all.add(typing);
                }
                for (StepCollected collect : step.declaredCollects()) {
                    // only to learn the list's type: the step reads the list as an input
                    NotebookCell typing = NotebookCell.code(
                            number++, "var " + collect.list() + " = java.util.List.of(" + collect.value() + ");");
                    collectCells.put(step.name() + "/" + collect.list(), typing);
                    all.add(typing);
                }
                List<NotebookCell> cells = new ArrayList<>();
                for (NotebookCell cell : step.cells()) {
                    cells.add(renumber(cell, number++));
                }
                stepCells.put(step.name(), cells);
                all.addAll(cells);
            }
            CompiledNotebook compiled = compile(all);

            Map<Integer, List<CompiledNotebook.Declaration>> byCell = new HashMap<>();
            Set<String> records = new HashSet<>();
            for (CompiledNotebook.Declaration d : compiled.declarations()) {
                byCell.computeIfAbsent(d.cell(), c -> new ArrayList<>()).add(d);
                if (d.kind() == CompiledNotebook.Declaration.Kind.RECORD) {
                    records.add(d.name());
                }
            }
            ValuePassing passing = new ValuePassing(records);

            List<PipelineParameter> parameters = new ArrayList<>();
            Map<String, StepValue> parameterValues = new LinkedHashMap<>();
            for (NotebookCell cell : params) {
                Map<String, String> literals = literals(cell.source());
                for (CompiledNotebook.Declaration d : variables(byCell, cell)) {
                    StepValue value = new StepValue(d.name(), d.type(), passingOf(passing, d, "pipeline parameter"));
                    parameterValues.put(d.name(), value);
                    parameters.add(new PipelineParameter(value, literals.get(d.name())));
                }
            }

            Map<String, String> producerOf = new HashMap<>();
            Map<String, CompiledNotebook.Declaration> declarationOf = new HashMap<>();
            Map<String, Set<String>> outputsOf = new LinkedHashMap<>();
            Map<String, List<Step.Input>> inputsOf = new LinkedHashMap<>();
            Map<String, Step.Input> conditionInputs = new HashMap<>();
            Map<String, Step.Input> loopInputs = new HashMap<>();
            for (Step.Builder step : steps) {
                List<NotebookCell> cells = stepCells.get(step.name());
                Set<String> declaredHere = new LinkedHashSet<>();
                Set<String> used = new LinkedHashSet<>();
                for (NotebookCell cell : cells) {
                    used.addAll(Identifiers.in(cell.source()));
                    variables(byCell, cell).forEach(d -> declaredHere.add(d.name()));
                }
                List<Step.Input> inputs = new ArrayList<>();
                StepLoop loop = step.declaredLoop();
                if (loop != null) {
                    if (step.declaredCondition() != null) {
                        throw new PipelineException("step " + step.name() + " has both a condition and a loop:"
                                + " give the loop to one step and the condition to another");
                    }
                    CompiledNotebook.Declaration item = variables(byCell, loopCells.get(step.name())).stream()
                            .filter(d -> d.name().equals(loop.item()))
                            .findFirst()
                            .orElseThrow(() -> new PipelineException(
                                    "step " + step.name() + ": " + loop + " does not name a list"));
                    inputs.add(new Step.Input(
                            new StepValue(item.name(), item.type(), passingOf(passing, item, "the item of " + loop)),
                            null));
                    loopInputs.put(
                            step.name(),
                            valueBefore(
                                    step,
                                    "for " + loop.item() + " in",
                                    loop.list(),
                                    producerOf,
                                    declarationOf,
                                    parameterValues,
                                    declaredHere,
                                    passing,
                                    outputsOf));
                    if (loopInputs.get(step.name()).value().passing() != StepValue.Passing.LIST) {
                        throw new PipelineException("step " + step.name() + " runs " + loop + ", but "
                                + loop.list() + " is a "
                                + loopInputs.get(step.name()).value().javaType()
                                + ", not a list passed as a KFP LIST parameter");
                    }
                }
                Set<String> collectedHere = new HashSet<>();
                for (StepCollected collect : step.declaredCollects()) {
                    inputs.add(collected(
                            step,
                            collect,
                            variables(byCell, collectCells.get(step.name() + "/" + collect.list())),
                            byName,
                            producerOf,
                            declarationOf,
                            declaredHere,
                            passing,
                            outputsOf));
                    collectedHere.add(collect.list());
                }
                for (String used1 : used) {
                    if (declaredHere.contains(used1)
                            || collectedHere.contains(used1)
                            || loop != null && used1.equals(loop.item())) {
                        continue;
                    }
                    String producer = producerOf.get(used1);
                    if (producer != null) {
                        CompiledNotebook.Declaration d = declarationOf.get(used1);
                        StepValue value =
                                new StepValue(used1, d.type(), passingOf(passing, d, "read by step " + step.name()));
                        inputs.add(new Step.Input(value, producer));
                        outputsOf
                                .computeIfAbsent(producer, p -> new LinkedHashSet<>())
                                .add(used1);
                        step.after(producer);
                    } else if (parameterValues.containsKey(used1)) {
                        inputs.add(new Step.Input(parameterValues.get(used1), null));
                    }
                }
                inputsOf.put(step.name(), inputs);
                StepCondition condition = step.declaredCondition();
                if (condition != null) {
                    conditionInputs.put(
                            step.name(),
                            conditionInput(
                                    step,
                                    condition,
                                    producerOf,
                                    declarationOf,
                                    parameterValues,
                                    declaredHere,
                                    passing,
                                    outputsOf));
                }
                Set<String> outputs = outputsOf.computeIfAbsent(step.name(), p -> new LinkedHashSet<>());
                for (NotebookCell cell : cells) {
                    for (CompiledNotebook.Declaration d : variables(byCell, cell)) {
                        producerOf.put(d.name(), step.name());
                        declarationOf.put(d.name(), d);
                        if (isModel(passing, d)) {
                            outputs.add(d.name());
                        }
                    }
                }
                for (String declared : step.declaredOutputs()) {
                    if (!declaredHere.contains(declared)) {
                        throw new PipelineException("step " + step.name() + " declares the output '" + declared
                                + "', but none of its cells declares that variable");
                    }
                    outputs.add(declared);
                }
            }
            List<String> stepMetrics = new ArrayList<>();
            for (String metric : metrics) {
                String producer = producerOf.get(metric);
                if (producer == null) {
                    continue; // a name the metrics cell uses that no step declares (System, a method): not a metric
                }
                passingOf(passing, declarationOf.get(metric), "a metric");
                stepMetrics.add(metric);
                outputsOf.computeIfAbsent(producer, p -> new LinkedHashSet<>()).add(metric);
            }

            List<Step> built = new ArrayList<>();
            for (Step.Builder step : steps) {
                for (String before : step.declaredAfter()) {
                    if (!byName.containsKey(before)) {
                        throw new PipelineException("step " + step.name() + " runs after '" + before
                                + "', which is no step of this pipeline; its steps are " + byName.keySet());
                    }
                }
                Step.Builder b = Step.builder(step.name())
                        .after(step.declaredAfter())
                        .resources(step.declaredResources())
                        .kubernetes(step.declaredKubernetes())
                        .retries(step.declaredRetries())
                        .when(step.declaredCondition())
                        .conditionInput(conditionInputs.get(step.name()))
                        .loop(step.declaredLoop())
                        .loopInput(loopInputs.get(step.name()))
                        .collects(step.declaredCollects())
                        .cells(stepCells.get(step.name()));
                inputsOf.get(step.name()).forEach(b::input);
                for (String out : outputsOf.getOrDefault(step.name(), Set.of())) {
                    CompiledNotebook.Declaration d = declarationOf.get(out);
                    b.output(new StepValue(out, d.type(), passingOf(passing, d, "written by step " + step.name())));
                }
                built.add(b.build());
            }
            checkConditionalValues(built);
            return new Pipeline(
                    name, sharedCells, params, parameters, order(built), stepMetrics, baseDirectory.toAbsolutePath());
        }

        /**
         * The list of a loop's values a step gathers: the loop's step writes the value, the step runs after it and
         * reads the list as a LIST parameter.
         */
        private static Step.Input collected(
                Step.Builder step,
                StepCollected collect,
                List<CompiledNotebook.Declaration> typing,
                Map<String, Step.Builder> byName,
                Map<String, String> producerOf,
                Map<String, CompiledNotebook.Declaration> declarationOf,
                Set<String> declaredHere,
                ValuePassing passing,
                Map<String, Set<String>> outputsOf)
                throws PipelineException {
            String where = "step " + step.name() + " collects " + collect.list() + " (every " + collect.value() + ")";
            if (step.declaredLoop() != null || step.declaredCondition() != null) {
                throw new PipelineException(where + ", but it runs "
                        + (step.declaredLoop() != null ? step.declaredLoop() : "if " + step.declaredCondition())
                        + ": a step that collects a loop's values runs once, after the loop; give the loop or"
                        + " condition to another step");
            }
            if (declaredHere.contains(collect.list())) {
                throw new PipelineException(where + ", but it declares " + collect.list() + " itself: give the list"
                        + " a name of its own");
            }
            String producer = producerOf.get(collect.value());
            if (producer == null) {
                throw new PipelineException(where + ", but no step before it declares " + collect.value());
            }
            if (byName.get(producer).declaredLoop() == null) {
                throw new PipelineException(where + ", but step " + producer + " that makes it runs once, not for"
                        + " each element of a list: read " + collect.value() + " as it is");
            }
            CompiledNotebook.Declaration value = declarationOf.get(collect.value());
            if (passingOf(passing, value, "collected by step " + step.name()).isArtifact()) {
                throw new PipelineException(where + ", but " + collect.value() + " is a " + value.type()
                        + " passed as a file: collect numbers, strings, booleans, or lists and maps of them (KFP"
                        + " parameters); write files to a volume both steps mount (pvc:CLAIM:/PATH) instead");
            }
            CompiledNotebook.Declaration list = typing.stream()
                    .filter(d -> d.name().equals(collect.list()))
                    .findFirst()
                    .orElseThrow(() -> new PipelineException(where + ": cannot tell the type of the list"));
            StepValue.Passing listPassing = passingOf(passing, list, where);
            if (listPassing != StepValue.Passing.LIST) {
                throw new PipelineException(
                        where + ", but a list of " + value.type() + " does not pass as a KFP" + " LIST parameter");
            }
            outputsOf.computeIfAbsent(producer, p -> new LinkedHashSet<>()).add(collect.value());
            step.after(producer);
            return new Step.Input(new StepValue(collect.list(), list.type(), listPassing), producer, collect.value());
        }

        /** The value a step's condition compares: an earlier step's output (a parameter) or a pipeline parameter. */
        private static Step.Input conditionInput(
                Step.Builder step,
                StepCondition condition,
                Map<String, String> producerOf,
                Map<String, CompiledNotebook.Declaration> declarationOf,
                Map<String, StepValue> parameterValues,
                Set<String> declaredHere,
                ValuePassing passing,
                Map<String, Set<String>> outputsOf)
                throws PipelineException {
            Step.Input input = valueBefore(
                    step,
                    "if " + condition + ":",
                    condition.variable(),
                    producerOf,
                    declarationOf,
                    parameterValues,
                    declaredHere,
                    passing,
                    outputsOf);
            if (input.value().passing().isArtifact()) {
                throw new PipelineException("step " + step.name() + " runs if " + condition + ", but "
                        + condition.variable() + " is a " + input.value().javaType() + " passed as a file; a"
                        + " condition compares a string, number or boolean");
            }
            return input;
        }

        /**
         * A value a step's condition or loop reads: an earlier step's output (which the step then runs after) or a
         * pipeline parameter.
         */
        private static Step.Input valueBefore(
                Step.Builder step,
                String role,
                String variable,
                Map<String, String> producerOf,
                Map<String, CompiledNotebook.Declaration> declarationOf,
                Map<String, StepValue> parameterValues,
                Set<String> declaredHere,
                ValuePassing passing,
                Map<String, Set<String>> outputsOf)
                throws PipelineException {
            if (declaredHere.contains(variable)) {
                throw new PipelineException("step " + step.name() + " runs " + role + " " + variable
                        + ", but it declares " + variable + " itself: it must be a value of an earlier step or a"
                        + " pipeline parameter");
            } else if (producerOf.containsKey(variable)) {
                String producer = producerOf.get(variable);
                CompiledNotebook.Declaration d = declarationOf.get(variable);
                outputsOf.computeIfAbsent(producer, p -> new LinkedHashSet<>()).add(variable);
                step.after(producer);
                return new Step.Input(
                        new StepValue(variable, d.type(), passingOf(passing, d, "read by step " + step.name())),
                        producer);
            } else if (parameterValues.containsKey(variable)) {
                return new Step.Input(parameterValues.get(variable), null);
            }
            throw new PipelineException("step " + step.name() + " runs " + role + " " + variable
                    + ", but no step before it and no pipeline parameter declares " + variable);
        }

        /**
         * A value made under a condition exists only when it held: only steps under the same condition may read it
         * (they run together, as in one {@code dsl.If} block).
         */
        private static void checkConditionalValues(List<Step> steps) throws PipelineException {
            Map<String, Step> byName = new HashMap<>();
            steps.forEach(s -> byName.put(s.name(), s));
            for (Step step : steps) {
                List<Step.Input> read = new ArrayList<>(step.inputs());
                if (step.conditionInput() != null) {
                    read.add(step.conditionInput());
                }
                for (Step.Input input : read) {
                    if (input.fromParameter()) {
                        continue;
                    }
                    if (byName.get(input.producer()).loop() != null && !input.isCollected()) {
                        throw new PipelineException("step " + step.name() + " reads "
                                + input.value().name()
                                + " from step " + input.producer() + ", which runs "
                                + byName.get(input.producer()).loop() + ": a later step reads the values of every"
                                + " run as a list, collect:" + input.value().name() + "s="
                                + input.value().name()
                                + " (--collect, Step.Builder.collect), under a name of its own");
                    }
                    StepCondition made = byName.get(input.producer()).condition();
                    if (made != null && !made.equals(step.condition())) {
                        throw new PipelineException("step " + step.name() + " reads "
                                + input.value().name()
                                + " from step " + input.producer() + ", which runs only if " + made
                                + ": give step " + step.name() + " the same condition (if:"
                                + made.variable() + made.operator() + made.literal() + ")");
                    }
                }
            }
        }

        private CompiledNotebook compile(List<NotebookCell> cells) throws PipelineException {
            try {
                var workload = Preprocessor.builder()
                        .baseDirectory(baseDirectory)
                        .build()
                        .fromNotebook(Notebook.ofCells(name, cells));
                if (compiler != null) {
                    return compiler.compile(workload);
                }
                try (CompilerSession session = new CompilerSession()) {
                    return session.compile(workload);
                }
            } catch (PipelineException e) {
                throw e;
            } catch (FairingException e) {
                throw new PipelineException("pipeline " + name + " does not compile: " + e.getMessage(), e);
            }
        }

        private static List<CompiledNotebook.Declaration> variables(
                Map<Integer, List<CompiledNotebook.Declaration>> byCell, NotebookCell cell) {
            return byCell.getOrDefault(cell.number(), List.of()).stream()
                    .filter(d -> d.kind() == CompiledNotebook.Declaration.Kind.VARIABLE)
                    .toList();
        }

        private static StepValue.Passing passingOf(ValuePassing passing, CompiledNotebook.Declaration d, String role)
                throws PipelineException {
            try {
                return passing.of(d.name(), d.type());
            } catch (PipelineException e) {
                throw new PipelineException(role + ": " + e.getMessage() + " (declared in cell " + d.cell() + ")");
            }
        }

        private static boolean isModel(ValuePassing passing, CompiledNotebook.Declaration d) {
            try {
                return passing.of(d.name(), d.type()) == StepValue.Passing.MODEL;
            } catch (PipelineException e) {
                return false;
            }
        }

        private static Map<String, String> literals(String code) {
            Map<String, String> literals = new HashMap<>();
            Matcher m = DECLARATION.matcher(code);
            while (m.find()) {
                literals.put(m.group(1), m.group(2));
            }
            return literals;
        }

        private static NotebookCell renumber(NotebookCell cell, int number) {
            return new NotebookCell(number, cell.type(), cell.source(), cell.tags());
        }

        /** The steps so that each comes after every step it runs after; a cycle is an error naming its steps. */
        private static List<Step> order(List<Step> steps) throws PipelineException {
            Map<String, Step> byName = new LinkedHashMap<>();
            steps.forEach(s -> byName.put(s.name(), s));
            List<Step> ordered = new ArrayList<>();
            Set<String> done = new HashSet<>();
            Set<String> visiting = new LinkedHashSet<>();
            for (Step step : steps) {
                visit(step, byName, done, visiting, ordered, new ArrayDeque<>());
            }
            return ordered;
        }

        private static void visit(
                Step step,
                Map<String, Step> byName,
                Set<String> done,
                Set<String> visiting,
                List<Step> ordered,
                Deque<String> path)
                throws PipelineException {
            if (done.contains(step.name())) {
                return;
            }
            path.addLast(step.name());
            if (!visiting.add(step.name())) {
                throw new PipelineException("steps run after each other in a circle: " + String.join(" -> ", path)
                        + "; remove one of these prev: tags");
            }
            for (String before : step.after()) {
                visit(byName.get(before), byName, done, visiting, ordered, path);
            }
            visiting.remove(step.name());
            path.removeLast();
            done.add(step.name());
            ordered.add(step);
        }
    }
}
