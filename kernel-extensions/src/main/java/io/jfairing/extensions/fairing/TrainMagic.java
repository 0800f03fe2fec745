package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.fairing.cli.jobs.JobBackends;
import io.jfairing.fairing.cli.jobs.JobOptions;
import io.jfairing.fairing.cli.jobs.TrainingJobs;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code %fairing train} and {@code %%fairing train}: the session's code (or this cell's) as a training job on the
 * project's backend, followed in the cell until it ends.
 */
@Command(
        name = "train",
        description = {
            "Run the cells this session ran (or --cells, --notebook, or with %%fairing train the cell's body) as a "
                    + "training job: child JVMs on this machine (local), podman containers (podman; the image is built and "
                    + "pushed first), or Kubernetes (kubernetes). Replica logs stream into the cell; the outcome is recorded "
                    + "in the metadata store. Interrupting stops the watching, not the job."
        })
final class TrainMagic implements Callable<Object> {
    private final Workspace workspace;
    private final FairingState state;
    private final String body;

    @Mixin
    WorkloadOptions workload = new WorkloadOptions();

    @Mixin
    JobOptions job = new JobOptions();

    TrainMagic(Workspace workspace, FairingState state, String body) {
        this.workspace = workspace;
        this.state = state;
        this.body = body;
    }

    @Override
    public Object call() throws Exception {
        ProjectConfig config = workspace.config();
        String defaultName = workspace.experiment() + "-train";
        job.check(config, defaultName); // bad options fail here, before anything is built or created
        Backend backend = state.jobs().backend(job.backend);
        requireFreeName(
                backend, job.spec(config, defaultName, "placeholder").build().name());
        JobRequest request =
                prepare(workspace, state, workload, body, image -> job.spec(config, defaultName, image), backend, job);
        JobHandle handle = backend.submit(request);
        state.jobs().remember(handle);
        workspace
                .frontend()
                .println("submitted job " + handle.name() + " on " + handle.backend()
                        + (handle.runId() != null ? " (metadata run " + handle.runId() + ")" : ""));
        if (job.noWait) {
            return null;
        }
        return new CellJobView(workspace.frontend()).await(handle, !job.noLogs, job.timeout());
    }

    /** Fails before anything is built when {@code backend} already has a job of that name. */
    static void requireFreeName(Backend backend, String name) throws io.jfairing.fairing.cli.UsageException {
        JobBackends.requireFreeName(backend, name, "%fairing delete");
    }

    /**
     * The request for {@code backend}: for local processes, the compiled code in a folder (no image); for containers
     * and clusters, an image built and pushed first.
     */
    static JobRequest prepare(
            Workspace workspace,
            FairingState state,
            WorkloadOptions workload,
            String body,
            TrainingJobs.SpecForImage spec,
            Backend backend,
            JobOptions job)
            throws Exception {
        return TrainingJobs.prepare(
                workspace.projectContext(),
                workload.code.parameters,
                () -> state.workloads().build(workload, body),
                () -> BuildMagic.buildImage(workspace, state, workload, body, job.image, null),
                spec,
                backend,
                job);
    }
}
