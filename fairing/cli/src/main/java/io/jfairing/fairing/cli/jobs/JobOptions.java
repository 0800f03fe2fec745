package io.jfairing.fairing.cli.jobs;

import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.project.ConfigKey;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.job.CleanupPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of a job: where, what kind, how many, with what resources. Shared by train and tune. */
public final class JobOptions {
    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The job's name (made a valid Kubernetes name; default: EXPERIMENT-train).")
    public String name;

    @Option(
            names = {"-b", "--backend"},
            paramLabel = "BACKEND",
            description = "local, podman or kubernetes (default: the project's backend setting).")
    public String backend;

    @Option(
            names = {"-k", "--kind"},
            paramLabel = "KIND",
            defaultValue = "job",
            description = "job, pytorchjob, tfjob, mpijob, xgboostjob or trainjob (default: ${DEFAULT-VALUE}).")
    public String kind;

    @Option(
            names = {"-r", "--replicas"},
            paramLabel = "N",
            description = "Workers (PyTorchJob: besides the master).")
    Integer replicas;

    @Mixin
    ResourceOptions resources = new ResourceOptions();

    @Option(
            names = {"-e", "--env"},
            paramLabel = "NAME=VALUE",
            description = "Environment of every replica (repeatable).")
    public Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--runtime", paramLabel = "NAME", description = "TrainJob: the (Cluster)TrainingRuntime to use.")
    String runtime;

    @Option(
            names = "--slots-per-worker",
            paramLabel = "N",
            description = "MPIJob: spec.slotsPerWorker, processes per worker (1 or more).")
    Integer slotsPerWorker;

    @Option(
            names = "--main-container",
            paramLabel = "NAME",
            description = "MPIJob: spec.mainContainer, the container that runs mpirun (default: the operator's).")
    String mainContainer;

    @Option(
            names = "--nproc-per-node",
            paramLabel = "VALUE",
            description = "PyTorchJob: spec.nprocPerNode, auto, cpu, gpu or a number of processes per node.")
    String nprocPerNode;

    @Option(
            names = "--num-proc-per-node",
            paramLabel = "N",
            description = "TrainJob: spec.trainer.numProcPerNode, processes per node (1 or more).")
    Integer numProcPerNode;

    @Option(
            names = "--image",
            paramLabel = "NAME[:TAG]",
            description = "Image repository for podman and kubernetes (default: the experiment's name).")
    public String image;

    @Option(
            names = "--cleanup",
            paramLabel = "POLICY",
            defaultValue = "keep",
            description = "keep, on-success or always: what to remove once the job ended (default: ${DEFAULT-VALUE}).")
    String cleanupText;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description = "How long to wait (default: ${DEFAULT-VALUE}); the job keeps running after.")
    String timeoutText;

    @Option(names = "--no-wait", description = "Return once submitted; follow it with status and logs.")
    public boolean noWait;

    @Option(names = "--no-logs", description = "Do not stream replica logs while waiting.")
    public boolean noLogs;

    public CleanupPolicy cleanup = CleanupPolicy.KEEP;

    public JobSpec.Builder spec(ProjectConfig config, String defaultName, String image) throws UsageException {
        cleanup = switch (cleanupText.toLowerCase(Locale.ROOT)) {
            case "keep" -> CleanupPolicy.KEEP;
            case "on-success" -> CleanupPolicy.DELETE_ON_SUCCESS;
            case "always" -> CleanupPolicy.DELETE_ALWAYS;
            default -> throw new UsageException("--cleanup '" + cleanupText + "' is not keep, on-success or always");
        };
        timeout();
        try {
            JobKind jobKind = JobKind.parse(kind);
            JobSpec.Builder spec = JobSpec.builder(image)
                    .name(name != null ? name : defaultName)
                    .kind(jobKind);
            if (replicas != null) {
                spec.replicas(replicas);
            }
            spec.resources(resources.resources(config));
            env.forEach(spec::env);
            if (runtime != null) {
                spec.runtime(runtime);
            }
            if (slotsPerWorker != null) {
                spec.slotsPerWorker(slotsPerWorker);
            }
            if (mainContainer != null) {
                spec.mainContainer(mainContainer);
            }
            if (nprocPerNode != null) {
                spec.nprocPerNode(nprocPerNode);
            }
            if (numProcPerNode != null) {
                spec.numProcPerNode(numProcPerNode);
            }
            String namespace = config.get(ConfigKey.NAMESPACE);
            if (!namespace.isBlank()) {
                spec.namespace(namespace);
            }
            return spec;
        } catch (IllegalArgumentException e) { // InvalidJobSpecException and JobKind.parse's
            throw new UsageException(e.getMessage());
        }
    }

    /** Builds the spec once with a placeholder image, so that bad options fail before anything is built. */
    public void check(ProjectConfig config, String defaultName) throws UsageException {
        try {
            spec(config, defaultName, "placeholder").build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    public Duration timeout() throws UsageException {
        try {
            Duration d = Durations.parse(timeoutText);
            return d.isZero() ? Duration.ofDays(365) : d;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--timeout: " + e.getMessage());
        }
    }
}
