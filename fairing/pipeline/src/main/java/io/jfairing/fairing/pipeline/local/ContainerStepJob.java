package io.jfairing.fairing.pipeline.local;

import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.job.HostFolder;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.ir.IrCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A step run as a container of its image (pinned by digest): each input file mounted read-only at
 * {@value #INPUTS}{@code /NAME}, the try's outputs folder mounted at {@value #OUTPUTS}, writable by the image's user
 * while the container runs.
 */
final class ContainerStepJob implements StepJob {
    static final String INPUTS = "/app/step/in";
    static final String OUTPUTS = "/app/step/out";

    private final Step step;
    private final IrCompiler.StepImage image;

    ContainerStepJob(Step step, IrCompiler.StepImage image) {
        this.step = step;
        this.image = image;
    }

    @Override
    public JobRequest request(String jobName, Map<String, StepCache.InputValue> inputs, Path outputs)
            throws IOException {
        // the image's user (1000) writes there, whoever runs podman
        Files.setPosixFilePermissions(outputs, PosixFilePermissions.fromString("rwxrwxrwx"));
        JobSpec spec = JobSpec.builder(image.image())
                .name(jobName)
                .command(image.command())
                .args(StepJob.arguments(step, inputs, name -> INPUTS + "/" + name, OUTPUTS))
                .build();
        JobRequest.Builder request = JobRequest.builder(spec);
        inputs.forEach((name, value) -> {
            if (value.file() != null) {
                request.hostFolder(new HostFolder(value.file().toAbsolutePath(), INPUTS + "/" + name, true));
            }
        });
        return request.hostFolder(new HostFolder(outputs.toAbsolutePath(), OUTPUTS, false))
                .build();
    }

    @Override
    public void ended(Path outputs) throws IOException {
        Files.setPosixFilePermissions(outputs, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
