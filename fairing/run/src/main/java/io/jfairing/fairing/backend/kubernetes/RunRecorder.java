package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobRequest;

/**
 * Records a job as a run of the metadata store: created before the manifest (whose pods get the run's id), the
 * manifest added once made, ended with the outcome. The contract every backend shares (to be served by the job
 * package's recorder when it exists); {@link MetadataRunRecorder} implements it on {@link JobRequest#store()}.
 */
interface RunRecorder {
    /** The new run's id, or null when the request is not recorded. */
    Long start(JobRequest request, String backend) throws io.jfairing.fairing.job.JobException;

    /** Adds the manifest that was created (JSON) to the run. */
    void manifest(JobRequest request, Long runId, HasMetadata manifest);

    /** Ends the run: FINISHED, FAILED or KILLED, with the failed replica, exit code and reason as tags. */
    void end(JobRequest request, Long runId, JobOutcome outcome);
}
