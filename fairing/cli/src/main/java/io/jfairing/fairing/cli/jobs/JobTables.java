package io.jfairing.fairing.cli.jobs;

import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.JobStatus;
import io.jfairing.fairing.job.LogLine;
import io.jfairing.fairing.job.ReplicaStatus;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The tables of jobs, status and outcome: what {@code %fairing jobs|status|train} and {@code jfairing jobs|status|train} show. */
public final class JobTables {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private JobTables() {}

    /** The jobs of {@code backend}, as {@code Backend.list()} gives them (newest first). */
    public static ResultTable jobs(String backend, List<JobStatus> jobs) {
        List<List<String>> rows = new ArrayList<>();
        for (JobStatus s : jobs) {
            long running = s.replicas().stream()
                    .filter(r -> r.phase() == JobPhase.RUNNING)
                    .count();
            rows.add(List.of(
                    s.name(),
                    s.phase().name(),
                    running + "/" + s.replicas().size(),
                    TIME.format(s.time()),
                    s.message()));
        }
        return new ResultTable("jobs on " + backend, List.of("name", "phase", "running", "as of", "message"), rows);
    }

    /** One job's replicas. */
    public static ResultTable status(JobHandle handle, JobStatus status) {
        List<List<String>> rows = new ArrayList<>();
        for (ReplicaStatus r : status.replicas()) {
            rows.add(List.of(
                    r.replica(),
                    r.phase().name(),
                    r.exitCode() == null ? "" : Integer.toString(r.exitCode()),
                    r.reason() == null ? "" : r.reason()));
        }
        return new ResultTable(
                status.summary() + (handle.runId() != null ? " (metadata run " + handle.runId() + ")" : ""),
                List.of("replica", "phase", "exit code", "reason"),
                rows);
    }

    /** How a job ended. */
    public static ResultTable outcome(JobHandle handle, JobOutcome outcome) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("job", outcome.jobName()));
        rows.add(List.of("backend", handle.backend()));
        rows.add(List.of("outcome", outcome.phase().name()));
        rows.add(List.of(
                "time", String.format(Locale.ROOT, "%.1f s", outcome.duration().toMillis() / 1000.0)));
        if (outcome.runId() != null) {
            rows.add(List.of("metadata run", Long.toString(outcome.runId())));
        }
        return ResultTable.properties("job " + outcome.jobName(), rows);
    }

    /** Every replica's last {@code tail} lines (all with null), in the order they came. */
    public static List<LogLine> lastLines(List<LogLine> all, Integer tail) {
        if (tail == null) {
            return all;
        }
        List<LogLine> shown = new ArrayList<>();
        all.stream().map(LogLine::replica).distinct().forEach(replica -> {
            List<LogLine> own =
                    all.stream().filter(l -> l.replica().equals(replica)).toList();
            shown.addAll(own.subList(Math.max(0, own.size() - tail), own.size()));
        });
        return shown;
    }
}
