package io.jfairing.fairing.job;

import io.jfairing.metadata.Limits;
import io.jfairing.metadata.MetadataException;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.RunBatch;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.RunStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Records a job as a run of the metadata store, the same way on every backend. On submit ({@link #start}): a run in
 * {@link JobRequest#experiment()} with the request's parameters as params and the tags {@value #TAG_JOB_NAME},
 * {@value #TAG_BACKEND}, {@value #TAG_KIND}, {@value #TAG_IMAGE}, {@value #TAG_IMAGE_DIGEST} and
 * {@value #TAG_MANIFEST}. On the outcome ({@link #finish}): the run ends FINISHED, FAILED or KILLED, with the tags
 * {@value #TAG_PHASE}, {@value #TAG_FAILED_REPLICA}, {@value #TAG_EXIT_CODE}, {@value #TAG_REASON}.
 * The replicas log into the run through {@link #replicaEnvironment(JobRequest, Long)}.
 */
public final class JobRecorder {
    public static final String TAG_JOB_NAME = "jfairing.job.name";
    public static final String TAG_BACKEND = "jfairing.backend";
    public static final String TAG_KIND = "jfairing.job.kind";
    public static final String TAG_IMAGE = "jfairing.image";
    public static final String TAG_IMAGE_DIGEST = "jfairing.image.digest";
    /** The job's description: the Kubernetes manifest, or what a local backend started; cut to the tag limit. */
    public static final String TAG_MANIFEST = "jfairing.job.manifest";

    public static final String TAG_PHASE = "jfairing.outcome.phase";
    public static final String TAG_FAILED_REPLICA = "jfairing.outcome.failed-replica";
    public static final String TAG_EXIT_CODE = "jfairing.outcome.exit-code";
    public static final String TAG_REASON = "jfairing.outcome.reason";
    public static final String TAG_DURATION = "jfairing.outcome.duration-ms";
    /** A tuning trial's tag naming the sweep's run (as MLflow's {@code mlflow.parentRunId}). */
    public static final String TAG_PARENT_RUN = "jfairing.parent-run-id";

    private static final String CUT = "\n... (cut)";

    private final MetadataStore store;

    private JobRecorder(MetadataStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** A recorder writing to {@code store}. */
    public static JobRecorder to(MetadataStore store) {
        return new JobRecorder(store);
    }

    /**
     * Creates the job's run when the request names a store, and returns its id; null when the job is not recorded.
     *
     * @param manifest what was created (YAML or JSON), or null
     * @throws JobException when the store refuses the run (then nothing should be created)
     */
    public static Long start(JobRequest request, String backend, String manifest) throws JobException {
        if (request.store() == null) {
            return null;
        }
        return to(request.store()).startRun(request, backend, manifest);
    }

    /** Creates the run in {@code request.experiment()} and returns its id. */
    public long startRun(JobRequest request, String backend, String manifest) throws JobException {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_JOB_NAME, request.spec().name());
        tags.put(TAG_BACKEND, backend);
        tags.put(TAG_KIND, request.spec().kind().kind());
        tags.put(TAG_IMAGE, request.spec().image());
        if (request.imageDigest() != null) {
            tags.put(TAG_IMAGE_DIGEST, request.imageDigest());
        }
        if (manifest != null) {
            tags.put(TAG_MANIFEST, cut(manifest));
        }
        RunSpec.Builder spec =
                RunSpec.builder(request.experiment()).name(request.spec().name());
        tags.forEach(spec::tag);
        try {
            RunInfo run = store.createRun(spec.build());
            if (!request.parameters().isEmpty()) {
                store.logBatch(run.id(), new RunBatch(null, request.parameters(), null));
            }
            return run.id();
        } catch (MetadataException e) {
            throw new JobException(
                    "cannot record job " + request.spec().name() + " in the metadata store: " + e.getMessage(), e);
        }
    }

    /**
     * Ends the run with the outcome's status and tags. A store that fails here does not change the job's outcome:
     * the error is returned for the caller to report, null when all went well.
     */
    public static RuntimeException finish(MetadataStore store, JobOutcome outcome) {
        if (store == null || outcome.runId() == null) {
            return null;
        }
        return to(store).finish(outcome);
    }

    /** Ends {@code outcome.runId()}; see {@link #finish(MetadataStore, JobOutcome)}. */
    public RuntimeException finish(JobOutcome outcome) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_PHASE, outcome.phase().name());
        tags.put(TAG_DURATION, Long.toString(outcome.duration().toMillis()));
        if (outcome.failedReplica() != null) {
            tags.put(TAG_FAILED_REPLICA, outcome.failedReplica());
        }
        if (outcome.exitCode() != null) {
            tags.put(TAG_EXIT_CODE, outcome.exitCode().toString());
        }
        if (outcome.reason() != null) {
            tags.put(TAG_REASON, outcome.reason());
        }
        try {
            store.logBatch(outcome.runId(), new RunBatch(null, null, tags));
            store.endRun(outcome.runId(), status(outcome.phase()), null);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** The run status a job phase ends its run with. */
    public static RunStatus status(JobPhase phase) {
        return switch (phase) {
            case SUCCEEDED -> RunStatus.FINISHED;
            case CANCELLED -> RunStatus.KILLED;
            case FAILED -> RunStatus.FAILED;
            case PENDING, RUNNING -> RunStatus.RUNNING;
        };
    }

    /**
     * What every replica needs to log into the run: {@link JobEnvironment#RUN_ID} and
     * {@link JobEnvironment#METADATA_URI} (when the request gives one). Never the token.
     */
    public static Map<String, String> replicaEnvironment(JobRequest request, Long runId) {
        Map<String, String> env = new LinkedHashMap<>();
        if (runId != null) {
            env.put(JobEnvironment.RUN_ID, runId.toString());
        }
        if (request.metadataUri() != null) {
            env.put(JobEnvironment.METADATA_URI, request.metadataUri());
        }
        return env;
    }

    static String cut(String text) {
        int max = Limits.MAX_TAG_VALUE_LENGTH;
        return text.length() <= max ? text : text.substring(0, max - CUT.length()) + CUT;
    }
}
