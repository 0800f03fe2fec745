package io.jfairing.fairing.pipeline.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A finished local pipeline run: its id, folder, and each step's result in pipeline order. */
public record PipelineRun(String id, String pipeline, Path folder, List<StepResult> steps, Duration duration) {
    public PipelineRun {
        steps = List.copyOf(steps);
    }

    public Optional<StepResult> step(String name) {
        return steps.stream().filter(s -> s.step().equals(name)).findFirst();
    }

    /** Steps by how they ended. */
    public Map<String, StepState> states() {
        Map<String, StepState> states = new LinkedHashMap<>();
        steps.forEach(s -> states.put(s.step(), s.state()));
        return states;
    }

    public boolean succeeded() {
        return steps.stream()
                .allMatch(s -> s.state() == StepState.SUCCEEDED
                        || s.state() == StepState.CACHED
                        || s.state() == StepState.NOT_TRIGGERED);
    }
}
