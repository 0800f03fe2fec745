package io.jfairing.fairing.cli;

import io.jfairing.fairing.cli.jobs.CodeOptions;
import io.jfairing.fairing.cli.jobs.JobBackends;
import io.jfairing.fairing.cli.jobs.JobOptions;
import io.jfairing.fairing.cli.jobs.TuningOptions;
import io.jfairing.fairing.cli.output.OutputOptions;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.TuningHandle;
import io.jfairing.fairing.job.TuningOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jfairing tune NOTEBOOK}: the twin of {@code %fairing tune --notebook NOTEBOOK}. */
@Command(
        name = "tune",
        mixinStandardHelpOptions = true,
        description = {
            "Run a hyperparameter sweep of a notebook: each trial gets its parameters as FAIRING_PARAM_<NAME> and reports "
                    + "metrics as name=value lines. Trials run locally (random or grid search) or as a Katib Experiment.",
            "  jfairing tune train.ipynb --maximize accuracy --double lr=0.01:0.5 --int epochs=50:200:50 --algorithm grid --trials 8"
        })
final class TuneCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NOTEBOOK", description = "The .ipynb notebook to tune.")
    Path notebook;

    @Mixin
    ProjectOption projectOption = new ProjectOption();

    @Mixin
    CodeOptions code = new CodeOptions();

    @Mixin
    JobOptions job = new JobOptions();

    @Mixin
    TuningOptions tuningOptions = new TuningOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Project project = projectOption.open(notebook);
                JobBackends backends = new JobBackends(project)) {
            ProjectConfig config = project.config();
            Tuning tuning = tuningOptions.tuning(job.kind);
            String defaultName = project.experiment() + "-tune";
            job.check(config, defaultName);
            Backend backend = backends.backend(job.backend);
            var tuner = tuningOptions.tuner(backend);
            JobRequest request = TrainCommand.prepare(
                    project,
                    notebook,
                    code,
                    job,
                    backend,
                    err,
                    image -> job.spec(config, defaultName, image).tuning(tuning));
            TuningHandle sweep = tuner.tune(request);
            output.note(
                    out,
                    err,
                    "started sweep " + sweep.name() + " on " + backend.name() + ": " + tuning.algorithm()
                            + " search, up to " + tuning.maxTrialCount() + " trials, " + tuning.parallelTrialCount()
                            + " at once");
            TuningOutcome outcome;
            try (var trials = sweep.onTrial(trial -> output.note(
                    out,
                    err,
                    "trial " + trial.name() + " " + trial.phase() + " " + trial.parameters() + " "
                            + tuning.objectiveMetricName() + "=" + TuningOptions.format(trial.objective())))) {
                outcome = sweep.waitForCompletion(job.timeout());
            }
            if (!output.json()) {
                output.print(
                        out,
                        TuningOptions.trials(
                                tuning, outcome.trials(), "trials of " + outcome.name() + ": " + outcome.phase()));
            }
            if (outcome.best() == null) {
                err.println("sweep " + outcome.name() + " ended " + outcome.phase() + " and no trial reported "
                        + tuning.objectiveMetricName());
                err.flush();
                return 1;
            }
            output.print(out, TuningOptions.best(outcome, tuning));
            return 0;
        }
    }
}
