package io.jfairing.extensions.fairing;

import io.jfairing.fairing.cli.jobs.JobBackends;
import io.jfairing.fairing.job.Backend;

/** Makes the Kubernetes backend from the kubeconfig (or in-cluster config) and the project's namespace. */
final class KubernetesBackends {
    private KubernetesBackends() {}

    static io.jfairing.fairing.serve.ServingBackend serving(String namespace) {
        io.fabric8.kubernetes.client.KubernetesClient client =
                new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
        return io.jfairing.fairing.serve.KubernetesServingBackend.inferenceServices(
                namespace.isBlank()
                        ? client
                        : client.adapt(io.fabric8.kubernetes.client.NamespacedKubernetesClient.class)
                                .inNamespace(namespace));
    }

    /** Katib on the cluster {@code backend} (a {@link JobBackends#KUBERNETES} backend) talks to. */
    static io.jfairing.fairing.job.Tuner tuner(Backend backend) {
        return ((io.jfairing.fairing.backend.kubernetes.KubernetesJobBackend) backend).tuner();
    }
}
