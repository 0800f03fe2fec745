package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.fairing.cli.pipelines.PipelineActions;
import io.jfairing.fairing.cli.pipelines.StepImageOptions;
import io.jfairing.fairing.pipeline.kfp.KfpRun;
import io.jfairing.fairing.pipeline.local.PipelineFailedException;
import io.jfairing.kernel.spi.CellException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %fairing pipeline compile|run|submit|status|logs NOTEBOOK}: the notebook's tagged steps as a pipeline (the
 * twin of {@code jfairing pipeline ...}; the work is {@link PipelineActions}').
 */
@Command(
        name = "pipeline",
        description =
                "A notebook as a pipeline of steps (tags step:NAME, prev:A,B, imports, functions, pipeline-parameters,"
                        + " pipeline-metrics, skip; or %%fairing step NAME): compile to KFP v2 IR, run here, submit to Kubeflow.")
final class PipelineMagic {
    private PipelineMagic() {}

    /** The command line of {@code %fairing pipeline}, its subcommands bound to the workspace. */
    static CommandLine commandLine(Workspace workspace) {
        CommandLine line = new CommandLine(new PipelineMagic());
        line.addSubcommand("compile", new Compile(workspace));
        line.addSubcommand("run", new RunLocally(workspace));
        line.addSubcommand("submit", new Submit(workspace));
        line.addSubcommand("status", new Status());
        line.addSubcommand("logs", new Logs());
        return line;
    }

    private static Path resolve(Workspace workspace, Path notebook) {
        return workspace.project().resolve(notebook);
    }

    @Command(name = "compile", description = "Compile the notebook's pipeline to KFP v2 IR (YAML) and show its steps.")
    static final class Compile implements Callable<Object> {
        private final Workspace workspace;

        @Parameters(index = "0", paramLabel = "NOTEBOOK")
        Path notebook;

        @Option(names = "--file", paramLabel = "FILE")
        Path output;

        @Mixin
        StepImageOptions images = new StepImageOptions();

        Compile(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Object call() throws Exception {
            return JobMagics.html(PipelineActions.compile(
                    workspace.projectContext(),
                    resolve(workspace, notebook),
                    output == null ? null : resolve(workspace, output),
                    images,
                    System.out::println));
        }
    }

    @Command(
            name = "run",
            description = "Run the notebook's pipeline on this machine: steps as child JVMs (--backend local) or podman"
                    + " containers of their images (--backend podman, built and pushed first), branches in parallel,"
                    + " unchanged steps from the cache, each step recorded in the metadata store.")
    static final class RunLocally implements Callable<Object> {
        private final Workspace workspace;

        @Parameters(index = "0", paramLabel = "NOTEBOOK")
        Path notebook;

        @Option(
                names = {"-p", "--parameter"},
                paramLabel = "NAME=VALUE")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--parallelism", defaultValue = "4")
        int parallelism;

        @Option(names = "--backend", defaultValue = "local", description = "local or podman")
        String backend;

        @Mixin
        StepImageOptions images = new StepImageOptions();

        RunLocally(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Object call() throws Exception {
            try {
                return JobMagics.html(PipelineActions.table(PipelineActions.run(
                        workspace.projectContext(),
                        resolve(workspace, notebook),
                        parameters,
                        parallelism,
                        backend,
                        images,
                        System.out::println)));
            } catch (PipelineFailedException e) {
                throw new CellException("PipelineFailedException", "%fairing: " + e.getMessage());
            }
        }
    }

    @Command(name = "submit", description = "Start a run of the notebook's pipeline on Kubeflow Pipelines.")
    static final class Submit implements Callable<Object> {
        private final Workspace workspace;

        @Parameters(index = "0", paramLabel = "NOTEBOOK")
        Path notebook;

        @Option(names = "--host", paramLabel = "URL")
        String host;

        @Option(names = "--token", paramLabel = "TOKEN")
        String token;

        @Option(names = "--kubeconfig", paramLabel = "FILE")
        Path kubeconfig;

        @Option(
                names = {"-p", "--parameter"},
                paramLabel = "NAME=VALUE")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Mixin
        StepImageOptions images = new StepImageOptions();

        @Option(names = "--version", paramLabel = "NAME")
        String version;

        Submit(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Object call() throws Exception {
            KfpRun run = PipelineActions.submit(
                    PipelineActions.kfp(host, token, kubeconfig),
                    workspace.projectContext(),
                    resolve(workspace, notebook),
                    images,
                    version,
                    parameters,
                    null,
                    System.out::println);
            return JobMagics.html(PipelineActions.table(run));
        }
    }

    @Command(name = "status", description = "The steps of a local run (the newest by default).")
    static final class Status implements Callable<Object> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "RUN")
        String run;

        @Override
        public Object call() throws Exception {
            return JobMagics.html(PipelineActions.table(PipelineActions.localRun(run)));
        }
    }

    @Command(name = "logs", description = "The log of a step of a local run (the newest by default).")
    static final class Logs implements Callable<Object> {
        @Parameters(index = "0", paramLabel = "STEP")
        String step;

        @Option(names = "--run", paramLabel = "RUN")
        String run;

        @Override
        public Object call() throws Exception {
            System.out.print(PipelineActions.log(run, step));
            return null;
        }
    }
}
