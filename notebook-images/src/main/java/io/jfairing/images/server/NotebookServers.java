package io.jfairing.images.server;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates, lists, starts, stops and deletes Kubeflow notebook servers (the {@code kubeflow.org/v1} {@code Notebook}
 * resource and its workspace claim) in one namespace, through the Kubernetes API. Stopping sets
 * Kubeflow's {@code kubeflow-resource-stopped} annotation (the controller scales the server to zero and keeps the
 * workspace); starting removes it.
 *
 * <pre>{@code
 * NotebookServers servers = new NotebookServers(new KubernetesClientBuilder().build(), "team-a");
 * servers.create(NotebookServerSpec.builder("alice", "team-a").image(image).cpu("2").memory("8Gi").gpus(1).build());
 * }</pre>
 */
public final class NotebookServers {
    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;

    public NotebookServers(KubernetesClient client, String namespace) {
        this(client, namespace, Clock.systemUTC());
    }

    NotebookServers(KubernetesClient client, String namespace, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.clock = clock;
    }

    /**
     * Creates the workspace claim when it does not exist yet (an existing one is reused, with its data), then the
     * Notebook. Returns the created Notebook.
     */
    public GenericKubernetesResource create(NotebookServerSpec spec) throws NotebookServerException {
        if (!spec.namespace().equals(namespace)) {
            throw new InvalidNotebookServerException(
                    List.of("the spec is for namespace " + spec.namespace() + ", not " + namespace));
        }
        GenericKubernetesResource notebook = NotebookManifests.notebook(spec);
        return call("create notebook server " + spec.name(), () -> {
            if (notebooks().withName(spec.name()).get() != null) {
                throw new NotebookServerException(
                        NotebookServerException.Reason.ALREADY_EXISTS,
                        "notebook server " + spec.name() + " already exists in " + namespace
                                + ": start it, or delete it first",
                        null);
            }
            for (DataVolume data : spec.dataVolumes()) {
                if (client.persistentVolumeClaims()
                                .inNamespace(namespace)
                                .withName(data.claimName())
                                .get()
                        == null) {
                    throw new NotebookServerException(
                            NotebookServerException.Reason.NOT_FOUND,
                            "data volume claim " + data.claimName() + " does not exist in " + namespace,
                            null);
                }
            }
            if (client.persistentVolumeClaims()
                            .inNamespace(namespace)
                            .withName(spec.workspaceClaim())
                            .get()
                    == null) {
                client.persistentVolumeClaims()
                        .inNamespace(namespace)
                        .resource(NotebookManifests.workspace(spec))
                        .create();
            }
            return notebooks().resource(notebook).create();
        });
    }

    /** The servers of the namespace, by name. */
    public List<NotebookServer> list() throws NotebookServerException {
        return call("list notebook servers", () -> {
            List<NotebookServer> servers = new ArrayList<>();
            for (GenericKubernetesResource notebook : notebooks().list().getItems()) {
                servers.add(describe(notebook));
            }
            servers.sort(Comparator.comparing(NotebookServer::name));
            return servers;
        });
    }

    public NotebookServer get(String name) throws NotebookServerException {
        return call("get notebook server " + name, () -> describe(existing(name)));
    }

    /** Removes the stopped annotation: the controller starts the server again, on the same workspace. */
    public NotebookServer start(String name) throws NotebookServerException {
        return call("start notebook server " + name, () -> {
            existing(name);
            return describe(notebooks().withName(name).edit(notebook -> {
                Map<String, String> annotations = notebook.getMetadata().getAnnotations();
                if (annotations != null) {
                    annotations.remove(NotebookManifests.STOPPED_ANNOTATION);
                }
                return notebook;
            }));
        });
    }

    /** Sets the stopped annotation (with the time, as Kubeflow's UI does): the server scales to zero, the workspace stays. */
    public NotebookServer stop(String name) throws NotebookServerException {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        return call("stop notebook server " + name, () -> {
            existing(name);
            return describe(notebooks().withName(name).edit(notebook -> {
                Map<String, String> annotations = notebook.getMetadata().getAnnotations() == null
                        ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(notebook.getMetadata().getAnnotations());
                annotations.putIfAbsent(
                        NotebookManifests.STOPPED_ANNOTATION, now); // stopping twice keeps the first time
                notebook.getMetadata().setAnnotations(annotations);
                return notebook;
            }));
        });
    }

    /** Deletes the server; its workspace claim too only when {@code workspace} is true (it holds the user's work). */
    public void delete(String name, boolean workspace) throws NotebookServerException {
        call("delete notebook server " + name, () -> {
            GenericKubernetesResource notebook = existing(name);
            String claim = describe(notebook).workspace();
            notebooks().withName(name).delete();
            if (workspace && claim != null) {
                client.persistentVolumeClaims()
                        .inNamespace(namespace)
                        .withName(claim)
                        .delete();
            }
            return null;
        });
    }

    private GenericKubernetesResource existing(String name) throws NotebookServerException {
        GenericKubernetesResource notebook = notebooks().withName(name).get();
        if (notebook == null) {
            throw new NotebookServerException(
                    NotebookServerException.Reason.NOT_FOUND,
                    "no notebook server " + name + " in namespace " + namespace
                            + " (jfairing notebook list shows them)",
                    null);
        }
        return notebook;
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            notebooks() {
        return client.genericKubernetesResources(NotebookManifests.NOTEBOOKS).inNamespace(namespace);
    }

    @SuppressWarnings("unchecked")
    static NotebookServer describe(GenericKubernetesResource notebook) {
        Map<String, Object> spec =
                (Map<String, Object>) notebook.getAdditionalProperties().getOrDefault("spec", Map.of());
        Map<String, Object> template = (Map<String, Object>) spec.getOrDefault("template", Map.of());
        Map<String, Object> pod = (Map<String, Object>) template.getOrDefault("spec", Map.of());
        List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.getOrDefault("containers", List.of());
        Map<String, Object> container = containers.isEmpty() ? Map.of() : containers.get(0);
        Map<String, Object> resources = (Map<String, Object>) container.getOrDefault("resources", Map.of());
        Map<String, Object> requests = (Map<String, Object>) resources.getOrDefault("requests", Map.of());
        Map<String, Object> limits = (Map<String, Object>) resources.getOrDefault("limits", Map.of());
        int gpus = 0;
        for (Map.Entry<String, Object> limit : limits.entrySet()) {
            if (limit.getKey().endsWith("/gpu")) {
                gpus += Integer.parseInt(String.valueOf(limit.getValue()));
            }
        }
        String workspace = null;
        for (Map<String, Object> volume : (List<Map<String, Object>>) pod.getOrDefault("volumes", List.of())) {
            if (NotebookManifests.WORKSPACE_VOLUME.equals(volume.get("name"))
                    && volume.get("persistentVolumeClaim") instanceof Map<?, ?> claim) {
                workspace = String.valueOf(claim.get("claimName"));
            }
        }
        Map<String, String> annotations = notebook.getMetadata().getAnnotations() == null
                ? Map.of()
                : notebook.getMetadata().getAnnotations();
        Map<String, Object> status =
                (Map<String, Object>) notebook.getAdditionalProperties().getOrDefault("status", Map.of());
        int ready = status.get("readyReplicas") instanceof Number n ? n.intValue() : 0;
        boolean stopped = annotations.containsKey(NotebookManifests.STOPPED_ANNOTATION);
        String state = stopped ? (ready > 0 ? "stopping" : "stopped") : (ready > 0 ? "running" : "starting");
        return new NotebookServer(
                notebook.getMetadata().getName(),
                notebook.getMetadata().getNamespace(),
                String.valueOf(container.get("image")),
                String.valueOf(requests.get("cpu")),
                String.valueOf(requests.get("memory")),
                gpus,
                workspace,
                state);
    }

    private interface ApiCall<T> {
        T run() throws NotebookServerException;
    }

    /** Runs an API call, turning the client's failures into actionable messages. */
    private <T> T call(String what, ApiCall<T> action) throws NotebookServerException {
        try {
            return action.run();
        } catch (KubernetesClientException e) {
            throw translate(what, e);
        }
    }

    private NotebookServerException translate(String what, KubernetesClientException e) {
        int code = e.getCode();
        if (code == 403 || code == 401) {
            return new NotebookServerException(
                    NotebookServerException.Reason.FORBIDDEN,
                    "cannot " + what + " in namespace "
                            + namespace + ": the API server refused it (" + code
                            + "). Use your Kubeflow profile's namespace, or ask its "
                            + "owner to add you as a contributor",
                    e);
        }
        if (code == 409) {
            return new NotebookServerException(
                    NotebookServerException.Reason.ALREADY_EXISTS,
                    "cannot " + what
                            + ": it already exists or was changed meanwhile (409); list the servers and try again",
                    e);
        }
        if (code == 404) {
            return new NotebookServerException(
                    NotebookServerException.Reason.NOT_FOUND,
                    "cannot " + what + ": "
                            + "the Notebook resource is not known to the cluster (is Kubeflow's notebook controller installed?) "
                            + "or the namespace " + namespace + " does not exist",
                    e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return new NotebookServerException(
                        NotebookServerException.Reason.UNREACHABLE,
                        "cannot " + what
                                + ": the Kubernetes API server at " + client.getMasterUrl() + " does not answer ("
                                + t.getMessage()
                                + "); check your kubeconfig context",
                        e);
            }
        }
        return new NotebookServerException(
                NotebookServerException.Reason.OTHER, "cannot " + what + ": " + e.getMessage(), e);
    }
}
