package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jfairing.fairing.job.JobException;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns what the API server (or the lack of one) answered into a {@link JobException} that says what to do: the
 * RBAC rule a 403 lacks, that a 409 can be attached to, the validation message of a 422, which server could not be
 * reached. Never includes credentials: only the server URL, the user's verb, resource and namespace.
 */
final class ApiErrors {
    private final URL server;

    ApiErrors(URL server) {
        this.server = server;
    }

    /**
     * @param verb      the RBAC verb: {@code create}, {@code get}, {@code list}, {@code watch}, {@code patch}, {@code delete}
     * @param resource  {@code pytorchjobs.kubeflow.org}, {@code pods}, {@code pods/log}
     * @param kind      what a person calls it: {@code PyTorchJob}, {@code pod}
     * @param name      the object's name; null for a collection
     */
    JobException map(
            KubernetesClientException e, String verb, String resource, String kind, String namespace, String name) {
        String what = name == null ? resource : kind + " " + name;
        String where = namespace == null ? "" : " in namespace " + namespace;
        if (isUnreachable(e)) {
            return unreachable(e, verb + " " + what + where);
        }
        int code = e.getCode();
        String serverMessage = serverMessage(e);
        return switch (code) {
            case 401 ->
                new JobException(
                        "the API server at " + server + " rejected the credentials (401 Unauthorized) while trying to "
                                + verb + " " + what + where
                                + ": the kubeconfig token or certificate is missing or expired; log in again "
                                + "(for instance refresh the token, or `kubectl config use-context` the right context) and retry",
                        e);
            case 403 ->
                new JobException(
                        "forbidden (403): not allowed to " + verb + " " + resource + where
                                + (name == null ? "" : " (" + kind + " " + name + ")") + ". Ask for RBAC permission \""
                                + verb + " " + resource
                                + where + "\": a Role with rules {apiGroups: [\"" + group(resource)
                                + "\"], resources: [\"" + plural(resource)
                                + "\"], verbs: [\"" + verb
                                + "\"]} bound to your user or service account; check with `kubectl auth can-i "
                                + verb + " " + resource + (namespace == null ? "" : " -n " + namespace) + "`"
                                + (serverMessage.isEmpty() ? "" : ". The API server said: " + serverMessage),
                        e);
            case 404 ->
                new JobException(
                        what + " not found" + where + (serverMessage.isEmpty() ? "" : ": " + serverMessage), e);
            case 409 ->
                new JobException(
                        kind + " " + name + " already exists" + where + ": attach to it with backend.attach(\"" + name
                                + "\"), delete it first, or give this job a different name",
                        e);
            case 410 ->
                new JobException(
                        "the API server at " + server + " no longer has the version of " + what + where
                                + " that was asked for (410 Gone); retry",
                        e);
            case 422 ->
                new JobException(
                        "the API server at " + server + " rejected " + what + where + " as invalid (422): "
                                + (serverMessage.isEmpty() ? e.getMessage() : serverMessage),
                        e);
            default -> {
                if (code >= 500) {
                    yield new JobException(
                            "the API server at " + server + " failed (" + code + ") to " + verb + " " + what + where
                                    + (serverMessage.isEmpty() ? "" : ": " + serverMessage)
                                    + "; it may be overloaded or restarting, retry later",
                            e);
                }
                yield new JobException(
                        "could not " + verb + " " + what + where + " (" + code + "): "
                                + (serverMessage.isEmpty() ? e.getMessage() : serverMessage),
                        e);
            }
        };
    }

    /** No HTTP answer at all: connection refused, DNS, TLS, timeout. */
    JobException unreachable(Throwable e, String doing) {
        // the most specific I/O error in the chain (ConnectException, UnknownHostException, SSLHandshakeException...)
        Throwable cause = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getClass() != IOException.class) {
                cause = t;
                break;
            }
            if (t instanceof IOException && !(cause instanceof IOException)) {
                cause = t;
            }
        }
        String why = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new JobException(
                "cannot reach the Kubernetes API server at " + server + " (" + why + ") to " + doing
                        + ": check that the cluster is running and that the kubeconfig context points at it (kubectl cluster-info)",
                e);
    }

    /** True when no HTTP answer came (as opposed to an error status). */
    static boolean isUnreachable(KubernetesClientException e) {
        if (e.getStatus() != null && e.getCode() > 0) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return e.getCode() <= 0;
    }

    private static String serverMessage(KubernetesClientException e) {
        Status status = e.getStatus();
        if (status == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(status.getMessage() == null ? "" : status.getMessage());
        if (status.getDetails() != null
                && status.getDetails().getCauses() != null
                && !status.getDetails().getCauses().isEmpty()) {
            List<StatusCause> causes = status.getDetails().getCauses();
            String details = causes.stream()
                    .map(c -> (c.getField() == null ? "" : c.getField() + ": ") + c.getMessage())
                    .collect(Collectors.joining("; "));
            if (out.length() == 0) {
                out.append(details);
            } else if (!out.toString().contains(details)) {
                out.append(" [").append(details).append(']');
            }
        }
        return out.toString();
    }

    private static String group(String resource) {
        int dot = resource.indexOf('.');
        return dot < 0 ? "" : resource.substring(dot + 1);
    }

    private static String plural(String resource) {
        int dot = resource.indexOf('.');
        return dot < 0 ? resource : resource.substring(0, dot);
    }
}
