package io.jfairing.fairing.serve;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jfairing.runtime.server.ServingMain;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Serves on Kubernetes with the fabric8 client: a KServe {@code InferenceService} ({@link #inferenceServices}) or a
 * plain {@code Deployment} + {@code Service} (+ HPA) for clusters without KServe ({@link #deployments}). Deploying a
 * name that exists updates it (with a canary percent, KServe splits the traffic between the old and the new
 * revision). API errors become {@link ServeException}s that say what to do: 403 (missing rights), 409 (changed
 * meanwhile), 404 on the InferenceService API (KServe not installed), an unreachable API server.
 */
public final class KubernetesServingBackend implements ServingBackend {
    static final ResourceDefinitionContext INFERENCE_SERVICES = new ResourceDefinitionContext.Builder()
            .withGroup(InferenceServiceGenerator.GROUP)
            .withVersion("v1beta1")
            .withKind(InferenceServiceGenerator.KIND)
            .withPlural(InferenceServiceGenerator.PLURAL)
            .withNamespaced(true)
            .build();

    private final KubernetesClient client;
    private final boolean kserve;

    private KubernetesServingBackend(KubernetesClient client, boolean kserve) {
        this.client = Objects.requireNonNull(client, "client");
        this.kserve = kserve;
    }

    /** KServe InferenceServices. */
    public static KubernetesServingBackend inferenceServices(KubernetesClient client) {
        return new KubernetesServingBackend(client, true);
    }

    /** Deployments, Services and HPAs (no KServe needed). */
    public static KubernetesServingBackend deployments(KubernetesClient client) {
        return new KubernetesServingBackend(client, false);
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    private String namespace(ServingSpec spec) {
        return spec.namespace().orElseGet(() -> client.getNamespace() != null ? client.getNamespace() : "default");
    }

    @Override
    public ServingHandle deploy(ServingSpec spec) throws ServeException {
        String namespace = namespace(spec);
        if (kserve) {
            GenericKubernetesResource isvc = new InferenceServiceGenerator().generate(spec);
            isvc.getMetadata().setNamespace(namespace);
            Resource<GenericKubernetesResource> resource = inferenceService(namespace, spec.name());
            call("create or update", "InferenceService", spec.name(), namespace, () -> {
                GenericKubernetesResource existing = resource.get();
                if (existing == null) {
                    return client.genericKubernetesResources(INFERENCE_SERVICES)
                            .inNamespace(namespace)
                            .resource(isvc)
                            .create();
                }
                isvc.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                return client.genericKubernetesResources(INFERENCE_SERVICES)
                        .inNamespace(namespace)
                        .resource(isvc)
                        .update();
            });
        } else {
            for (HasMetadata object : new DeploymentGenerator().generate(spec)) {
                object.getMetadata().setNamespace(namespace);
                call(
                        "create or update",
                        object.getKind(),
                        spec.name(),
                        namespace,
                        () -> client.resource(object).inNamespace(namespace).createOr(NonDeletingOperation::update));
            }
        }
        return new KubernetesHandle(spec, namespace);
    }

    /**
     * The handle of a deployment made earlier (to predict, read logs, promote or delete from another session); the
     * model name is read from the deployed container's {@code FAIRING_MODEL_NAME}.
     */
    public ServingHandle attach(String name, String namespace) throws ServeException {
        ServingSpec probe = ServingSpec.builder(name).namespace(namespace).build();
        String ns = namespace(probe);
        String kind = kserve ? "InferenceService" : "Deployment";
        List<io.fabric8.kubernetes.api.model.EnvVar> env = call("get", kind, probe.name(), ns, () -> {
            if (kserve) {
                GenericKubernetesResource isvc =
                        inferenceService(ns, probe.name()).get();
                if (isvc == null) {
                    return null;
                }
                Object containers = InferenceServiceGenerator.predictor(isvc).get("containers");
                if (!(containers instanceof List<?> list) || list.isEmpty()) {
                    return List.<io.fabric8.kubernetes.api.model.EnvVar>of();
                }
                io.fabric8.kubernetes.api.model.Container c = client.getKubernetesSerialization()
                        .convertValue(list.get(0), io.fabric8.kubernetes.api.model.Container.class);
                return c.getEnv() == null ? List.<io.fabric8.kubernetes.api.model.EnvVar>of() : c.getEnv();
            }
            Deployment d = client.apps()
                    .deployments()
                    .inNamespace(ns)
                    .withName(probe.name())
                    .get();
            if (d == null) {
                return null;
            }
            List<io.fabric8.kubernetes.api.model.EnvVar> vars =
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            return vars == null ? List.<io.fabric8.kubernetes.api.model.EnvVar>of() : vars;
        });
        if (env == null) {
            throw new ServeException("no " + kind + " named " + probe.name() + " in namespace " + ns, 404, null);
        }
        String modelName = env.stream()
                .filter(e -> ServingMain.ENV_MODEL_NAME.equals(e.getName()) && e.getValue() != null)
                .map(io.fabric8.kubernetes.api.model.EnvVar::getValue)
                .findFirst()
                .orElse(probe.name());
        return new KubernetesHandle(probe.toBuilder().modelName(modelName).build(), ns);
    }

    private Resource<GenericKubernetesResource> inferenceService(String namespace, String name) {
        return client.genericKubernetesResources(INFERENCE_SERVICES)
                .inNamespace(namespace)
                .withName(name);
    }

    /** A deployment on the cluster. */
    final class KubernetesHandle implements ServingHandle {
        private final ServingSpec spec;
        private final String namespace;
        private volatile URI url;

        KubernetesHandle(ServingSpec spec, String namespace) {
            this.spec = spec;
            this.namespace = namespace;
            this.url = URI.create("http://" + spec.name() + "." + namespace + ".svc.cluster.local");
        }

        @Override
        public String name() {
            return spec.name();
        }

        @Override
        public String modelName() {
            return spec.modelName();
        }

        @Override
        public String backend() {
            return "kubernetes";
        }

        public String namespace() {
            return namespace;
        }

        /** The cluster address; KServe's {@code status.address.url} once the service is ready. */
        @Override
        public URI url() {
            return url;
        }

        @Override
        public ServingHandle waitUntilReady(Duration timeout) throws ServeException {
            long deadline = System.nanoTime() + timeout.toNanos();
            String last = "not created yet";
            while (System.nanoTime() < deadline) {
                if (kserve) {
                    GenericKubernetesResource isvc = call(
                            "get",
                            "InferenceService",
                            name(),
                            namespace,
                            () -> inferenceService(namespace, name()).get());
                    if (isvc == null) {
                        throw new ServeException(
                                "the InferenceService " + name() + " in namespace " + namespace
                                        + " was deleted while waiting for it",
                                404,
                                null);
                    }
                    Status status = Status.of(isvc);
                    if (status.ready()) {
                        status.url().ifPresent(u -> url = u);
                        return this;
                    }
                    last = status.describe();
                } else {
                    Deployment d = call(
                            "get",
                            "Deployment",
                            name(),
                            namespace,
                            () -> client.apps()
                                    .deployments()
                                    .inNamespace(namespace)
                                    .withName(name())
                                    .get());
                    if (d == null) {
                        throw new ServeException(
                                "the Deployment " + name() + " in namespace " + namespace
                                        + " was deleted while waiting for it",
                                404,
                                null);
                    }
                    Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
                    if (ready != null && ready >= 1) {
                        return this;
                    }
                    last = (ready == null ? 0 : ready) + " ready replicas";
                }
                Polling.sleep(250);
            }
            throw new ServeException((kserve ? "the InferenceService " : "the Deployment ") + name() + " in namespace "
                    + namespace + " was not ready after " + timeout.toSeconds() + " s (" + last + ")");
        }

        @Override
        public String logs() throws ServeException {
            String selector = kserve ? InferenceServiceGenerator.POD_LABEL : ServingPods.NAME_LABEL;
            List<Pod> pods = call(
                    "list the pods of",
                    kserve ? "InferenceService" : "Deployment",
                    name(),
                    namespace,
                    () -> client.pods()
                            .inNamespace(namespace)
                            .withLabel(selector, name())
                            .list()
                            .getItems());
            StringBuilder out = new StringBuilder();
            for (Pod pod : pods) {
                String podName = pod.getMetadata().getName();
                String log = call(
                        "read the log of",
                        "Pod",
                        podName,
                        namespace,
                        () -> client.pods()
                                .inNamespace(namespace)
                                .withName(podName)
                                .inContainer(ServingPods.CONTAINER)
                                .getLog());
                out.append("==> pod ").append(podName).append(" <==\n").append(log == null ? "" : log);
                if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
            }
            return out.toString();
        }

        @Override
        public void promote() throws ServeException {
            canary("promote the canary of", InferenceServiceGenerator::promote);
        }

        @Override
        public void rollback() throws ServeException {
            if (kserve) {
                GenericKubernetesResource current = call(
                        "get",
                        "InferenceService",
                        name(),
                        namespace,
                        () -> inferenceService(namespace, name()).get());
                if (current != null && InferenceServiceGenerator.isStandard(current)) {
                    // a Standard (RawDeployment) InferenceService has no revisions: canaryTrafficPercent 0 would be a
                    // field its reconciler ignores, and the new image keeps serving
                    throw new ServeException(
                            "InferenceService " + namespace + "/" + name() + " runs in Standard (RawDeployment) "
                                    + "mode, which has no canary and no previous revision to roll back to: deploy the previous image again");
                }
            }
            canary("roll back the canary of", InferenceServiceGenerator::rollback);
        }

        private void canary(String action, UnaryOperator<GenericKubernetesResource> change) throws ServeException {
            if (!kserve) {
                throw new ServeException(
                        "a Deployment has no canary: canary rollouts need a KServe InferenceService in Serverless mode");
            }
            call(
                    action,
                    "InferenceService",
                    name(),
                    namespace,
                    () -> inferenceService(namespace, name()).edit(change));
        }

        @Override
        public void delete() throws ServeException {
            if (kserve) {
                call(
                        "delete",
                        "InferenceService",
                        name(),
                        namespace,
                        () -> inferenceService(namespace, name()).delete());
                return;
            }
            call("delete", "Deployment", name(), namespace, () -> {
                client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(name())
                        .delete();
                client.services().inNamespace(namespace).withName(name()).delete();
                client.resources(HorizontalPodAutoscaler.class)
                        .inNamespace(namespace)
                        .withName(name())
                        .delete();
                return null;
            });
        }

        @Override
        public String toString() {
            return (kserve ? "InferenceService " : "Deployment ") + namespace + "/" + name() + " at " + url;
        }
    }

    /** The parts of an InferenceService's status a client needs: the Ready condition and the address. */
    record Status(boolean ready, java.util.Optional<URI> url, String describe) {
        @SuppressWarnings("unchecked")
        static Status of(GenericKubernetesResource isvc) {
            Object raw = isvc.getAdditionalProperties().get("status");
            if (!(raw instanceof Map<?, ?> status)) {
                return new Status(
                        false, java.util.Optional.empty(), "no status yet: is the KServe controller running?");
            }
            boolean ready = false;
            StringBuilder conditions = new StringBuilder();
            if (status.get("conditions") instanceof List<?> list) {
                for (Object c : list) {
                    if (c instanceof Map<?, ?> condition) {
                        if ("Ready".equals(condition.get("type")) && "True".equals(condition.get("status"))) {
                            ready = true;
                        }
                        if (!"True".equals(condition.get("status"))) {
                            conditions
                                    .append(conditions.length() == 0 ? "" : "; ")
                                    .append(condition.get("type"))
                                    .append('=')
                                    .append(condition.get("status"));
                            if (condition.get("message") != null) {
                                conditions.append(": ").append(condition.get("message"));
                            }
                        }
                    }
                }
            }
            String address = null;
            if (status.get("address") instanceof Map<?, ?> a && a.get("url") instanceof String u) {
                address = u;
            } else if (status.get("url") instanceof String u) {
                address = u;
            }
            return new Status(
                    ready,
                    java.util.Optional.ofNullable(address).map(URI::create),
                    conditions.length() == 0 ? "no Ready condition yet" : conditions.toString());
        }
    }

    interface ApiCall<T> {
        T run();
    }

    /** Runs a call to the API server, turning its errors into messages that say what to do. */
    <T> T call(String action, String kind, String name, String namespace, ApiCall<T> body) throws ServeException {
        try {
            return body.run();
        } catch (KubernetesClientException e) {
            throw translate(e, action, kind, name, namespace);
        }
    }

    private ServeException translate(
            KubernetesClientException e, String action, String kind, String name, String namespace) {
        String what = kind + " " + name + " in namespace " + namespace;
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        int code = e.getCode();
        String message = switch (code) {
            case 401 ->
                "the Kubernetes API did not accept the credentials (401 Unauthorized) to " + action + " " + what
                        + ": check the kubeconfig or the service account token";
            case 403 ->
                "the Kubernetes API refused to " + action + " " + what + " (403 Forbidden): the account needs RBAC "
                        + "rights (get, create, update, delete) on "
                        + (kind.equals("InferenceService")
                                ? "inferenceservices.serving.kserve.io"
                                : kind.toLowerCase(java.util.Locale.ROOT) + "s")
                        + " in " + namespace
                        + " — " + detail;
            case 409 ->
                "cannot " + action + " " + what + ": it was changed by someone else meanwhile (409 Conflict); "
                        + "deploy again to apply the spec to the latest version — " + detail;
            case 404 ->
                kind.equals("InferenceService") && action.startsWith("create")
                        ? "the cluster has no InferenceService API (404): KServe is not installed; install KServe or serve "
                                + "with a Deployment (KubernetesServingBackend.deployments, --backend kubernetes --no-kserve)"
                        : "cannot " + action + " " + what + ": not found (404)";
            case 422 -> "the Kubernetes API rejected " + what + " (422 Invalid): " + detail;
            default -> {
                if (code == 0 || hasIoCause(e)) {
                    yield "cannot reach the Kubernetes API server at " + client.getMasterUrl() + " to " + action + " "
                            + what + ": " + rootMessage(e)
                            + " (check the kubeconfig's server, the network, or that the cluster is up)";
                }
                yield "cannot " + action + " " + what + " (HTTP " + code + "): " + detail;
            }
        };
        return new ServeException(message, code, e);
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
