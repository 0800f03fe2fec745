package io.jfairing.fairing.pipeline.kfp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jfairing.fairing.pipeline.ir.PipelineYaml;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import ml_pipelines.PipelineSpecOuterClass.PipelineSpec;
import ml_pipelines.PipelineSpecOuterClass.PlatformSpec;

/**
 * A client of the Kubeflow Pipelines v2beta1 REST API: upload a pipeline version, create a run with the pipeline spec
 * inline, follow its state and task details, cancel it. Authenticates with a bearer token, given or read from a
 * kubeconfig's current user (as a Kubeflow deployment behind its gateway takes it). Errors say what to do.
 *
 * <pre>{@code
 * KfpClient kfp = KfpClient.builder(URI.create("http://localhost:8888")).token(token).build();
 * KfpRun run = kfp.createRun("wine-1", spec, Map.of("rate", 0.1), null);
 * run = kfp.waitForRun(run.runId(), Duration.ofHours(1), r -> System.out.println(r.state()));
 * }</pre>
 */
public final class KfpClient {
    private static final String API = "/apis/v2beta1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI host;
    private final String token;
    private final HttpClient http;
    private final Duration pollInterval;

    private KfpClient(Builder b) {
        this.host = b.host;
        this.token = b.token;
        this.pollInterval = b.pollInterval;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public static Builder builder(URI host) {
        return new Builder(host);
    }

    /** A pipeline version stored on the server. */
    public record PipelineVersion(String pipelineId, String pipelineVersionId, String displayName) {}

    /**
     * Stores {@code spec} as a new version {@code versionName} of the pipeline {@code pipelineName}, creating the
     * pipeline when there is none of that name.
     */
    public PipelineVersion uploadPipelineVersion(String pipelineName, String versionName, PipelineSpec spec)
            throws KfpException {
        return uploadPipelineVersion(pipelineName, versionName, spec, PlatformSpec.getDefaultInstance());
    }

    /**
     * Stores {@code spec} with its platform spec (the steps' Kubernetes settings) as {@link
     * #uploadPipelineVersion(String, String, PipelineSpec)} does; both go in {@code pipeline_spec}, as the SDK's client
     * sends them.
     */
    public PipelineVersion uploadPipelineVersion(
            String pipelineName, String versionName, PipelineSpec spec, PlatformSpec platform) throws KfpException {
        JsonNode specJson = PipelineYaml.toJson(spec, platform);
        String pipelineId;
        try {
            pipelineId = call("GET", API + "/pipelines/names/" + encode(pipelineName), null)
                    .path("pipeline_id")
                    .asText();
        } catch (KfpException e) {
            if (e.status() != 404) {
                throw e;
            }
            ObjectNode body = JSON.createObjectNode();
            body.putObject("pipeline").put("display_name", pipelineName).put("name", pipelineName);
            body.putObject("pipeline_version")
                    .put("display_name", versionName)
                    .put("name", versionName)
                    .set("pipeline_spec", specJson);
            JsonNode created = call("POST", API + "/pipelines/create", body);
            return new PipelineVersion(
                    created.path("pipeline_id").asText(),
                    latestVersion(created.path("pipeline_id").asText()),
                    versionName);
        }
        ObjectNode version = JSON.createObjectNode()
                .put("pipeline_id", pipelineId)
                .put("display_name", versionName)
                .put("name", versionName);
        version.set("pipeline_spec", specJson);
        JsonNode created = call("POST", API + "/pipelines/" + encode(pipelineId) + "/versions", version);
        return new PipelineVersion(
                pipelineId, created.path("pipeline_version_id").asText(), versionName);
    }

    private String latestVersion(String pipelineId) throws KfpException {
        JsonNode versions = call(
                "GET",
                API + "/pipelines/" + encode(pipelineId) + "/versions?sort_by=created_at%20desc&page_size=1",
                null);
        JsonNode first = versions.path("pipeline_versions").path(0);
        return first.path("pipeline_version_id").asText(null);
    }

    /**
     * Starts a run of {@code spec} (inline) with the given parameters (numbers, strings, booleans, lists, maps), in
     * {@code experimentId} (null for the default experiment).
     */
    public KfpRun createRun(String displayName, PipelineSpec spec, Map<String, ?> parameters, String experimentId)
            throws KfpException {
        return createRun(displayName, spec, PlatformSpec.getDefaultInstance(), parameters, experimentId);
    }

    /**
     * Starts a run as {@link #createRun(String, PipelineSpec, Map, String)} does, with the steps' Kubernetes settings
     * ({@code platform}) beside the spec.
     */
    public KfpRun createRun(
            String displayName,
            PipelineSpec spec,
            PlatformSpec platform,
            Map<String, ?> parameters,
            String experimentId)
            throws KfpException {
        ObjectNode run = JSON.createObjectNode().put("display_name", displayName);
        if (experimentId != null) {
            run.put("experiment_id", experimentId);
        }
        run.set("pipeline_spec", PipelineYaml.toJson(spec, platform));
        run.putObject("runtime_config").set("parameters", JSON.valueToTree(parameters));
        return run(call("POST", API + "/runs", run));
    }

    public KfpRun getRun(String runId) throws KfpException {
        return run(call("GET", API + "/runs/" + encode(runId), null));
    }

    /** Stops a run (its pods are deleted; its state becomes CANCELING, then CANCELED). */
    public void terminateRun(String runId) throws KfpException {
        call("POST", API + "/runs/" + encode(runId) + ":terminate", JSON.createObjectNode());
    }

    /** Polls the run until it is finished or {@code timeout} passed, telling {@code listener} of each change. */
    public KfpRun waitForRun(String runId, Duration timeout, Consumer<KfpRun> listener)
            throws KfpException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        KfpRun last = null;
        while (true) {
            KfpRun run = getRun(runId);
            if (!run.equals(last)) {
                listener.accept(run);
                last = run;
            }
            if (run.isFinished() || Instant.now().isAfter(deadline)) {
                return run;
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    private static KfpRun run(JsonNode json) {
        List<KfpRun.Task> tasks = new ArrayList<>();
        for (JsonNode task : json.path("run_details").path("task_details")) {
            tasks.add(new KfpRun.Task(
                    task.path("task_id").asText(),
                    task.path("display_name").asText(),
                    task.path("state").asText("RUNTIME_STATE_UNSPECIFIED"),
                    task.path("pod_name").asText(null),
                    task.path("error").path("message").asText(null)));
        }
        return new KfpRun(
                json.path("run_id").asText(),
                json.path("display_name").asText(),
                json.path("state").asText("RUNTIME_STATE_UNSPECIFIED"),
                json.path("error").path("message").asText(null),
                tasks);
    }

    private JsonNode call(String method, String path, JsonNode body) throws KfpException {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KfpException(
                    "cannot reach the Kubeflow Pipelines API at " + host + " (" + e + "): check --host, or forward it"
                            + " with 'kubectl port-forward -n kubeflow svc/ml-pipeline-ui 8080:80'",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KfpException("interrupted while calling " + method + " " + path, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            try {
                return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new KfpException(
                        status,
                        method + " " + path + " answered " + status + " with no JSON: "
                                + response.body()
                                        .substring(
                                                0, Math.min(200, response.body().length())));
            }
        }
        throw new KfpException(status, explain(method, path, status, serverMessage(response.body())));
    }

    private String explain(String method, String path, int status, String message) {
        String call =
                method + " " + host.resolve(path) + " answered " + status + (message.isEmpty() ? "" : ": " + message);
        return switch (status) {
            case 401 ->
                call + ". The API wants credentials: give a bearer token (--token or KFP_TOKEN), or a kubeconfig"
                        + " whose user has one (--kubeconfig); a token from 'kubectl create token default-editor -n NAMESPACE'"
                        + " works with Kubeflow's gateway";
            case 403 ->
                call + ". The credentials are not allowed to do this: use a service account that may edit"
                        + " pipelines in the namespace (Kubeflow's default-editor), or ask the profile's owner to add you";
            case 404 ->
                call + ". Nothing there: check --host (the KFP API answers under /apis/v2beta1), the run or"
                        + " pipeline id (jfairing pipeline status lists runs), and the namespace";
            case 409 ->
                call + ". It exists already: give the pipeline version another name (--version), or upload to"
                        + " the pipeline that has it";
            default ->
                status >= 500
                        ? call + ". The KFP server failed: try again; if it keeps failing, read the API server's log"
                                + " ('kubectl logs -n kubeflow deploy/ml-pipeline')"
                        : call + ". The request was refused: check the pipeline and parameters";
        };
    }

    private static String serverMessage(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            String message = json.path("message").asText(json.path("error").asText(""));
            return message;
        } catch (IOException | RuntimeException e) {
            return body == null
                    ? ""
                    : body.substring(0, Math.min(200, body.length())).trim();
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Builds a {@link KfpClient}. */
    public static final class Builder {
        private final URI host;
        private String token;
        private Duration pollInterval = Duration.ofSeconds(5);

        private Builder(URI host) {
            this.host = Objects.requireNonNull(host, "host");
        }

        /** The bearer token sent with every call. */
        public Builder token(String bearerToken) {
            this.token = bearerToken == null || bearerToken.isBlank() ? null : bearerToken.trim();
            return this;
        }

        /**
         * The token of the current context's user in a kubeconfig file (a {@code token}, or a token file), as
         * {@code kubectl} would send it.
         */
        public Builder kubeconfig(Path file) throws KfpException {
            try {
                io.fabric8.kubernetes.client.Config config =
                        io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(file));
                String found = config.getAutoOAuthToken() != null ? config.getAutoOAuthToken() : config.getOauthToken();
                if (found == null || found.isBlank()) {
                    throw new KfpException(
                            0,
                            "the kubeconfig " + file + " has no token for its current user: add one"
                                    + " ('kubectl config set-credentials USER --token=...') or give --token");
                }
                return token(found);
            } catch (IOException e) {
                throw new KfpException("cannot read the kubeconfig " + file + ": " + e.getMessage(), e);
            }
        }

        /** How often {@link #waitForRun} asks (default 5 s). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        public KfpClient build() {
            return new KfpClient(this);
        }
    }
}
