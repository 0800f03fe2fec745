package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.extensions.display.HtmlTable;
import io.jfairing.extensions.magic.ArgumentException;
import io.jfairing.fairing.cli.jobs.JobBackends;
import io.jfairing.fairing.cli.jobs.ResourceOptions;
import io.jfairing.fairing.cli.project.ConfigKey;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.serve.DeploymentMode;
import io.jfairing.fairing.serve.LocalProcessServingBackend;
import io.jfairing.fairing.serve.PodmanServingBackend;
import io.jfairing.fairing.serve.ServingBackend;
import io.jfairing.fairing.serve.ServingHandle;
import io.jfairing.fairing.serve.ServingSpec;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.metadata.registry.ModelReference;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code %fairing serve}: a {@code Predictor} the session's cells define, served over KServe's V1 and V2 protocols
 * by a child JVM (local), a podman container, or a KServe InferenceService; waits until it answers.
 */
@Command(
        name = "serve",
        description = {
            "Serve the Predictor class the cells this session ran define (or --predictor CLASS), loading its model from "
                    + "--model-uri (a file, a PVC path, an http(s) URL, or models:/NAME@ALIAS from the registry), with KServe's V1 and V2 REST protocols: in a "
                    + "child JVM on this machine (local), a podman container (the serving image is built and pushed first), "
                    + "or a KServe InferenceService (kubernetes). Call it with %%fairing predict NAME.",
            "  %%fairing serve --name wine --model-uri models/wine-softmax.txt"
        })
final class ServeMagic implements Callable<Object> {
    private final Workspace workspace;
    private final FairingState state;
    private final String body;

    @Mixin
    WorkloadOptions workload = new WorkloadOptions();

    @Option(names = "--name", paramLabel = "NAME", description = "The deployment's name (default: EXPERIMENT-model).")
    String name;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description = "The model's name in the URLs, /v1/models/NAME (default: the deployment's name).")
    String model;

    @Option(
            names = "--model-uri",
            paramLabel = "URI",
            description =
                    "Where the model artifact is: a file (relative to the notebook), pvc://CLAIM/PATH, http(s)://..., or a"
                            + " registered version: models:/NAME/VERSION or models:/NAME@ALIAS")
    String modelUri;

    @Option(
            names = "--predictor",
            paramLabel = "CLASS",
            description = "The Predictor class (default: the only one the cells define).")
    String predictor;

    @Option(
            names = {"-b", "--backend"},
            paramLabel = "BACKEND",
            description = "local, podman or kubernetes (default: the project's backend setting).")
    String backend;

    @Mixin
    ResourceOptions resources = new ResourceOptions();

    @Option(
            names = "--min-replicas",
            paramLabel = "N",
            description = "KServe: at least this many replicas (0 scales to zero in Serverless mode).")
    Integer minReplicas;

    @Option(names = "--max-replicas", paramLabel = "N", description = "KServe: at most this many replicas.")
    Integer maxReplicas;

    @Option(
            names = "--canary",
            paramLabel = "PERCENT",
            description = "KServe Serverless: send this share of the traffic to the new revision.")
    Integer canary;

    @Option(names = "--mode", paramLabel = "MODE", description = "KServe deployment mode: raw or serverless.")
    String mode;

    @Option(
            names = "--image",
            paramLabel = "NAME[:TAG]",
            description = "Serving image repository for podman and kubernetes (default: NAME).")
    String image;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "2m",
            description = "How long to wait until it answers (default: ${DEFAULT-VALUE}).")
    String timeoutText;

    ServeMagic(Workspace workspace, FairingState state, String body) {
        this.workspace = workspace;
        this.state = state;
        this.body = body;
    }

    @Override
    public Object call() throws Exception {
        ProjectConfig config = workspace.config();
        String deployment = name != null ? name : workspace.experiment() + "-model";
        Duration timeout = parseTimeout();
        ServingSpec.Builder spec = spec(config, deployment);
        spec.build() // bad options fail before anything is built
                .warnings()
                .forEach(w -> workspace.frontend().println("warning: " + w));
        String chosen = backend != null ? backend.toLowerCase(Locale.ROOT) : config.get(ConfigKey.BACKEND);
        ServingBackend target;
        switch (chosen) {
            case JobBackends.LOCAL -> {
                CompiledNotebook compiled =
                        state.workloads().build(workload, body).compile();
                target = new LocalProcessServingBackend(compiled);
            }
            case JobBackends.PODMAN -> {
                BuiltImage built = BuildMagic.buildImage(
                        workspace,
                        state,
                        workload,
                        body,
                        image != null ? image : deployment,
                        null,
                        predictor != null ? predictor : "");
                spec.image(built.pinnedReference());
                boolean insecure = config.get(ConfigKey.REGISTRY).equals("local")
                        || Boolean.parseBoolean(config.get(ConfigKey.INSECURE_REGISTRY));
                target = PodmanServingBackend.builder()
                        .environment(JobBackends.podman().environment())
                        .insecureRegistries(insecure)
                        .build();
            }
            case JobBackends.KUBERNETES -> {
                BuiltImage built = BuildMagic.buildImage(
                        workspace,
                        state,
                        workload,
                        body,
                        image != null ? image : deployment,
                        null,
                        predictor != null ? predictor : "");
                spec.image(built.pinnedReference());
                target = KubernetesBackends.serving(config.get(ConfigKey.NAMESPACE));
            }
            default ->
                throw new ArgumentException("--backend '" + backend + "' is not one of local, podman, kubernetes");
        }
        ServingHandle previous = state.serving(deployment);
        if (previous != null && !previous.backend().equals(target.name())) {
            throw new ArgumentException(deployment + " is served on " + previous.backend()
                    + "; delete it first (%fairing delete " + deployment + ") or choose another --name");
        }
        ServingHandle handle = target.recordedIn(workspace.metadata()).deploy(spec.build());
        state.serving(deployment, handle);
        workspace
                .frontend()
                .println("deployed " + deployment + " on " + handle.backend() + "; waiting until it answers at "
                        + handle.url());
        try {
            handle.waitUntilReady(timeout);
        } catch (io.jfairing.fairing.serve.ServeException e) {
            state.forgetServing(deployment);
            try {
                handle.delete(); // what failed to start is removed, so that the name can be used again
            } catch (io.jfairing.fairing.serve.ServeException ignored) {
                // the error below says what went wrong
            }
            throw new CellException(
                    "ServeException",
                    "%fairing serve: " + e.getMessage(),
                    List.of(e.getMessage().split("\n")));
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("deployment", handle.name()));
        rows.add(List.of("backend", handle.backend()));
        rows.add(List.of("url", handle.url().toString()));
        rows.add(List.of("V1", handle.url() + "/v1/models/" + handle.modelName() + ":predict"));
        rows.add(List.of("V2", handle.url() + "/v2/models/" + handle.modelName() + "/infer"));
        handle.metadataRunId().ifPresent(id -> rows.add(List.of("metadata run", Long.toString(id))));
        rows.add(List.of("try", "%fairing predict " + handle.name() + " '[[...one row of features...]]'"));
        return new HtmlTable("serving " + handle.modelName(), List.of("", ""), rows).toDisplayData();
    }

    private ServingSpec.Builder spec(ProjectConfig config, String deployment) throws ArgumentException {
        try {
            ServingSpec.Builder spec = ServingSpec.builder(deployment).modelName(model != null ? model : deployment);
            if (modelUri != null) {
                boolean remote = modelUri.contains("://") || ModelReference.isReference(modelUri);
                spec.modelUri(
                        remote
                                ? modelUri
                                : workspace
                                        .project()
                                        .resolve(modelUri)
                                        .toAbsolutePath()
                                        .toString());
                if (!remote && !Files.exists(workspace.project().resolve(modelUri))) {
                    throw new ArgumentException("--model-uri " + modelUri + ": no such file in " + workspace.project());
                }
            }
            if (predictor != null) {
                spec.predictor(predictor);
            }
            spec.resources(resources.resources(config));
            if (minReplicas != null) {
                spec.minReplicas(minReplicas);
            }
            if (maxReplicas != null) {
                spec.maxReplicas(maxReplicas);
            }
            if (canary != null) {
                spec.canaryTrafficPercent(canary);
            }
            if (mode != null) {
                spec.deploymentMode(DeploymentMode.parse(mode));
            }
            String namespace = config.get(ConfigKey.NAMESPACE);
            if (!namespace.isBlank()) {
                spec.namespace(namespace);
            }
            return spec;
        } catch (IllegalArgumentException e) { // InvalidServingSpecException and the parsers'
            throw new ArgumentException(e.getMessage());
        }
    }

    private Duration parseTimeout() throws ArgumentException {
        try {
            Duration d = io.jfairing.kernel.KernelOptions.parseDuration(timeoutText);
            return d.isZero() ? Duration.ofMinutes(2) : d;
        } catch (IllegalArgumentException e) {
            throw new ArgumentException("--timeout: " + e.getMessage());
        }
    }
}
