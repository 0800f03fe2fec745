package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.job.JobException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which operators the cluster serves, asked of the API server's discovery endpoints ({@code /apis/GROUP/VERSION}),
 * which every authenticated user may read (unlike the CRDs themselves). Answers are cached for the backend's life:
 * installing an operator while a backend is open needs a new backend.
 */
final class ApiDiscovery {
    static final ResourceDefinitionContext CLUSTER_TRAINING_RUNTIMES = new ResourceDefinitionContext.Builder()
            .withGroup("trainer.kubeflow.org")
            .withVersion("v1alpha1")
            .withPlural("clustertrainingruntimes")
            .withKind("ClusterTrainingRuntime")
            .withNamespaced(false)
            .build();
    static final ResourceDefinitionContext TRAINING_RUNTIMES = new ResourceDefinitionContext.Builder()
            .withGroup("trainer.kubeflow.org")
            .withVersion("v1alpha1")
            .withPlural("trainingruntimes")
            .withKind("TrainingRuntime")
            .withNamespaced(true)
            .build();

    private final KubernetesClient client;
    private final ApiErrors errors;
    private final Map<String, Set<String>> served = new ConcurrentHashMap<>();

    ApiDiscovery(KubernetesClient client, ApiErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    /** Whether the cluster serves this kind (always true for built-in kinds). */
    boolean serves(ClusterJobKind workload) throws JobException {
        return workload.isBuiltIn()
                || resources(workload.groupVersion())
                        .contains(workload.context().getPlural());
    }

    /** The kinds the cluster serves, in declaration order. */
    List<ClusterJobKind> served() throws JobException {
        List<ClusterJobKind> out = new java.util.ArrayList<>();
        for (ClusterJobKind w : ClusterJobKind.values()) {
            if (serves(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Checks that everything {@code spec} needs is installed: its kind's operator and, for a TrainJob, its runtime.
     *
     * @throws JobException naming what is missing and how to install it
     */
    void require(JobSpec spec, String namespace) throws JobException {
        ClusterJobKind workload = ClusterJobKind.of(spec.kind());
        if (!serves(workload)) {
            throw new JobException("the cluster does not serve "
                    + workload.kind().kind() + " (" + workload.resource() + ", "
                    + workload.groupVersion() + "): " + workload.operator() + " is not installed. Install it with: "
                    + workload.install());
        }
        if (workload == ClusterJobKind.EXPERIMENT && spec.tuning() != null) {
            ClusterJobKind trials = ClusterJobKind.of(spec.tuning().trialKind());
            if (!serves(trials)) {
                throw new JobException("the Katib Experiment runs its trials as "
                        + trials.kind().kind() + ", which the cluster " + "does not serve: " + trials.operator()
                        + " is not installed. Install it with: " + trials.install());
            }
        }
        if (workload == ClusterJobKind.TRAIN_JOB) {
            requireRuntime(spec.runtimeRef(), namespace);
        }
    }

    private void requireRuntime(String runtime, String namespace) throws JobException {
        if (findRuntime(CLUSTER_TRAINING_RUNTIMES, null, runtime)
                || findRuntime(TRAINING_RUNTIMES, namespace, runtime)) {
            return;
        }
        String known;
        try {
            known = client.genericKubernetesResources(CLUSTER_TRAINING_RUNTIMES).list().getItems().stream()
                    .map(r -> r.getMetadata().getName())
                    .sorted()
                    .collect(Collectors.joining(", "));
        } catch (KubernetesClientException e) {
            known = "";
        }
        throw new JobException("the TrainJob's runtime '" + runtime
                + "' is neither a ClusterTrainingRuntime nor a TrainingRuntime in "
                + "namespace " + namespace
                + (known.isEmpty()
                        ? "; no ClusterTrainingRuntime is installed: " + ClusterJobKind.Operators.TRAINER_INSTALL
                        : "; ClusterTrainingRuntimes installed: " + known));
    }

    private boolean findRuntime(ResourceDefinitionContext context, String namespace, String name) throws JobException {
        if (!resources(context.getGroup() + "/" + context.getVersion()).contains(context.getPlural())) {
            return false;
        }
        try {
            GenericKubernetesResource r = namespace == null
                    ? client.genericKubernetesResources(context).withName(name).get()
                    : client.genericKubernetesResources(context)
                            .inNamespace(namespace)
                            .withName(name)
                            .get();
            return r != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                // may not read runtimes: the API server will tell at create time whether the reference resolves
                return true;
            }
            throw errors.map(
                    e, "get", context.getPlural() + "." + context.getGroup(), context.getKind(), namespace, name);
        }
    }

    private Set<String> resources(String groupVersion) throws JobException {
        Set<String> cached = served.get(groupVersion);
        if (cached != null) {
            return cached;
        }
        APIResourceList list;
        try {
            list = client.getApiResources(groupVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                list = null;
            } else {
                throw errors.map(e, "get", "/apis/" + groupVersion, "API group", null, null);
            }
        }
        Set<String> names = Optional.ofNullable(list).map(APIResourceList::getResources).orElse(List.of()).stream()
                .map(APIResource::getName)
                .collect(Collectors.toUnmodifiableSet());
        served.put(groupVersion, names);
        return names;
    }
}
