package io.jfairing.fairing.pipeline.local;

import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.StepValue;
import io.jfairing.runtime.runner.StepData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one try of a step submits to the runner's backend: a program of this machine ({@link ProcessStepJob}) or a
 * container from the step's image ({@link ContainerStepJob}).
 */
interface StepJob {
    /** The job of one try: {@code inputs} by name, {@code outputs} the folder the step writes its outputs into. */
    JobRequest request(String jobName, Map<String, StepCache.InputValue> inputs, Path outputs) throws IOException;

    /** After the try's job ended (its outputs, if any, are in {@code outputs}). */
    default void ended(Path outputs) throws IOException {}

    /** The runner's arguments that bind the step's inputs and outputs, with the paths as the job sees them. */
    static List<String> arguments(
            Step step, Map<String, StepCache.InputValue> inputs, Function<String, String> inputPath, String outputs) {
        List<String> args = new ArrayList<>();
        inputs.forEach((name, value) -> {
            args.add(value.file() != null ? StepData.INPUT_PATH_ARG : StepData.INPUT_ARG);
            args.add(name + "=" + (value.file() != null ? inputPath.apply(name) : value.text()));
        });
        for (StepValue value : step.outputs()) {
            args.add(StepData.OUTPUT_ARG);
            args.add(value.name() + "=" + outputs + "/" + value.name());
        }
        return args;
    }
}
