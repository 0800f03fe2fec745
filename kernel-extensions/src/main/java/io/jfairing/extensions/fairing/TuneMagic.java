package io.jfairing.extensions.fairing;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.jfairing.extensions.Workspace;
import io.jfairing.fairing.cli.jobs.JobOptions;
import io.jfairing.fairing.cli.jobs.TuningOptions;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.fairing.deploy.Tuning;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.Trial;
import io.jfairing.fairing.job.Tuner;
import io.jfairing.fairing.job.TuningHandle;
import io.jfairing.fairing.job.TuningOutcome;
import io.jfairing.kernel.spi.CellException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code %fairing tune}: a hyperparameter sweep of the session's code. Trials run on a local backend (random or grid
 * search) or as a Katib Experiment on Kubernetes; a table of trials is updated in the cell as each one finishes.
 */
@Command(
        name = "tune",
        description = {
            "Run a hyperparameter sweep of the cells this session ran: each trial gets its parameters as "
                    + "FAIRING_PARAM_<NAME> (TrainingContext.current().doubleParameter(...)) and reports metrics as "
                    + "name=value lines (TrainingContext.current().reportMetric(...)).",
            "  %%fairing tune --maximize accuracy --double lr=0.1:0.5:0.1 --int epochs=50:200:50 --algorithm grid --trials 8"
        })
final class TuneMagic implements Callable<Object> {
    private final Workspace workspace;
    private final FairingState state;
    private final String body;

    @Mixin
    WorkloadOptions workload = new WorkloadOptions();

    @Mixin
    JobOptions job = new JobOptions();

    @Mixin
    TuningOptions tuningOptions = new TuningOptions();

    TuneMagic(Workspace workspace, FairingState state, String body) {
        this.workspace = workspace;
        this.state = state;
        this.body = body;
    }

    @Override
    public Object call() throws Exception {
        ProjectConfig config = workspace.config();
        Tuning tuning = tuningOptions.tuning(job.kind);
        String defaultName = workspace.experiment() + "-tune";
        job.check(config, defaultName);
        Backend backend = state.jobs().backend(job.backend);
        Tuner tuner = tuningOptions.tuner(backend);
        JobRequest request = TrainMagic.prepare(
                workspace,
                state,
                workload,
                body,
                image -> job.spec(config, defaultName, image).tuning(tuning),
                backend,
                job);
        TuningHandle sweep = tuner.tune(request);
        state.sweep(sweep, tuning);
        workspace
                .frontend()
                .println("started sweep " + sweep.name() + " on " + backend.name() + ": " + tuning.algorithm()
                        + " search, up to " + tuning.maxTrialCount() + " trials, " + tuning.parallelTrialCount()
                        + " at once");
        TrialTable table = new TrialTable(tuning);
        TuningOutcome outcome;
        try (var trialsSubscription = sweep.onTrial(table::add)) {
            outcome = sweep.waitForCompletion(job.timeout());
        } catch (InterruptedException e) {
            Thread.interrupted();
            throw new CellException(
                    "Interrupted",
                    "the wait was interrupted; sweep " + sweep.name()
                            + " is still running its trials. Stop it with: %fairing delete " + sweep.name());
        }
        table.finish(outcome);
        if (outcome.best() == null) {
            throw new CellException(
                    "SweepFailed",
                    "sweep " + outcome.name() + " ended " + outcome.phase()
                            + " and no trial reported " + tuning.objectiveMetricName()
                            + " (print it as a name=value line: TrainingContext.current().reportMetric(\""
                            + tuning.objectiveMetricName() + "\", value))");
        }
        return JobMagics.html(TuningOptions.best(outcome, tuning));
    }

    static String format(Double value) {
        return TuningOptions.format(value);
    }

    /** The trials so far as a table in the cell, updated in place as each one finishes. */
    private final class TrialTable {
        private final Tuning tuning;
        private final List<Trial> trials = new ArrayList<>();
        private String id;

        TrialTable(Tuning tuning) {
            this.tuning = tuning;
        }

        synchronized void add(Trial trial) {
            trials.add(trial);
            show("trials (" + trials.size() + " finished)");
        }

        synchronized void finish(TuningOutcome outcome) {
            trials.clear();
            trials.addAll(outcome.trials());
            show("trials of " + outcome.name() + ": " + outcome.phase());
        }

        private void show(String caption) {
            DisplayData data = (DisplayData) JobMagics.html(TuningOptions.trials(tuning, trials, caption));
            if (id == null) {
                id = workspace.frontend().display(data);
            } else {
                workspace.frontend().update(id, data);
            }
        }
    }
}
