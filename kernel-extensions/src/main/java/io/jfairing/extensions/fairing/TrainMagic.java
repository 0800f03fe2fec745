package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.extensions.config.ConfigKey;
import io.jfairing.extensions.config.ProjectConfig;
import io.jfairing.extensions.magic.ArgumentException;
import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.CleanupPolicy;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.LocalProgram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code %fairing train} and {@code %%fairing train}: the session's code (or this cell's) as a training job on the
 * project's backend, followed in the cell until it ends.
 */
@Command(name = "train", description = {
        "Run the cells this session ran (or --cells, --notebook, or with %%fairing train the cell's body) as a "
                + "training job: child JVMs on this machine (local), podman containers (podman; the image is built and "
                + "pushed first), or Kubernetes (kubernetes). Replica logs stream into the cell; the outcome is recorded "
                + "in the metadata store. Interrupting stops the watching, not the job."})
final class TrainMagic implements Callable<Object> {
    private final Workspace workspace;
    private final FairingState state;
    private final String body;

    @Mixin
    WorkloadOptions workload = new WorkloadOptions();

    @Mixin
    JobOptions job = new JobOptions();

    TrainMagic(Workspace workspace, FairingState state, String body) {
        this.workspace = workspace;
        this.state = state;
        this.body = body;
    }

    @Override
    public Object call() throws Exception {
        ProjectConfig config = workspace.config();
        String defaultName = workspace.experiment() + "-train";
        job.check(config, defaultName); // bad options fail here, before anything is built or created
        Backend backend = state.jobs().backend(job.backend);
        requireFreeName(backend, job.spec(config, defaultName, "placeholder").build().name());
        JobRequest request = prepare(workspace, state, workload, body, image -> job.spec(config, defaultName, image), backend, job);
        JobHandle handle = backend.submit(request);
        state.jobs().remember(handle);
        workspace.frontend().println("submitted job " + handle.name() + " on " + handle.backend()
                + (handle.runId() != null ? " (metadata run " + handle.runId() + ")" : ""));
        if (job.noWait) {
            return null;
        }
        return new CellJobView(workspace.frontend()).await(handle, !job.noLogs, job.timeout());
    }

    /** Fails before anything is built when {@code backend} already has a job of that name. */
    static void requireFreeName(Backend backend, String name) throws ArgumentException {
        try {
            backend.attach(name);
        } catch (io.jfairing.fairing.job.JobException notThere) {
            return;
        }
        throw new ArgumentException("a job named " + name + " already exists on " + backend.name()
                + ": delete it with %fairing delete " + name + " --backend " + backend.name() + ", or pass another --name");
    }

    /**
     * The request for {@code backend}: for local processes, the compiled code in a folder (no image); for containers
     * and clusters, an image built and pushed first.
     */
    static JobRequest prepare(Workspace workspace, FairingState state, WorkloadOptions workload, String body,
                              SpecForImage spec, Backend backend, JobOptions job) throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>(workload.parameters);
        JobRequest.Builder request;
        if (backend.name().equals(Jobs.LOCAL)) {
            Fairing.Build build = state.workloads().build(workload, body);
            CompiledNotebook compiled = build.compile();
            String digest = compiled.codeDigest().replace("sha256:", "");
            Path folder = ImageSettings.home().resolve("code").resolve(digest.substring(0, Math.min(16, digest.length())));
            if (!Files.isRegularFile(folder.resolve(CompiledNotebook.PROGRAM_FILE))) {
                compiled.writeTo(folder);
            }
            JobSpec built = spec.forImage("jfairing.local/" + compiled.workload().name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
                    + ":" + digest.substring(0, 12)).build();
            LocalProgram program = LocalProgram.ofNotebook(folder, compiled.workload().classpath());
            if (!compiled.workload().inputFiles().isEmpty()) {
                program = program.withWorkingFiles(inputFolder(compiled, folder));
            }
            request = JobRequest.builder(built).program(program).metadataUri(workspace.metadataLocation());
        } else {
            BuiltImage image = BuildMagic.buildImage(workspace, state, workload, body, job.image, null);
            request = JobRequest.builder(spec.forImage(image.pinnedReference()).build()).imageDigest(image.digest());
            String location = workspace.metadataLocation();
            if (location.startsWith("http")) {
                request.metadataUri(location);
            }
        }
        return request.parameters(parameters).record(workspace.metadata(), workspace.experiment()).cleanup(job.cleanup).build();
    }

    /** The job's spec once its image is known. */
    @FunctionalInterface
    interface SpecForImage {
        JobSpec.Builder forImage(String image) throws ArgumentException;
    }

    /** The input files, laid out as in an image's working folder, for the local backend to copy to each replica. */
    private static Path inputFolder(CompiledNotebook compiled, Path codeFolder) throws java.io.IOException {
        Path work = Files.createTempDirectory(Files.createDirectories(codeFolder.resolveSibling("inputs")), "work-");
        for (io.jfairing.fairing.preprocess.InputFile file : compiled.workload().inputFiles()) {
            Path target = work.resolve(file.target());
            Files.createDirectories(target.getParent());
            Files.copy(file.source(), target);
        }
        return work;
    }

    /** Options of a job: where, what kind, how many, with what resources. Shared by train and tune. */
    static final class JobOptions {
        @Option(names = "--name", paramLabel = "NAME", description = "The job's name (made a valid Kubernetes name; default: EXPERIMENT-train).")
        String name;

        @Option(names = {"-b", "--backend"}, paramLabel = "BACKEND", description = "local, podman or kubernetes (default: the project's backend setting).")
        String backend;

        @Option(names = {"-k", "--kind"}, paramLabel = "KIND", defaultValue = "job", description = "job, pytorchjob, tfjob, mpijob, xgboostjob or trainjob (default: ${DEFAULT-VALUE}).")
        String kind;

        @Option(names = {"-r", "--replicas"}, paramLabel = "N", description = "Workers (PyTorchJob: besides the master).")
        Integer replicas;

        @Mixin
        ResourceOptions resources = new ResourceOptions();

        @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "Environment of every replica (repeatable).")
        Map<String, String> env = new LinkedHashMap<>();

        @Option(names = "--runtime", paramLabel = "NAME", description = "TrainJob: the (Cluster)TrainingRuntime to use.")
        String runtime;

        @Option(names = "--image", paramLabel = "NAME[:TAG]", description = "Image repository for podman and kubernetes (default: the experiment's name).")
        String image;

        @Option(names = "--cleanup", paramLabel = "POLICY", defaultValue = "keep", description = "keep, on-success or always: what to remove once the job ended (default: ${DEFAULT-VALUE}).")
        String cleanupText;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1h", description = "How long to wait (default: ${DEFAULT-VALUE}); the job keeps running after.")
        String timeoutText;

        @Option(names = "--no-wait", description = "Return once submitted; follow with %%fairing status/logs.")
        boolean noWait;

        @Option(names = "--no-logs", description = "Do not stream replica logs into the cell.")
        boolean noLogs;

        CleanupPolicy cleanup = CleanupPolicy.KEEP;

        JobSpec.Builder spec(ProjectConfig config, String defaultName, String image) throws ArgumentException {
            cleanup = switch (cleanupText.toLowerCase(Locale.ROOT)) {
                case "keep" -> CleanupPolicy.KEEP;
                case "on-success" -> CleanupPolicy.DELETE_ON_SUCCESS;
                case "always" -> CleanupPolicy.DELETE_ALWAYS;
                default -> throw new ArgumentException("--cleanup '" + cleanupText + "' is not keep, on-success or always");
            };
            timeout();
            try {
                JobKind jobKind = JobKind.parse(kind);
                JobSpec.Builder spec = JobSpec.builder(image).name(name != null ? name : defaultName).kind(jobKind);
                if (replicas != null) {
                    spec.replicas(replicas);
                }
                spec.resources(resources.resources(config));
                env.forEach(spec::env);
                if (runtime != null) {
                    spec.runtime(runtime);
                }
                String namespace = config.get(ConfigKey.NAMESPACE);
                if (!namespace.isBlank()) {
                    spec.namespace(namespace);
                }
                return spec;
            } catch (IllegalArgumentException e) { // InvalidJobSpecException and JobKind.parse's
                throw new ArgumentException(e.getMessage());
            }
        }

        /** Builds the spec once with a placeholder image, so that bad options fail before anything is built. */
        void check(ProjectConfig config, String defaultName) throws ArgumentException {
            try {
                spec(config, defaultName, "placeholder").build();
            } catch (IllegalArgumentException e) {
                throw new ArgumentException(e.getMessage());
            }
        }

        Duration timeout() throws ArgumentException {
            try {
                Duration d = io.jfairing.kernel.KernelOptions.parseDuration(timeoutText);
                return d.isZero() ? Duration.ofDays(365) : d;
            } catch (IllegalArgumentException e) {
                throw new ArgumentException("--timeout: " + e.getMessage());
            }
        }
    }
}
