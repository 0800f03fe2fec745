package io.jfairing.fairing.pipeline.local;

import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.LocalProgram;
import io.jfairing.fairing.pipeline.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A step run by a child JVM of this machine: the step's compiled notebook, its inputs and outputs at their paths. */
final class ProcessStepJob implements StepJob {
    private final Step step;
    private final LocalProgram program;

    ProcessStepJob(Step step, LocalProgram program) {
        this.step = step;
        this.program = program;
    }

    @Override
    public JobRequest request(String jobName, Map<String, StepCache.InputValue> inputs, Path outputs) {
        List<String> args = new ArrayList<>(program.args());
        args.addAll(
                StepJob.arguments(step, inputs, name -> inputs.get(name).file().toString(), outputs.toString()));
        LocalProgram withArgs = LocalProgram.ofMainClass(
                        program.classpath(), program.mainClass(), args.toArray(String[]::new))
                .withJvmOptions(program.jvmOptions().toArray(String[]::new));
        if (program.workingFiles() != null) {
            withArgs = withArgs.withWorkingFiles(program.workingFiles());
        }
        JobSpec spec = JobSpec.builder("jfairing.local/pipeline-step:" + step.name())
                .name(jobName)
                .build();
        return JobRequest.builder(spec).program(withArgs).build();
    }
}
