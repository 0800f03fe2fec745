package io.jfairing.fairing.testing.workloads;

import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.Run;
import io.jfairing.runtime.runner.TrainingContext;

/** Logs metric {@code rank_seen} = its rank into the job's run (JFAIRING_RUN_ID in JFAIRING_METADATA_URI). */
public final class LogsToRun {
    private LogsToRun() {}

    public static void main(String[] args) {
        TrainingContext ctx = TrainingContext.current();
        try (MetadataStore store = MetadataStore.fromEnvironment()) {
            Run run = store.jobRun().orElseThrow();
            run.logMetric("rank_seen_" + ctx.rank(), ctx.rank());
            run.flush();
        }
        System.out.println("logged to run " + ctx.runId().orElseThrow());
    }
}
