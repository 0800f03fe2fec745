package io.jfairing.fairing.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jfairing.fairing.serve.KubernetesServingBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that say where a deployment lives: the backend, and for Kubernetes the namespace and the cluster. */
final class ServeTarget {
    @Option(
            names = {"--backend", "-b"},
            paramLabel = "BACKEND",
            defaultValue = "local",
            description = "local (a child JVM, foreground), podman or kubernetes (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(
            names = {"--namespace", "-n"},
            paramLabel = "NS",
            description = "Kubernetes namespace (default: the kubeconfig's).")
    String namespace;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "A kubeconfig (default: $KUBECONFIG, ~/.kube/config or in-cluster).")
    Path kubeconfig;

    @Option(names = "--no-kserve", description = "Kubernetes without KServe: a Deployment, a Service and an HPA.")
    boolean noKserve;

    KubernetesClient client() throws IOException {
        if (kubeconfig == null) {
            return new KubernetesClientBuilder().build();
        }
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8)))
                .build();
    }

    KubernetesServingBackend kubernetes(KubernetesClient client) {
        return noKserve
                ? KubernetesServingBackend.deployments(client)
                : KubernetesServingBackend.inferenceServices(client);
    }
}
