package io.jfairing.fairing.cli;

import io.jfairing.fairing.cli.output.OutputOptions;
import io.jfairing.fairing.cli.pipelines.PipelineActions;
import io.jfairing.fairing.cli.pipelines.StepImageOptions;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.fairing.pipeline.kfp.KfpClient;
import io.jfairing.fairing.pipeline.kfp.KfpRun;
import io.jfairing.fairing.pipeline.local.PipelineFailedException;
import io.jfairing.fairing.pipeline.local.PipelineRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jfairing pipeline compile|run|submit|status|logs}: the twins of {@code %fairing pipeline ...}. */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = {
            "A notebook as a pipeline of steps (cells tagged step:NAME, prev:A,B, imports, functions,"
                    + " pipeline-parameters, pipeline-metrics, skip; or %%fairing step NAME): compile it to Kubeflow"
                    + " Pipelines v2 IR, run it on this machine, or submit it to Kubeflow Pipelines."
        },
        subcommands = {
            PipelineCommand.Compile.class,
            PipelineCommand.RunLocally.class,
            PipelineCommand.Submit.class,
            PipelineCommand.Status.class,
            PipelineCommand.Logs.class
        })
final class PipelineCommand {
    /** Progress lines (steps starting and ending, images pushed) on standard error. */
    static Consumer<String> progress(CommandLine.Model.CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    /** {@code -p NAME=VALUE}, shared by run and submit. */
    static final class ParameterOptions {
        @Option(
                names = {"-p", "--parameter"},
                paramLabel = "NAME=VALUE",
                description = "A pipeline parameter (a string as is; numbers, lists, maps as JSON).")
        Map<String, String> parameters = new LinkedHashMap<>();
    }

    /** The KFP API and credentials, shared by submit and status. */
    static final class KfpOptions {
        @Option(
                names = "--host",
                paramLabel = "URL",
                description = "The Kubeflow Pipelines API, e.g. http://localhost:8080.")
        String host;

        @Option(
                names = "--token",
                paramLabel = "TOKEN",
                description = "Bearer token (default: $KFP_TOKEN, else the --kubeconfig user's token).")
        String token;

        @Option(
                names = "--kubeconfig",
                paramLabel = "FILE",
                description = "A kubeconfig whose current user's token to send.")
        Path kubeconfig;

        KfpClient client() throws Exception {
            return PipelineActions.kfp(host, token, kubeconfig);
        }
    }

    @Command(
            name = "compile",
            mixinStandardHelpOptions = true,
            description =
                    "Compile the notebook's pipeline to KFP v2 IR (YAML) and list its steps with what crosses between them.")
    static final class Compile implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NOTEBOOK")
        Path notebook;

        @Option(
                names = "--file",
                paramLabel = "FILE",
                description = "Where to write the IR (default: PIPELINE.yaml beside the notebook).")
        Path output;

        @Mixin
        StepImageOptions images = new StepImageOptions();

        @Mixin
        ProjectOption projectOption = new ProjectOption();

        @Mixin
        OutputOptions outputOptions = new OutputOptions();

        @Override
        public Integer call() throws Exception {
            try (Project project = projectOption.open(notebook)) {
                outputOptions.print(
                        spec.commandLine().getOut(),
                        PipelineActions.compile(project, notebook, output, images, progress(spec)));
            }
            return 0;
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Run the notebook's pipeline on this machine: each step a child JVM (--backend local) or a podman container"
                        + " of its image (--backend podman: the step images are built and pushed first), branches in"
                        + " parallel, steps whose code and inputs did not change taken from the cache, each step"
                        + " recorded in the metadata store.",
                "Fails naming the step that failed."
            })
    static final class RunLocally implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NOTEBOOK")
        Path notebook;

        @Mixin
        ParameterOptions parameters = new ParameterOptions();

        @Option(
                names = "--parallelism",
                defaultValue = "4",
                description = "Steps running at once at most (default: ${DEFAULT-VALUE}).")
        int parallelism;

        @Option(
                names = "--backend",
                defaultValue = "local",
                description =
                        "local (child JVMs) or podman (containers of the step images; default: ${DEFAULT-VALUE}).")
        String backend;

        @Mixin
        StepImageOptions images = new StepImageOptions();

        @Mixin
        ProjectOption projectOption = new ProjectOption();

        @Mixin
        OutputOptions output = new OutputOptions();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Project project = projectOption.open(notebook)) {
                PipelineRun run;
                try {
                    run = PipelineActions.run(
                            project, notebook, parameters.parameters, parallelism, backend, images, progress(spec));
                } catch (PipelineFailedException e) {
                    output.print(out, PipelineActions.table(e.run()));
                    err.println(e.getMessage());
                    return 1;
                }
                output.print(out, PipelineActions.table(run));
                return 0;
            }
        }
    }

    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = "Start a run of the notebook's pipeline on Kubeflow Pipelines (the spec inline), optionally"
                    + " uploading it as a pipeline version first, and follow it with --wait.")
    static final class Submit implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NOTEBOOK")
        Path notebook;

        @Mixin
        KfpOptions kfp = new KfpOptions();

        @Mixin
        ParameterOptions parameters = new ParameterOptions();

        @Mixin
        StepImageOptions images = new StepImageOptions();

        @Mixin
        ProjectOption projectOption = new ProjectOption();

        @Option(names = "--version", paramLabel = "NAME", description = "Also upload the pipeline as this version.")
        String version;

        @Option(names = "--experiment-id", paramLabel = "ID")
        String experimentId;

        @Option(names = "--wait", description = "Follow the run until it ends.")
        boolean await;

        @Mixin
        OutputOptions output = new OutputOptions();

        @Override
        public Integer call() throws Exception {
            KfpClient client = kfp.client();
            KfpRun run;
            try (Project project = projectOption.open(notebook)) {
                run = PipelineActions.submit(
                        client,
                        project,
                        notebook,
                        images,
                        version,
                        parameters.parameters,
                        experimentId,
                        progress(spec));
            }
            if (await) {
                PrintWriter err = spec.commandLine().getErr();
                run = client.waitForRun(run.runId(), Duration.ofHours(24), r -> {
                    err.println(r.runId() + ": " + r.state());
                    err.flush();
                });
            }
            output.print(spec.commandLine().getOut(), PipelineActions.table(run));
            return run.state().equals("FAILED") ? 1 : 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "The steps of a local run (the newest by default), or of a KFP run with --host.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "RUN")
        String run;

        @Mixin
        KfpOptions kfp = new KfpOptions();

        @Mixin
        OutputOptions output = new OutputOptions();

        @Override
        public Integer call() throws Exception {
            if (kfp.host != null) {
                if (run == null) {
                    throw new UsageException("give the KFP run id: jfairing pipeline status RUN --host URL");
                }
                output.print(
                        spec.commandLine().getOut(),
                        PipelineActions.table(kfp.client().getRun(run)));
            } else {
                output.print(spec.commandLine().getOut(), PipelineActions.table(PipelineActions.localRun(run)));
            }
            return 0;
        }
    }

    @Command(
            name = "logs",
            mixinStandardHelpOptions = true,
            description = "The log of a step of a local run (the newest by default).")
    static final class Logs implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "STEP")
        String step;

        @Option(names = "--run", paramLabel = "RUN", description = "The run id (default: the newest).")
        String run;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().print(PipelineActions.log(run, step));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
