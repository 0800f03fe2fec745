package io.jfairing.fairing.cli;

import io.jfairing.fairing.cli.jobs.JobBackends;
import io.jfairing.fairing.cli.jobs.JobTables;
import io.jfairing.fairing.cli.output.OutputOptions;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobHandle;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jfairing jobs|status|logs|delete}: the twins of {@code %fairing jobs|status|logs|delete}. Jobs are found by
 * name through their backend, so these work on jobs a notebook or another command started.
 */
final class JobCommands {
    private JobCommands() {}

    /** What the job commands share: the project (for its backend setting) and the backend option. */
    abstract static class JobCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ProjectOption projectOption = new ProjectOption();

        @Option(
                names = {"-b", "--backend"},
                paramLabel = "BACKEND",
                description = "local, podman or kubernetes (default: the project's).")
        String backend;

        @Override
        public Integer call() throws Exception {
            try (Project project = projectOption.open(null);
                    JobBackends backends = new JobBackends(project)) {
                return run(
                        backends,
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
        }

        abstract int run(JobBackends backends, PrintWriter out, PrintWriter err) throws Exception;
    }

    @Command(
            name = "jobs",
            mixinStandardHelpOptions = true,
            description = "List the jobs jfairing started on a backend, newest first.")
    static final class Jobs extends JobCommand {
        @Mixin
        OutputOptions output = new OutputOptions();

        @Override
        int run(JobBackends backends, PrintWriter out, PrintWriter err) throws Exception {
            Backend target = backends.backend(backend);
            output.print(out, JobTables.jobs(target.name(), target.list()));
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "A job's phase and each replica's phase, exit code and reason.")
    static final class Status extends JobCommand {
        @Parameters(paramLabel = "JOB", description = "The job's name (see jfairing jobs).")
        String name;

        @Mixin
        OutputOptions output = new OutputOptions();

        @Override
        int run(JobBackends backends, PrintWriter out, PrintWriter err) throws Exception {
            JobHandle handle = backends.find(name, backend);
            output.print(out, JobTables.status(handle, handle.status()));
            return 0;
        }
    }

    @Command(
            name = "logs",
            mixinStandardHelpOptions = true,
            description =
                    "A job's logs, every replica's lines prefixed by the replica; --follow streams them until the job ends.")
    static final class Logs extends JobCommand {
        @Parameters(paramLabel = "JOB", description = "The job's name.")
        String name;

        @Option(
                names = {"-f", "--follow"},
                description = "Keep streaming until the job ends (Ctrl-C stops watching, not the job).")
        boolean follow;

        @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines of each replica.")
        Integer tail;

        @Override
        int run(JobBackends backends, PrintWriter out, PrintWriter err) throws Exception {
            JobHandle handle = backends.find(name, backend);
            if (follow) {
                try (JobHandle.Subscription subscription = handle.followLogs(line -> {
                    out.println(line.toString());
                    out.flush();
                })) {
                    return handle.waitForCompletion(Duration.ofDays(365)).succeeded() ? 0 : 1;
                }
            }
            JobTables.lastLines(handle.logs(), tail).forEach(line -> out.println(line.toString()));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Stop jobs and remove them (pods, containers, work folders); their metadata runs stay.")
    static final class Delete extends JobCommand {
        @Parameters(paramLabel = "JOB", arity = "1..*", description = "Jobs' names.")
        List<String> names;

        @Mixin
        OutputOptions output = new OutputOptions();

        @Override
        int run(JobBackends backends, PrintWriter out, PrintWriter err) throws Exception {
            List<Map<String, String>> deleted = new ArrayList<>();
            for (String job : names) {
                JobHandle handle = backends.find(job, backend);
                handle.delete();
                backends.forget(job);
                output.note(out, err, "deleted job " + job + " on " + handle.backend());
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("job", job);
                entry.put("backend", handle.backend());
                deleted.add(entry);
            }
            if (output.json()) {
                out.println(io.jfairing.fairing.cli.output.ResultTable.json(deleted));
                out.flush();
            }
            return 0;
        }
    }
}
