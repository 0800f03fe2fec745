package io.jfairing.fairing.pipeline;

import io.jfairing.fairing.notebook.NotebookCell;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One step of a pipeline: its name, its own cells, the steps it runs after, the values it reads and writes (found by
 * {@link Pipeline.Builder#build()}), its resources and retries. Immutable.
 */
public final class Step {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /**
     * A value a step reads: from the step that wrote it, or from the pipeline's parameters ({@code producer} null);
     * {@code collected} names the value of a loop's step gathered as the list {@code value} (null for any other).
     */
    public record Input(StepValue value, String producer, String collected) {
        public Input(StepValue value, String producer) {
            this(value, producer, null);
        }

        public boolean fromParameter() {
            return producer == null;
        }

        /** Whether this is a list of the values of every run of a loop's step ({@link StepCollected}). */
        public boolean isCollected() {
            return collected != null;
        }

        /** The name of the output of {@code producer} this input reads. */
        public String producerOutput() {
            return collected != null ? collected : value.name();
        }
    }

    private final String name;
    private final List<NotebookCell> cells;
    private final Set<String> after;
    private final List<Input> inputs;
    private final List<StepValue> outputs;
    private final StepResources resources;
    private final StepKubernetes kubernetes;
    private final int retries;
    private final StepCondition condition;
    private final Input conditionInput;
    private final StepLoop loop;
    private final Input loopInput;
    private final List<StepCollected> collects;

    private Step(Builder b) {
        this.name = b.name;
        this.cells = List.copyOf(b.cells);
        this.after = Set.copyOf(new LinkedHashSet<>(b.after));
        this.inputs = List.copyOf(b.inputs);
        this.outputs = List.copyOf(b.outputs);
        this.resources = b.resources;
        this.kubernetes = b.kubernetes;
        this.retries = b.retries;
        this.condition = b.condition;
        this.conditionInput = b.conditionInput;
        this.loop = b.loop;
        this.loopInput = b.loopInput;
        this.collects = List.copyOf(b.collects);
    }

    /** A step named {@code name}: lower case letters, digits and dashes (a Kubernetes name), as KFP task names. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.cells.addAll(cells);
        b.after.addAll(after);
        b.inputs.addAll(inputs);
        b.outputs.addAll(outputs);
        b.resources = resources;
        b.kubernetes = kubernetes;
        b.retries = retries;
        b.condition = condition;
        b.conditionInput = conditionInput;
        b.loop = loop;
        b.loopInput = loopInput;
        b.collects.addAll(collects);
        return b;
    }

    public String name() {
        return name;
    }

    /** The step's own code cells, in notebook order (without the shared imports, functions and parameters). */
    public List<NotebookCell> cells() {
        return cells;
    }

    /** Every step this one runs after: the ones named with {@code prev:} and the ones it reads values from. */
    public Set<String> after() {
        return after;
    }

    public List<Input> inputs() {
        return inputs;
    }

    /** The values later steps read, in declaration order. */
    public List<StepValue> outputs() {
        return outputs;
    }

    public StepResources resources() {
        return resources;
    }

    /** The Kubernetes settings of the step's pod (volumes, secrets, config maps, node selection). */
    public StepKubernetes kubernetes() {
        return kubernetes;
    }

    /** How many times a failed run of this step is tried again. */
    public int retries() {
        return retries;
    }

    /** When the step runs (null: always); the step runs after the one making the condition's variable. */
    public StepCondition condition() {
        return condition;
    }

    /** Where the condition's variable comes from (null without a condition), as an input though no cell reads it. */
    public Input conditionInput() {
        return conditionInput;
    }

    /** The list the step runs once for each element of (null: it runs once). */
    public StepLoop loop() {
        return loop;
    }

    /**
     * Where the loop's list comes from (null without a loop); the element comes in as the input named
     * {@code loop().item()}, which has no producer.
     */
    public Input loopInput() {
        return loopInput;
    }

    /** The lists of a loop's values this step gathers (each also an input, with {@link Input#isCollected()}). */
    public List<StepCollected> collects() {
        return collects;
    }

    @Override
    public String toString() {
        return "step " + name;
    }

    /** Builds a {@link Step}. */
    public static final class Builder {
        private final String name;
        private final List<NotebookCell> cells = new ArrayList<>();
        private final Set<String> after = new LinkedHashSet<>();
        private final List<Input> inputs = new ArrayList<>();
        private final List<StepValue> outputs = new ArrayList<>();
        private final Set<String> declaredOutputs = new LinkedHashSet<>();
        private StepResources resources = StepResources.NONE;
        private StepKubernetes kubernetes = StepKubernetes.NONE;
        private int retries;
        private StepCondition condition;
        private Input conditionInput;
        private StepLoop loop;
        private Input loopInput;
        private final List<StepCollected> collects = new ArrayList<>();

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "step name '" + name
                                + "' must be lower case letters, digits and dashes, starting and ending with a letter or digit");
            }
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** Adds a cell of code (numbered after the ones before it when the pipeline is built). */
        public Builder code(String source) {
            cells.add(NotebookCell.code(0, source));
            return this;
        }

        public Builder cell(NotebookCell cell) {
            cells.add(cell);
            return this;
        }

        public Builder after(String... steps) {
            after.addAll(List.of(steps));
            return this;
        }

        public Builder after(java.util.Collection<String> steps) {
            after.addAll(steps);
            return this;
        }

        /** Values this step writes even when no later step reads them (a model is always written). */
        public Builder outputs(String... names) {
            declaredOutputs.addAll(List.of(names));
            return this;
        }

        Set<String> declaredOutputs() {
            return declaredOutputs;
        }

        /** Adds to the resources set so far (see {@link StepResources#with}). */
        public Builder addResources(StepResources value) {
            this.resources = resources.with(value);
            return this;
        }

        public Builder resources(StepResources value) {
            this.resources = Objects.requireNonNull(value, "resources");
            return this;
        }

        /** Adds to the Kubernetes settings set so far (see {@link StepKubernetes#with}). */
        public Builder addKubernetes(StepKubernetes value) {
            this.kubernetes = kubernetes.with(value);
            return this;
        }

        public Builder kubernetes(StepKubernetes value) {
            this.kubernetes = Objects.requireNonNull(value, "kubernetes");
            return this;
        }

        public Builder retries(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("retries cannot be negative: " + value);
            }
            this.retries = value;
            return this;
        }

        /** Runs the step only when {@code condition} holds (see {@link StepCondition}). */
        public Builder when(StepCondition value) {
            this.condition = value;
            return this;
        }

        /** Runs the step only when {@code condition}, written {@code VARIABLE OP VALUE}, holds. */
        public Builder when(String value) throws PipelineException {
            return when(StepCondition.parse(value));
        }

        /** Runs the step once for each element of the list {@code list}, as the variable {@code item}. */
        public Builder forEach(String item, String list) {
            this.loop = new StepLoop(item, list);
            return this;
        }

        /**
         * Gives the step the variable {@code list}: a {@code List} of the {@code value} every run of an earlier loop's
         * step wrote, in the order of the loop's elements.
         */
        public Builder collect(String list, String value) {
            return collect(new StepCollected(list, value));
        }

        Builder collect(StepCollected value) {
            collects.add(Objects.requireNonNull(value, "collect"));
            return this;
        }

        List<StepCollected> declaredCollects() {
            return collects;
        }

        Builder collects(List<StepCollected> values) {
            collects.clear();
            collects.addAll(values);
            return this;
        }

        Builder loop(StepLoop value) {
            this.loop = value;
            return this;
        }

        StepLoop declaredLoop() {
            return loop;
        }

        Builder loopInput(Input input) {
            this.loopInput = input;
            return this;
        }

        Builder conditionInput(Input input) {
            this.conditionInput = input;
            return this;
        }

        StepCondition declaredCondition() {
            return condition;
        }

        Builder input(Input input) {
            inputs.add(input);
            return this;
        }

        Builder output(StepValue value) {
            outputs.add(value);
            return this;
        }

        Builder cells(List<NotebookCell> newCells) {
            cells.clear();
            cells.addAll(newCells);
            return this;
        }

        List<NotebookCell> cells() {
            return cells;
        }

        Set<String> declaredAfter() {
            return after;
        }

        StepResources declaredResources() {
            return resources;
        }

        StepKubernetes declaredKubernetes() {
            return kubernetes;
        }

        int declaredRetries() {
            return retries;
        }

        public Step build() {
            return new Step(this);
        }
    }
}
