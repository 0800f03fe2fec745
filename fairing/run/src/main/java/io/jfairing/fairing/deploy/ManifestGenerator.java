package io.jfairing.fairing.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Turns a {@link JobSpec} into the manifest of one {@link JobKind}: a fabric8 {@code Job} for batch/v1, a
 * {@code GenericKubernetesResource} for the custom resources. Pure: nothing is created.
 */
public interface ManifestGenerator {

    HasMetadata generate(JobSpec spec);

    /** The generator for a kind. */
    static ManifestGenerator forKind(JobKind kind) {
        return switch (kind) {
            case JOB -> new BatchJobGenerator();
            case PYTORCH_JOB, TF_JOB, MPI_JOB, XGBOOST_JOB -> new TrainingOperatorGenerator(kind);
            case TRAIN_JOB -> new TrainJobGenerator();
            case EXPERIMENT -> new KatibExperimentGenerator();
        };
    }

    /** The manifest of {@code spec.kind()}. */
    static HasMetadata manifest(JobSpec spec) {
        return forKind(spec.kind()).generate(spec);
    }
}
