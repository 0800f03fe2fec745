package io.jfairing.metadata.bench;

import io.jfairing.metadata.Dataset;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.Model;
import io.jfairing.metadata.RunBatch;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.RunStatus;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Event;
import java.util.Random;

/**
 * Fills a store with generated runs for the dashboard's scale tests and benchmark: {@code runs} runs of one
 * experiment, each with 3 params, a tag, {@code metrics} metrics ({@code accuracy}, {@code loss}, {@code f1},
 * {@code m3}...), most of them finished; optionally a lineage graph (one dataset read by the first
 * {@code lineageRuns} runs, each writing a model: 1 + 2 x lineageRuns nodes) and one run with a long loss curve.
 * The same seed gives the same store.
 */
public final class GeneratedStore {
    private static final String[] LRS = {"0.1", "0.03", "0.01", "0.003", "0.001"};
    private static final String[] OPTIMIZERS = {"adam", "sgd", "adamw"};
    private static final String[] TEAMS = {"vision", "nlp", "speech", "tabular"};

    /** What was made: the experiment, the dataset at the root of the lineage (or -1), the long-curve run (or -1). */
    public record Made(long experimentId, long datasetId, long longCurveRunId) {}

    private final int runs;
    private final int metrics;
    private final int lineageRuns;
    private final int curvePoints;

    /**
     * @param runs runs in the experiment
     * @param metrics metrics per run (at least 3)
     * @param lineageRuns how many of the runs read the shared dataset and write a model (0: none)
     * @param curvePoints points of the long curve (0: no such run)
     */
    public GeneratedStore(int runs, int metrics, int lineageRuns, int curvePoints) {
        if (metrics < 3 || lineageRuns > runs) {
            throw new IllegalArgumentException("at least 3 metrics, and at most as many lineage runs as runs");
        }
        this.runs = runs;
        this.metrics = metrics;
        this.lineageRuns = lineageRuns;
        this.curvePoints = curvePoints;
    }

    /** Writes everything into {@code store} (experiment {@code name}) through its public API. */
    public Made fill(MetadataStore store, String name) {
        Random rnd = new Random(42);
        long experiment = store.experiment(name).id();
        Artifact dataset = null;
        for (int r = 0; r < runs; r++) {
            RunInfo run = store.createRun(RunSpec.builder(experiment)
                    .name("run-" + r)
                    .startTime(1_700_000_000_000L + r * 1000L)
                    .tag("team", TEAMS[rnd.nextInt(TEAMS.length)])
                    .build());
            RunBatch.Builder b = RunBatch.builder()
                    .param("lr", LRS[rnd.nextInt(LRS.length)])
                    .param("optimizer", OPTIMIZERS[rnd.nextInt(OPTIMIZERS.length)])
                    .param("batch_size", 32 << rnd.nextInt(4));
            b.metric(new MetricPoint("accuracy", 0.5 + 0.5 * rnd.nextDouble(), 10, 1));
            b.metric(new MetricPoint("loss", rnd.nextDouble(), 10, 1));
            b.metric(new MetricPoint("f1", rnd.nextDouble(), 10, 1));
            for (int m = 3; m < metrics; m++) {
                b.metric(new MetricPoint("m" + m, rnd.nextDouble(), 10, 1));
            }
            store.logBatch(run.id(), b.build());
            if (r < lineageRuns) {
                Dataset d = Dataset.builder()
                        .name("clicks")
                        .uri("s3://data/clicks/v1")
                        .version("v1")
                        .build();
                dataset = store.logArtifact(run.id(), Event.Type.INPUT, "train", d.toArtifact());
                Model model = Model.builder()
                        .name("ranker-" + r)
                        .uri("s3://models/ranker/" + r)
                        .framework("djl")
                        .build();
                store.logArtifact(run.id(), Event.Type.OUTPUT, "model", model.toArtifact());
            }
            if (rnd.nextInt(10) < 8) {
                store.endRun(run.id(), RunStatus.FINISHED, null);
            }
        }
        long curveRun = -1;
        if (curvePoints > 0) {
            curveRun = store.createRun(RunSpec.builder(experiment)
                            .name("long-curve")
                            .startTime(1_700_000_000_000L + runs * 1000L)
                            .build())
                    .id();
            RunBatch.Builder b = RunBatch.builder();
            int inBatch = 0;
            for (int step = 0; step < curvePoints; step++) {
                // a decaying loss with noise and a spike every 100,000 steps: what downsampling must keep visible
                double loss = 2.0 * Math.exp(-step / (curvePoints / 5.0)) + 0.05 * rnd.nextGaussian();
                if (step % 100_000 == 50_000) {
                    loss += 3;
                }
                b.metric(new MetricPoint("loss", loss, step, 1_700_000_000_000L + step * 10L));
                if (++inBatch == 1000) {
                    store.logBatch(curveRun, b.build());
                    b = RunBatch.builder();
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                store.logBatch(curveRun, b.build());
            }
            store.endRun(curveRun, RunStatus.FINISHED, null);
        }
        return new Made(experiment, dataset == null ? -1 : dataset.id(), curveRun);
    }
}
