package io.jfairing.fairing.serve;

import io.jfairing.metadata.MetadataStore;

/**
 * Where models are served: {@link LocalProcessServingBackend} (a child JVM on this machine), {@link PodmanServingBackend} (the
 * serving image in a local container), {@link KubernetesServingBackend} (a KServe InferenceService or a Deployment and
 * Service).
 */
public interface ServingBackend {
    /** Starts serving {@code spec} (a spec already deployed under that name is updated) and returns at once. */
    ServingHandle deploy(ServingSpec spec) throws ServeException;

    /** {@code local}, {@code podman} or {@code kubernetes}. */
    String name();

    /**
     * This backend, recording each deployment in {@code store}: a run of experiment
     * {@value RecordingBackend#EXPERIMENT} with the deployment's options, the model artifact it serves as its input
     * (linked to the run that logged it), the URL as a tag; the run ends when the deployment is deleted.
     */
    default ServingBackend recordedIn(MetadataStore store) {
        return new RecordingBackend(this, store);
    }
}
