package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.metadata.Limits;
import io.jfairing.metadata.RunBatch;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.RunStatus;

/**
 * {@link RunRecorder} on the request's {@link io.jfairing.metadata.MetadataStore}: a run under
 * {@link JobRequest#experiment()} with the request's parameters as params and tags {@code jfairing.job.name},
 * {@code jfairing.backend}, {@code jfairing.job.kind}, {@code jfairing.image}, {@code jfairing.image.digest},
 * {@code jfairing.manifest} (JSON), and on the outcome {@code jfairing.outcome.*}.
 */
final class MetadataRunRecorder implements RunRecorder {
    static final String TAG_MANIFEST = "jfairing.manifest";

    @Override
    public Long start(JobRequest request, String backend) {
        if (request.store() == null) {
            return null;
        }
        RunSpec.Builder spec = RunSpec.builder(request.experiment()).name(request.spec().name())
                .tag("jfairing.job.name", request.spec().name())
                .tag("jfairing.backend", backend)
                .tag("jfairing.job.kind", request.spec().kind().kind())
                .tag("jfairing.image", request.spec().image());
        if (request.imageDigest() != null) {
            spec.tag("jfairing.image.digest", request.imageDigest());
        }
        long id = request.store().createRun(spec.build()).id();
        if (!request.parameters().isEmpty()) {
            RunBatch.Builder params = RunBatch.builder();
            request.parameters().forEach(params::param);
            request.store().logBatch(id, params.build());
        }
        return id;
    }

    @Override
    public void manifest(JobRequest request, Long runId, HasMetadata manifest) {
        if (runId == null || request.store() == null) {
            return;
        }
        String json = Serialization.asJson(manifest);
        String value = json.length() <= Limits.MAX_TAG_VALUE_LENGTH ? json
                : "(" + json.length() + " characters, more than a tag holds) kubectl get " + manifest.getKind() + " "
                + manifest.getMetadata().getName() + " -n " + manifest.getMetadata().getNamespace() + " -o yaml";
        request.store().logBatch(runId, RunBatch.builder().tag(TAG_MANIFEST, value).build());
    }

    @Override
    public void end(JobRequest request, Long runId, JobOutcome outcome) {
        if (runId == null || request == null || request.store() == null) {
            return;
        }
        RunBatch.Builder tags = RunBatch.builder().tag("jfairing.outcome.phase", outcome.phase().name());
        if (outcome.failedReplica() != null) {
            tags.tag("jfairing.outcome.failed_replica", outcome.failedReplica());
        }
        if (outcome.exitCode() != null) {
            tags.tag("jfairing.outcome.exit_code", outcome.exitCode().toString());
        }
        if (outcome.reason() != null) {
            tags.tag("jfairing.outcome.reason", outcome.reason());
        }
        request.store().logBatch(runId, tags.build());
        RunStatus status = switch (outcome.phase()) {
            case SUCCEEDED -> RunStatus.FINISHED;
            case CANCELLED -> RunStatus.KILLED;
            default -> RunStatus.FAILED;
        };
        request.store().endRun(runId, status, null);
    }
}
