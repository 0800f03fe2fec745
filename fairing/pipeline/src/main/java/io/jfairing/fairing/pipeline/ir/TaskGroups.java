package io.jfairing.fairing.pipeline.ir;

import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.StepCondition;
import io.jfairing.fairing.pipeline.StepLoop;
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
 * The steps of a pipeline under one condition, or one step run for each element of a list (a {@code dsl.ParallelFor}
 * sub-DAG {@code for-loop-N} with a {@code parameterIterator} over the list's channel, its element coming in as
 * {@code pipelinechannel--...-loop-item}), grouped as the KFP SDK groups the tasks of a {@code dsl.If} block: a
 * sub-DAG {@code condition-N} (numbered from 1 in step order) whose task in the root DAG carries the condition as its
 * {@code triggerPolicy} and passes in every value its steps read from outside it as an input named
 * {@code pipelinechannel--PRODUCER-NAME} (or {@code pipelinechannel--NAME} for a pipeline parameter).
 */
final class TaskGroups {
    /** One condition's steps, or a loop's step, and what crosses into them. */
    static final class Group {
        private final String name;
        private final StepCondition condition;
        private final Step.Input conditionInput;
        private final StepLoop loop;
        private final List<Step> steps = new ArrayList<>();
        private final Set<String> names = new LinkedHashSet<>();
        private final Map<String, Step.Input> collected = new LinkedHashMap<>();

        Group(String name, StepCondition condition, Step.Input conditionInput, StepLoop loop) {
            this.name = name;
            this.condition = condition;
            this.conditionInput = conditionInput;
            this.loop = loop;
        }

        /** A loop's group: null for a condition's. */
        StepLoop loop() {
            return loop;
        }

        /** Whether {@code input} is the element of the group's loop. */
        boolean isItem(Step.Input input) {
            return loop != null && input.fromParameter() && input.value().name().equals(loop.item());
        }

        /** The name {@code input}, read from outside, has inside the group. */
        String channelOf(Step.Input input) {
            return isItem(input) ? itemChannel() : channel(input);
        }

        /** The loop's element's name inside the group, as the SDK names it. */
        String itemChannel() {
            return channel(conditionInput) + "-loop-item";
        }

        /** The loop's element as the step reads it. */
        Step.Input item() {
            return steps.get(0).inputs().stream()
                    .filter(this::isItem)
                    .findFirst()
                    .orElseThrow();
        }

        String name() {
            return name;
        }

        /**
         * The values of the loop's step that steps after the loop collect, each once: the loop's DAG outputs them as
         * LIST parameters named by {@link #channel}, as the SDK outputs a {@code dsl.Collected} value.
         */
        List<Step.Input> collected() {
            return List.copyOf(collected.values());
        }

        List<Step> steps() {
            return steps;
        }

        /** Whether {@code step} (null: a pipeline parameter, which is outside) is one of the group's. */
        boolean contains(String step) {
            return step != null && names.contains(step);
        }

        /**
         * The values from outside: the condition's variable (the loop's list) first, then what the steps read, each
         * once, without a loop's element.
         */
        List<Step.Input> channels() {
            Map<String, Step.Input> byChannel = new LinkedHashMap<>();
            byChannel.put(channel(conditionInput), conditionInput);
            for (Step step : steps) {
                for (Step.Input input : step.inputs()) {
                    if (!contains(input.producer()) && !isItem(input)) {
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

    TaskGroups(List<Step> steps) {
        Map<StepCondition, Group> byCondition = new LinkedHashMap<>();
        for (Step step : steps) {
            if (step.loop() != null) {
                Group g = new Group("for-loop-" + (groups.size() + 1), null, step.loopInput(), step.loop());
                groups.add(g);
                g.steps.add(step);
                g.names.add(step.name());
                groupOf.put(step.name(), g);
                continue;
            }
            if (step.condition() == null) {
                continue;
            }
            Group group = byCondition.computeIfAbsent(step.condition(), c -> {
                Group g = new Group("condition-" + (groups.size() + 1), c, step.conditionInput(), null);
                groups.add(g);
                return g;
            });
            group.steps.add(step);
            group.names.add(step.name());
            groupOf.put(step.name(), group);
        }
        for (Step step : steps) {
            for (Step.Input input : step.inputs()) {
                if (input.isCollected()) {
                    groupOf.get(input.producer()).collected.putIfAbsent(channel(input), input);
                }
            }
        }
    }

    /** The group of {@code step}'s task (null: the root DAG). */
    Group groupOf(String step) {
        return groupOf.get(step);
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

    /**
     * The name a value from outside a condition has inside it, and the name a loop outputs a collected value under
     * ({@code pipelinechannel--PRODUCER-VALUE}).
     */
    static String channel(Step.Input input) {
        return "pipelinechannel--" + (input.fromParameter() ? "" : input.producer() + "-") + input.producerOutput();
    }
}
