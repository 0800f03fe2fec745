package io.jfairing.extensions.fairing;

import io.jfairing.extensions.display.Frontend;
import io.jfairing.extensions.display.StatusLine;
import io.jfairing.fairing.cli.jobs.JobTables;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.kernel.spi.CellException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Follows a job in the cell until it ends: a status line updated in place, every replica's log lines streamed as
 * they come, then the outcome. An interrupt stops the watching, not the job, and says so.
 */
final class CellJobView {
    private final Frontend frontend;

    CellJobView(Frontend frontend) {
        this.frontend = frontend;
    }

    /**
     * Waits for {@code handle}; returns the outcome's table on success.
     *
     * @throws CellException the job failed (which replica, exit code, reason, last lines), the wait was interrupted
     *                       or timed out (the job keeps running: how to follow or delete it)
     */
    Object await(JobHandle handle, boolean logs, Duration timeout) throws Exception {
        StatusLine status = new StatusLine(frontend);
        JobOutcome outcome;
        try (JobHandle.Subscription statusSubscription = handle.onStatus(s -> status.show(s.summary()));
                JobHandle.Subscription logSubscription =
                        logs ? handle.followLogs(line -> frontend.println(line.toString())) : null) {
            outcome = handle.waitForCompletion(timeout);
        } catch (InterruptedException e) {
            Thread.interrupted();
            throw new CellException("Interrupted", leftRunning(handle, "the wait was interrupted"));
        } catch (JobException e) {
            if (e.getMessage() != null
                            && e.getMessage().toLowerCase(Locale.ROOT).contains("timed out")
                    || e.getMessage() != null
                            && e.getMessage().toLowerCase(Locale.ROOT).contains("timeout")) {
                throw new CellException("Timeout", leftRunning(handle, e.getMessage()));
            }
            throw e;
        }
        status.show(outcome.describe().lines().findFirst().orElse(""));
        if (!outcome.succeeded()) {
            List<String> lines = new ArrayList<>(outcome.describe().lines().toList());
            if (outcome.runId() != null) {
                lines.add("recorded as run " + outcome.runId() + " (%metadata runs)");
            }
            throw new CellException("JobFailed", lines.get(0), lines);
        }
        return outcomeTable(handle, outcome);
    }

    /** What is left running and the commands that follow or remove it. */
    static String leftRunning(JobHandle handle, String why) {
        return why + "; job " + handle.name() + " is still running on " + handle.backend()
                + ". Follow it with: %fairing logs " + handle.name() + " --follow"
                + "   Stop and remove it with: %fairing delete " + handle.name();
    }

    static Object outcomeTable(JobHandle handle, JobOutcome outcome) {
        return JobMagics.html(JobTables.outcome(handle, outcome));
    }
}
