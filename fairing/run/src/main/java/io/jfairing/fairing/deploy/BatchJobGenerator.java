package io.jfairing.fairing.deploy;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import java.util.Map;

/** {@code batch/v1 Job}: {@code replicas} pods in parallel (parallelism = completions), pods never restarted in place. */
public final class BatchJobGenerator implements ManifestGenerator {

    @Override
    public Job generate(JobSpec spec) {
        return new JobBuilder()
                .withMetadata(PodTemplates.metadata(spec))
                .withSpec(jobSpec(spec, Map.of()))
                .build();
    }

    static io.fabric8.kubernetes.api.model.batch.v1.JobSpec jobSpec(JobSpec spec, Map<String, String> extraEnv) {
        int n = spec.workers();
        RunPolicy policy = spec.runPolicy();
        return new JobSpecBuilder()
                .withParallelism(n)
                .withCompletions(n)
                .withBackoffLimit(policy.backoffLimit())
                .withTtlSecondsAfterFinished(policy.ttlSecondsAfterFinished())
                .withActiveDeadlineSeconds(policy.activeDeadlineSeconds())
                .withTemplate(PodTemplates.template(spec, JobKind.JOB, null, extraEnv))
                .build();
    }
}
