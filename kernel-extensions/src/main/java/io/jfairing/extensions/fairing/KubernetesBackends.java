package io.jfairing.extensions.fairing;

import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobException;

/** Makes the Kubernetes backend from the kubeconfig (or in-cluster config) and the project's namespace. */
final class KubernetesBackends {
    private KubernetesBackends() {
    }

    static Backend create(String namespace) throws JobException {
        throw new JobException("the kubernetes backend is not available in this build");
    }

    static io.jfairing.fairing.job.Tuner tuner(Backend backend) {
        throw new IllegalStateException("no Katib tuner in this build");
    }
}
