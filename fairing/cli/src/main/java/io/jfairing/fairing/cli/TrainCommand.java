package io.jfairing.fairing.cli;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.cli.jobs.CodeOptions;
import io.jfairing.fairing.cli.jobs.JobBackends;
import io.jfairing.fairing.cli.jobs.JobOptions;
import io.jfairing.fairing.cli.jobs.JobTables;
import io.jfairing.fairing.cli.jobs.TrainingJobs;
import io.jfairing.fairing.cli.output.OutputOptions;
import io.jfairing.fairing.cli.project.ImageSettings;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobRequest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jfairing train NOTEBOOK}: the twin of {@code %fairing train --notebook NOTEBOOK}. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Run a notebook as a training job: child JVMs on this machine (local), podman containers (podman; the image is "
                    + "built and pushed first), or Kubernetes (kubernetes). Replica logs stream to the terminal; the outcome "
                    + "is recorded in the project's metadata store. Ctrl-C stops the watching, not the job.",
            "The twin of %%fairing train --notebook NOTEBOOK: the same settings (--project), the same job."
        })
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NOTEBOOK", description = "The .ipynb notebook to run.")
    Path notebook;

    @Mixin
    ProjectOption projectOption = new ProjectOption();

    @Mixin
    CodeOptions code = new CodeOptions();

    @Mixin
    JobOptions job = new JobOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        try (Project project = projectOption.open(notebook);
                JobBackends backends = new JobBackends(project)) {
            ProjectConfig config = project.config();
            String defaultName = project.experiment() + "-train";
            job.check(config, defaultName); // bad options fail here, before anything is built or created
            Backend backend = backends.backend(job.backend);
            JobBackends.requireFreeName(
                    backend,
                    job.spec(config, defaultName, "placeholder").build().name(),
                    "jfairing delete");
            JobRequest request = prepare(
                    project,
                    notebook,
                    code,
                    job,
                    backend,
                    spec.commandLine().getErr(),
                    image -> job.spec(config, defaultName, image));
            JobHandle handle = backend.submit(request);
            return follow(handle, job, output, spec.commandLine());
        }
    }

    /** What train and tune submit: the notebook compiled (local) or its image (podman, kubernetes). */
    static JobRequest prepare(
            Project project,
            Path notebook,
            CodeOptions code,
            JobOptions job,
            Backend backend,
            PrintWriter err,
            TrainingJobs.SpecForImage spec)
            throws Exception {
        if (!Files.isRegularFile(notebook)) {
            throw new UsageException(notebook + ": no such file");
        }
        return TrainingJobs.prepare(
                project,
                code.parameters,
                () -> build(project, notebook, code),
                () -> image(project, build(project, notebook, code), job.image, err),
                spec,
                backend,
                job);
    }

    static Fairing.Build build(Project project, Path notebook, CodeOptions code) {
        return code.applyTo(Fairing.notebook(notebook).baseDirectory(project.folder()));
    }

    /** The image of {@code build} in the project's registry, on the project's base image. */
    static BuiltImage image(Project project, Fairing.Build build, String image, PrintWriter err) throws Exception {
        String[] nameAndTag = ImageSettings.nameAndTag(image, project.experiment());
        ProgressPrinter progress = new ProgressPrinter(err, false);
        ImageSettings settings = ImageSettings.resolve(project.config(), progress);
        return build.baseImage(settings.baseImage())
                .insecureRegistries(settings.insecure())
                .listener(progress)
                .build(ImageTarget.registry(settings.reference(nameAndTag[0], nameAndTag[1])));
    }

    /** Says what was submitted, then (unless --no-wait) streams the logs and waits; 0 when the job succeeded. */
    static int follow(JobHandle handle, JobOptions job, OutputOptions output, CommandLine line) throws Exception {
        PrintWriter out = line.getOut();
        PrintWriter err = line.getErr();
        output.note(
                out,
                err,
                "submitted job " + handle.name() + " on " + handle.backend()
                        + (handle.runId() != null ? " (metadata run " + handle.runId() + ")" : ""));
        if (job.noWait) {
            if (output.json()) {
                Map<String, Object> submitted = new LinkedHashMap<>();
                submitted.put("job", handle.name());
                submitted.put("backend", handle.backend());
                submitted.put("metadata run", handle.runId() == null ? "" : Long.toString(handle.runId()));
                out.println(io.jfairing.fairing.cli.output.ResultTable.json(submitted));
                out.flush();
            }
            return 0;
        }
        PrintWriter logs = output.json() ? err : out;
        JobOutcome outcome;
        try (JobHandle.Subscription subscription = job.noLogs
                ? null
                : handle.followLogs(l -> {
                    logs.println(l.toString());
                    logs.flush();
                })) {
            outcome = handle.waitForCompletion(job.timeout());
        }
        output.print(out, JobTables.outcome(handle, outcome));
        if (!outcome.succeeded()) {
            err.println(outcome.describe());
            err.flush();
            return 1;
        }
        return 0;
    }
}
