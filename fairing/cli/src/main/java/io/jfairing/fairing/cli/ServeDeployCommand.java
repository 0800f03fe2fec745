package io.jfairing.fairing.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.deploy.InvalidJobSpecException;
import io.jfairing.fairing.deploy.Resources;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.serve.DeploymentGenerator;
import io.jfairing.fairing.serve.DeploymentMode;
import io.jfairing.fairing.serve.InferenceServiceGenerator;
import io.jfairing.fairing.serve.InvalidServingSpecException;
import io.jfairing.fairing.serve.LocalProcessServingBackend;
import io.jfairing.fairing.serve.PodmanServingBackend;
import io.jfairing.fairing.serve.ScaleMetric;
import io.jfairing.fairing.serve.ServeException;
import io.jfairing.fairing.serve.ServedModel;
import io.jfairing.fairing.serve.ServingBackend;
import io.jfairing.fairing.serve.ServingHandle;
import io.jfairing.fairing.serve.ServingSpec;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.registry.ModelReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jfairing serve deploy}: builds (optionally) and deploys a model server on a backend, and records it. */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Deploys a model server. Local: compiles the notebook and serves it until Ctrl-C. podman and "
                    + "kubernetes: serve --image (built first from the notebook when one is given). Prints the URL."
        })
final class ServeDeployCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "NOTEBOOK",
            description = "The notebook (.ipynb) with the Predictor class.")
    Path notebook;

    @Mixin
    ServeTarget target = new ServeTarget();

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The deployment's name.")
    String name;

    @Option(
            names = {"--image", "-i"},
            paramLabel = "REF",
            description = "The serving image (with NOTEBOOK: the image to build and push first).")
    String image;

    @Option(
            names = "--base",
            paramLabel = "REF",
            defaultValue = BaseImage.DEFAULT,
            description =
                    "The base image when building (default: ${DEFAULT-VALUE}); it needs the jdk.httpserver module.")
    String base;

    @Option(
            names = "--input",
            paramLabel = "GLOB",
            description =
                    "Input files to copy into the image's working directory when building (such as a model file); repeatable.")
    List<String> inputs = new ArrayList<>();

    @Option(
            names = "--model-name",
            paramLabel = "NAME",
            description = "The model's name in the URLs (default: --name).")
    String modelName;

    @Option(
            names = {"--model-uri", "--artifact"},
            paramLabel = "URI",
            description =
                    "The model artifact: a path, http(s)://, pvc://CLAIM/PATH, s3://... (given to Predictor.load), or a"
                            + " registered version, models:/NAME/VERSION or models:/NAME@ALIAS (resolved when deployed).")
    String modelUri;

    @Option(
            names = "--predictor",
            paramLabel = "CLASS",
            description = "The Predictor class, when the notebook has several.")
    String predictor;

    @Option(names = "--min-replicas", paramLabel = "N")
    Integer minReplicas;

    @Option(names = "--max-replicas", paramLabel = "N")
    Integer maxReplicas;

    @Option(names = "--scale-metric", paramLabel = "METRIC", description = "cpu, memory, concurrency or rps.")
    String scaleMetric;

    @Option(
            names = "--scale-target",
            paramLabel = "N",
            description = "The target per replica (percent for cpu and memory).")
    Integer scaleTarget;

    @Option(
            names = "--canary-percent",
            paramLabel = "PERCENT",
            description = "Send this share of the traffic to the new revision (KServe Serverless).")
    Integer canaryPercent;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description = "KServe deployment mode: raw or serverless (default: the cluster's).")
    String mode;

    @Option(names = "--cpu", paramLabel = "REQUEST[:LIMIT]")
    String cpu;

    @Option(names = "--memory", paramLabel = "REQUEST[:LIMIT]")
    String memory;

    @Option(names = "--gpus", paramLabel = "N")
    Integer gpus;

    @Option(
            names = "--env",
            paramLabel = "NAME=VALUE",
            description = "An environment variable; repeatable (no secrets: use --secret-env).")
    List<String> env = new ArrayList<>();

    @Option(
            names = "--secret-env",
            paramLabel = "SECRET",
            description = "A Kubernetes secret whose keys become environment variables.")
    List<String> secretEnv = new ArrayList<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE")
    List<String> labels = new ArrayList<>();

    @Option(names = "--annotation", paramLabel = "KEY=VALUE")
    List<String> annotations = new ArrayList<>();

    @Option(names = "--service-account", paramLabel = "NAME")
    String serviceAccount;

    @Option(names = "--image-pull-secret", paramLabel = "NAME")
    List<String> pullSecrets = new ArrayList<>();

    @Option(
            names = "--grace-seconds",
            paramLabel = "S",
            description = "How long a stopping server finishes its requests.")
    Integer graceSeconds;

    @Option(names = "--max-request-bytes", paramLabel = "N")
    Long maxRequestBytes;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "180",
            description = "Wait this long for the model to be ready (0: do not wait; default ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Option(names = "--dry-run", description = "Print the Kubernetes manifests (YAML) and create nothing.")
    boolean dryRun;

    @Option(
            names = "--metadata",
            paramLabel = "URI",
            description =
                    "Record the deployment in this metadata store (default: $JFAIRING_METADATA_URI or ~/.jfairing/metadata.db).")
    String metadata;

    @Option(names = "--no-record", description = "Do not record the deployment in the metadata store.")
    boolean noRecord;

    @Mixin
    RegistryOptions registry = new RegistryOptions();

    /** The metadata store the deployment is recorded in; closed when the command ends. */
    private MetadataStore store;

    @Override
    public Integer call() throws Exception {
        try {
            return deploy();
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    private int deploy() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServingSpec servingSpec;
        try {
            servingSpec = servingSpec();
            servingSpec.warnings().forEach(w -> err.println("warning: " + w));
            err.flush();
            if (dryRun) {
                if (servingSpec.modelUri().filter(ModelReference::isReference).isPresent()) {
                    store = openStore(); // the manifest shows the version the reference names now
                    servingSpec =
                            ServedModel.resolve(servingSpec, store.registry()).spec();
                }
                List<HasMetadata> manifests = target.noKserve
                        ? new DeploymentGenerator().generate(servingSpec)
                        : List.of(new InferenceServiceGenerator().generate(servingSpec));
                for (HasMetadata manifest : manifests) {
                    out.print(Serialization.asYaml(manifest));
                }
                out.flush();
                return 0;
            }
        } catch (InvalidServingSpecException | InvalidJobSpecException e) {
            throw new FairingException(e.getMessage(), e);
        }
        switch (target.backend) {
            case "local" -> {
                if (notebook == null) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "the local backend needs the NOTEBOOK");
                }
                CompiledNotebook code =
                        Fairing.notebook(notebook).inputs(inputs).compile();
                return runInForeground(record(new LocalProcessServingBackend(code)), servingSpec, out, err);
            }
            case "podman", "kubernetes" -> {
                if (image == null) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "the " + target.backend + " backend needs --image");
                }
                if (notebook != null) {
                    servingSpec = servingSpec.toBuilder().image(build(err)).build();
                }
                if (target.backend.equals("podman")) {
                    return deployAndPrint(
                            record(PodmanServingBackend.builder()
                                    .insecureRegistries(registry.insecure)
                                    .build()),
                            servingSpec,
                            out,
                            err);
                }
                try (KubernetesClient client = target.client()) {
                    return deployAndPrint(record(target.kubernetes(client)), servingSpec, out, err);
                }
            }
            default ->
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "unknown backend '" + target.backend + "' (local, podman or kubernetes)");
        }
    }

    private ServingBackend record(ServingBackend backend) {
        if (noRecord) {
            return backend;
        }
        store = openStore();
        return backend.recordedIn(store);
    }

    private MetadataStore openStore() {
        return metadata != null ? MetadataStore.connect(metadata) : MetadataStore.fromEnvironment();
    }

    private String build(PrintWriter err) throws IOException, FairingException {
        io.jfairing.fairing.registry.RegistryCredentials credentials = registry.credentials(System.in);
        Fairing.Build build = Fairing.notebook(notebook).inputs(inputs);
        build = predictor == null ? build.serving() : build.serving(predictor);
        BuiltImage built = build.baseImage(BaseImage.registry(base).withCredentials(credentials))
                .insecureRegistries(registry.insecure)
                .listener(new ProgressPrinter(err, false))
                .build(ImageTarget.registry(image).withCredentials(credentials));
        err.println("built " + built.pinnedReference());
        return built.pinnedReference();
    }

    private int deployAndPrint(ServingBackend backend, ServingSpec servingSpec, PrintWriter out, PrintWriter err)
            throws ServeException {
        ServingHandle handle = backend.deploy(servingSpec);
        if (waitSeconds > 0) {
            err.println("waiting for " + handle.name() + " to be ready ...");
            err.flush();
            handle.waitUntilReady(Duration.ofSeconds(waitSeconds));
        }
        out.println(handle.url());
        out.flush();
        return 0;
    }

    private int runInForeground(ServingBackend backend, ServingSpec servingSpec, PrintWriter out, PrintWriter err)
            throws ServeException, InterruptedException {
        ServingHandle handle = backend.deploy(servingSpec);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    try {
                        handle.delete();
                    } catch (ServeException e) {
                        err.println("jfairing: " + e.getMessage());
                    } finally {
                        stopped.countDown();
                    }
                },
                "jfairing-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            handle.waitUntilReady(Duration.ofSeconds(Math.max(waitSeconds, 1)));
        } catch (ServeException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            handle.delete();
            throw e;
        }
        out.println(handle.url());
        out.flush();
        err.println("serving " + handle.modelName() + " at " + handle.url() + " (V1: " + handle.url() + "/v1/models/"
                + handle.modelName() + ":predict, V2: " + handle.url() + "/v2/models/" + handle.modelName()
                + "/infer); Ctrl-C stops it");
        err.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) { // stopped by whoever runs this command in a thread, not by Ctrl-C
            Runtime.getRuntime().removeShutdownHook(hook);
            handle.delete();
            throw e;
        }
        return 0;
    }

    ServingSpec servingSpec() {
        ServingSpec.Builder b = ServingSpec.builder(name)
                .namespace(target.namespace)
                .image(image)
                .modelName(modelName)
                .modelUri(modelUri)
                .predictor(predictor)
                .canaryTrafficPercent(canaryPercent)
                .serviceAccount(serviceAccount);
        if (minReplicas != null) {
            b.minReplicas(minReplicas);
        }
        if (maxReplicas != null) {
            b.maxReplicas(maxReplicas);
        }
        if (scaleMetric != null || scaleTarget != null) {
            if (scaleMetric == null || scaleTarget == null) {
                throw new InvalidServingSpecException("--scale-metric and --scale-target go together");
            }
            b.scale(ScaleMetric.parse(scaleMetric), scaleTarget);
        }
        if (mode != null) {
            b.deploymentMode(DeploymentMode.parse(mode));
        }
        Resources resources = Resources.none();
        if (cpu != null) {
            String[] parts = cpu.split(":", 2);
            resources = parts.length == 2 ? resources.cpu(parts[0], parts[1]) : resources.cpu(parts[0]);
        }
        if (memory != null) {
            String[] parts = memory.split(":", 2);
            resources = parts.length == 2 ? resources.memory(parts[0], parts[1]) : resources.memory(parts[0]);
        }
        if (gpus != null) {
            resources = resources.gpus(gpus);
        }
        b.resources(resources);
        pairs(env, "--env").forEach(b::env);
        pairs(labels, "--label").forEach(b::label);
        pairs(annotations, "--annotation").forEach(b::annotation);
        secretEnv.forEach(b::secretEnv);
        pullSecrets.forEach(b::imagePullSecret);
        if (graceSeconds != null) {
            b.terminationGraceSeconds(graceSeconds);
        }
        if (maxRequestBytes != null) {
            b.maxRequestBytes(maxRequestBytes);
        }
        return b.build();
    }

    private Map<String, String> pairs(List<String> items, String option) {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), option + " takes NAME=VALUE, not \"" + item + "\"");
            }
            result.put(item.substring(0, eq), item.substring(eq + 1));
        }
        return result;
    }
}
