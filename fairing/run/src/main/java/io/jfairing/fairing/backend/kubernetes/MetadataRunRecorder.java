package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobRecorder;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.metadata.Limits;
import io.jfairing.metadata.RunBatch;

/**
 * {@link RunRecorder} through the job package's {@link JobRecorder}, so that a Kubernetes job's run has the same
 * params and tags as a local one: started before the manifest is made (its pods get the run's id), the manifest
 * (JSON) added as tag {@value JobRecorder#TAG_MANIFEST} once created, ended with the outcome.
 */
final class MetadataRunRecorder implements RunRecorder {
    static final String TAG_MANIFEST = JobRecorder.TAG_MANIFEST;

    @Override
    public Long start(JobRequest request, String backend) throws JobException {
        return JobRecorder.start(request, backend, null);
    }

    @Override
    public void manifest(JobRequest request, Long runId, HasMetadata manifest) {
        if (runId == null || request.store() == null) {
            return;
        }
        String json = Serialization.asJson(manifest);
        String value = json.length() <= Limits.MAX_TAG_VALUE_LENGTH
                ? json
                : "(" + json.length() + " characters, more than a tag holds) kubectl get " + manifest.getKind() + " "
                        + manifest.getMetadata().getName() + " -n "
                        + manifest.getMetadata().getNamespace() + " -o yaml";
        request.store()
                .logBatch(runId, RunBatch.builder().tag(TAG_MANIFEST, value).build());
    }

    @Override
    public void end(JobRequest request, Long runId, JobOutcome outcome) {
        if (runId == null || request == null || request.store() == null) {
            return;
        }
        JobRecorder.finish(
                request.store(),
                new JobOutcome(
                        outcome.jobName(),
                        outcome.phase(),
                        outcome.failedReplica(),
                        outcome.exitCode(),
                        outcome.reason(),
                        outcome.lastLogLines(),
                        outcome.duration(),
                        runId));
    }
}
