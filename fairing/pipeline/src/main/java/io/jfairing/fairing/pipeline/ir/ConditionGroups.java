package io.jfairing.fairing.pipeline.ir;

import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.StepCondition;
import io.jfairing.fairing.pipeline.StepValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The steps of a pipeline under one condition, grouped as the KFP SDK groups the tasks of a {@code dsl.If} block: a
 * sub-DAG {@code condition-N} (numbered from 1 in step order) whose task in the root DAG carries the condition as its
 * {@code triggerPolicy} and passes in every value its steps read from outside it as an input named
 * {@code pipelinechannel--PRODUCER-NAME} (or {@code pipelinechannel--NAME} for a pipeline parameter).
 */
final class ConditionGroups {
    /** One condition's steps and what crosses into them. */
    static final class Group {
        private final String name;
        private final StepCondition condition;
        private final Step.Input conditionInput;
        private final List<Step> steps = new ArrayList<>();
        private final Set<String> names = new LinkedHashSet<>();

        Group(String name, StepCondition condition, Step.Input conditionInput) {
            this.name = name;
            this.condition = condition;
            this.conditionInput = conditionInput;
        }

        String name() {
            return name;
        }

        List<Step> steps() {
            return steps;
        }

        /** Whether {@code step} (null: a pipeline parameter, which is outside) is one of the group's. */
        boolean contains(String step) {
            return step != null && names.contains(step);
        }

        /** The values from outside: the condition's variable first, then what the steps read, each once. */
        List<Step.Input> channels() {
            Map<String, Step.Input> byChannel = new LinkedHashMap<>();
            byChannel.put(channel(conditionInput), conditionInput);
            for (Step step : steps) {
                for (Step.Input input : step.inputs()) {
                    if (!contains(input.producer())) {
                        byChannel.putIfAbsent(channel(input), input);
                    }
                }
            }
            return List.copyOf(byChannel.values());
        }

        /** The steps outside the group its steps run after. */
        Set<String> outsideAfter() {
            Set<String> after = new LinkedHashSet<>();
            for (Step step : steps) {
                step.after().stream().filter(s -> !contains(s)).forEach(after::add);
            }
            return after;
        }

        /** The condition in the CEL the KFP backend evaluates, as the SDK writes it. */
        String celCondition() {
            StepValue v = conditionInput.value();
            String operand = "inputs.parameter_values['" + channel(conditionInput) + "']";
            String literal = condition.literal();
            String right;
            switch (v.passing()) {
                case INTEGER -> {
                    operand = "int(" + operand + ")";
                    right = literal;
                }
                case DOUBLE -> right = literal;
                case BOOLEAN -> right = Boolean.toString(Boolean.parseBoolean(literal));
                default -> right = "'" + literal.replace("\\", "\\\\").replace("'", "\\'") + "'";
            }
            return operand + " " + condition.operator() + " " + right;
        }
    }

    private final List<Group> groups = new ArrayList<>();
    private final Map<String, Group> groupOf = new HashMap<>();

    ConditionGroups(List<Step> steps) {
        Map<StepCondition, Group> byCondition = new LinkedHashMap<>();
        for (Step step : steps) {
            if (step.condition() == null) {
                continue;
            }
            Group group = byCondition.computeIfAbsent(step.condition(), c -> {
                Group g = new Group("condition-" + (byCondition.size() + 1), c, step.conditionInput());
                groups.add(g);
                return g;
            });
            group.steps.add(step);
            group.names.add(step.name());
            groupOf.put(step.name(), group);
        }
    }

    List<Group> groups() {
        return groups;
    }

    /**
     * The tasks a task in {@code group} (null: the root DAG) runs after: a step inside the group by its name, a step
     * of another condition by that condition's task, sorted as the SDK sorts them.
     */
    TreeSet<String> dependentTasks(Collection<String> after, Group group) {
        TreeSet<String> tasks = new TreeSet<>();
        for (String step : after) {
            Group other = groupOf.get(step);
            if (group != null && group.contains(step)) {
                tasks.add(step);
            } else if (group == null) {
                tasks.add(other == null ? step : other.name());
            }
        }
        return tasks;
    }

    /** The name a value from outside a condition has inside it. */
    static String channel(Step.Input input) {
        return "pipelinechannel--"
                + (input.fromParameter() ? "" : input.producer() + "-")
                + input.value().name();
    }
}
