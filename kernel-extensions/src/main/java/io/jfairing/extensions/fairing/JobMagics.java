package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.extensions.display.HtmlTable;
import io.jfairing.fairing.cli.jobs.JobTables;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.LogLine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %fairing jobs|status|logs|delete}: the jobs of a backend, one job's status, its logs, its removal. */
final class JobMagics {
    private JobMagics() {}

    /** A shared table, as the cell shows it. */
    static Object html(ResultTable table) {
        return new HtmlTable(table.caption(), table.header(), table.rows()).toDisplayData();
    }

    @Command(name = "jobs", description = "List the jobs jfairing started on a backend, newest first.")
    static final class Jobs implements Callable<Object> {
        private final FairingState state;

        @Option(
                names = {"-b", "--backend"},
                paramLabel = "BACKEND",
                description = "local, podman or kubernetes (default: the project's).")
        String backend;

        Jobs(FairingState state) {
            this.state = state;
        }

        @Override
        public Object call() throws Exception {
            var target = state.jobs().backend(backend);
            return html(JobTables.jobs(target.name(), target.list()));
        }
    }

    @Command(name = "status", description = "A job's phase and each replica's phase, exit code and reason.")
    static final class Status implements Callable<Object> {
        private final FairingState state;

        @Parameters(paramLabel = "JOB", description = "The job's name (see %%fairing jobs).")
        String name;

        @Option(
                names = {"-b", "--backend"},
                paramLabel = "BACKEND",
                description = "Where it runs (default: where this session started it, else the project's backend).")
        String backend;

        Status(FairingState state) {
            this.state = state;
        }

        @Override
        public Object call() throws Exception {
            JobHandle handle = state.jobs().find(name, backend);
            return html(JobTables.status(handle, handle.status()));
        }
    }

    @Command(
            name = "logs",
            description =
                    "A job's logs, every replica's lines prefixed by the replica; --follow streams them until the job ends.")
    static final class Logs implements Callable<Object> {
        private final Workspace workspace;
        private final FairingState state;

        @Parameters(paramLabel = "JOB", description = "The job's name.")
        String name;

        @Option(
                names = {"-f", "--follow"},
                description = "Keep streaming until the job ends (interrupt to stop watching).")
        boolean follow;

        @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines of each replica.")
        Integer tail;

        @Option(
                names = {"-b", "--backend"},
                paramLabel = "BACKEND",
                description = "Where it runs.")
        String backend;

        Logs(Workspace workspace, FairingState state) {
            this.workspace = workspace;
            this.state = state;
        }

        @Override
        public Object call() throws Exception {
            JobHandle handle = state.jobs().find(name, backend);
            if (follow) {
                return new CellJobView(workspace.frontend()).await(handle, true, Duration.ofDays(365));
            }
            List<LogLine> shown = JobTables.lastLines(handle.logs(), tail);
            shown.forEach(line -> workspace.frontend().println(line.toString()));
            return null;
        }
    }

    @Command(
            name = "delete",
            description =
                    "Stop a job, a sweep (with its trials) or a model server and remove it (pods, containers, work folders); its metadata run stays.")
    static final class Delete implements Callable<Object> {
        private final Workspace workspace;
        private final FairingState state;

        @Parameters(paramLabel = "JOB", arity = "1..*", description = "Jobs' names.")
        List<String> names;

        @Option(
                names = {"-b", "--backend"},
                paramLabel = "BACKEND",
                description = "Where they run.")
        String backend;

        Delete(Workspace workspace, FairingState state) {
            this.workspace = workspace;
            this.state = state;
        }

        @Override
        public Object call() throws Exception {
            for (String job : names) {
                io.jfairing.fairing.serve.ServingHandle serving = state.serving(job);
                if (serving != null && (backend == null || backend.equals(serving.backend()))) {
                    serving.delete();
                    state.forgetServing(job);
                    workspace.frontend().println("deleted model server " + job + " on " + serving.backend());
                    continue;
                }
                io.jfairing.fairing.job.TuningHandle sweep = state.forgetSweep(job);
                if (sweep != null) {
                    sweep.delete();
                    workspace.frontend().println("deleted sweep " + job + " and its trials");
                    continue;
                }
                JobHandle handle = state.jobs().find(job, backend);
                handle.delete();
                state.jobs().forget(job);
                workspace.frontend().println("deleted job " + job + " on " + handle.backend());
            }
            return null;
        }
    }
}
