package io.jfairing.fairing.backend.podman;

import io.fabric8.kubernetes.api.model.Quantity;
import io.jfairing.fairing.backend.JobState;
import io.jfairing.fairing.backend.MachineChecks;
import io.jfairing.fairing.backend.ReplicaPlan;
import io.jfairing.fairing.container.ContainerRun;
import io.jfairing.fairing.container.Podman;
import io.jfairing.fairing.container.PodmanException;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.ResourceNames;
import io.jfairing.fairing.deploy.Resources;
import io.jfairing.fairing.deploy.Role;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.HostFolder;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobRecorder;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.JobStatus;
import io.jfairing.metadata.MetadataStore;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a job's image ({@link JobSpec#image()}) with podman on this machine, one container per replica, all on the
 * host's network so that they reach each other on the loopback address with the environment a pod of the job's kind
 * would get ({@link ReplicaPlan}). Containers are named {@code JOB-REPLICA} and labelled
 * {@value JobEnvironment#LABEL_MANAGED_BY}={@value JobEnvironment#MANAGED_BY},
 * {@value JobEnvironment#LABEL_JOB_NAME}=JOB and {@value #LABEL_REPLICA}=REPLICA.
 *
 * <p>The image is pulled first when it is not in podman's storage; a pull that fails ends the job with reason
 * {@code ImagePullBackOff} and podman's message as its last lines. The job's state (markers, outcome) is kept in
 * {@code STATE_DIR/NAME} (default {@code $JFAIRING_HOME/podman-jobs}), so that another process can {@link #attach}.
 * Failure handling, deadline and cleanup are as with the local process backend; removing containers (cleanup policy)
 * first copies their logs into the state folder. Secrets, config maps, volumes and GPUs are refused; the request's
 * {@link HostFolder}s are bind mounts.
 */
public final class PodmanJobBackend implements Backend {
    public static final String NAME = "podman";
    public static final String LABEL_REPLICA = "jfairing.io/replica";
    private static final String HOST = "127.0.0.1";

    private final Podman podman;
    private final Path stateDirectory;
    private final String network;
    private final boolean tlsVerify;
    private final MetadataStore store;
    private final Duration stopGrace;
    private final ExecutorService starter = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jfairing-podman-start");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jfairing-podman-deadlines");
        t.setDaemon(true);
        return t;
    });

    private PodmanJobBackend(Builder b) {
        this.podman = b.podman;
        this.stateDirectory = b.stateDirectory != null
                ? b.stateDirectory
                : MetadataStore.defaultFile(System.getenv()).getParent().resolve("podman-jobs");
        this.network = b.network;
        this.tlsVerify = b.tlsVerify;
        this.store = b.store;
        this.stopGrace = b.stopGrace;
    }

    public static Builder builder(Podman podman) {
        return new Builder(podman);
    }

    @Override
    public String name() {
        return NAME;
    }

    public Path stateDirectory() {
        return stateDirectory;
    }

    @Override
    public JobHandle submit(JobRequest request) throws JobException {
        JobSpec spec = request.spec();
        check(spec);
        List<ReplicaPlan.Replica> replicas = ReplicaPlan.plan(spec, HOST, ReplicaPlan::freePort);
        List<ContainerRun> runs = new ArrayList<>();
        for (ReplicaPlan.Replica r : replicas) {
            runs.add(containerRun(request, r, Map.of()));
        }
        try {
            if (!podman.list(Map.of(JobEnvironment.LABEL_JOB_NAME, spec.name())).isEmpty()) {
                throw new JobException("containers of a job named " + spec.name()
                        + " already exist (podman ps -a --filter label=" + JobEnvironment.LABEL_JOB_NAME + "="
                        + spec.name() + "); delete the job or choose another name");
            }
        } catch (PodmanException e) {
            throw new JobException("podman does not answer: " + e.getMessage(), e);
        }
        JobState state = new JobState(stateDirectory.resolve(spec.name()));
        try {
            Files.createDirectories(stateDirectory);
            Files.createDirectory(state.path());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new JobException("a podman job named " + spec.name() + " already exists (" + state.path()
                    + "); delete it or choose another name");
        } catch (IOException e) {
            throw new JobException("cannot create the state folder " + state.path() + ": " + e.getMessage(), e);
        }
        Long runId;
        try {
            runId = JobRecorder.start(request, NAME, describe(runs));
        } catch (JobException e) {
            deleteQuietly(state);
            throw e;
        }
        Long deadline = spec.runPolicy().activeDeadlineSeconds();
        JobState.JobRecord record = new JobState.JobRecord(
                spec.name(),
                NAME,
                spec.kind().kind(),
                System.currentTimeMillis(),
                deadline,
                runId,
                request.cleanup().name(),
                replicas.stream().map(ReplicaPlan.Replica::name).toList());
        try {
            state.writeJob(record);
        } catch (IOException e) {
            deleteQuietly(state);
            throw new JobException("cannot write " + state.path() + ": " + e.getMessage(), e);
        }
        PodmanJobHandle handle = new PodmanJobHandle(podman, state, record, request.store(), stopGrace);
        handle.collectMetrics(request.collectedMetrics());
        Map<String, String> recording = JobRecorder.replicaEnvironment(request, runId);
        List<ContainerRun> recorded = new ArrayList<>();
        for (ReplicaPlan.Replica r : replicas) {
            recorded.add(containerRun(request, r, recording));
        }
        starter.submit(() -> start(handle, state, spec.image(), recorded));
        if (deadline != null) {
            timers.schedule(handle::poke, deadline * 1000 + 50, TimeUnit.MILLISECONDS);
        }
        return handle;
    }

    private void start(PodmanJobHandle handle, JobState state, String image, List<ContainerRun> runs) {
        try {
            if (!podman.imageExists(image)) {
                podman.pull(image, tlsVerify);
            }
        } catch (PodmanException e) {
            writeQuietly(state.marker(JobState.IMAGE_PULL_ERROR), "ErrImagePull: " + e.getMessage());
            handle.poke();
            return;
        }
        for (ContainerRun run : runs) {
            String replica = run.labels().get(LABEL_REPLICA);
            if (stopping(state, replica)) {
                continue;
            }
            try {
                podman.run(run);
                writeQuietly(PodmanJobHandle.createdMarker(state, replica), "");
                handle.watch(replica);
                if (stopping(state, replica)) {
                    podman.stop(run.name(), stopGrace); // cancelled or failed while it was being created
                }
            } catch (PodmanException e) {
                writeQuietly(PodmanJobHandle.startError(state, replica), e.getMessage());
            }
            handle.poke();
        }
        handle.poke();
    }

    private static boolean stopping(JobState state, String replica) {
        return state.has(JobState.CANCELLED)
                || state.has(JobState.OUTCOME_FILE)
                || Files.exists(state.stoppedMarker(replica));
    }

    private ContainerRun containerRun(JobRequest request, ReplicaPlan.Replica r, Map<String, String> recording) {
        JobSpec spec = request.spec();
        ContainerRun.Builder run = ContainerRun.builder(spec.image())
                .name(PodmanJobHandle.containerName(spec.name(), r.name()))
                .label(JobEnvironment.LABEL_MANAGED_BY, JobEnvironment.MANAGED_BY)
                .label(JobEnvironment.LABEL_JOB_NAME, spec.name())
                .label(LABEL_REPLICA, r.name())
                .env(r.env())
                .env(recording)
                .network(network);
        Resources resources =
                !spec.kind().roles().isEmpty() ? spec.resources(Role.forKey(r.role())) : spec.resources(null);
        String memory = resources.limits().get("memory");
        if (memory != null) {
            run.memory(Quantity.getAmountInBytes(new Quantity(memory))
                    .setScale(0, RoundingMode.DOWN)
                    .toPlainString());
        }
        String cpu = resources.limits().get("cpu");
        if (cpu != null) {
            run.cpus(Quantity.getAmountInBytes(new Quantity(cpu))
                    .stripTrailingZeros()
                    .toPlainString());
        }
        if (!spec.command().isEmpty()) {
            run.entrypoint(spec.command());
        }
        if (!spec.args().isEmpty()) {
            run.args(spec.args());
        }
        if (!tlsVerify) {
            run.option("--tls-verify=false");
        }
        for (HostFolder folder : request.hostFolders()) {
            run.option("--volume", folder.volume());
        }
        return run.build();
    }

    private void check(JobSpec spec) throws JobException {
        MachineChecks.refuseExperiment(spec);
        MachineChecks.refuseClusterResources(spec, "the podman backend");
        List<Resources> all = new ArrayList<>();
        if (!spec.kind().roles().isEmpty()) {
            spec.replicasByRole().keySet().forEach(role -> all.add(spec.resources(role)));
        } else {
            all.add(spec.resources(null));
        }
        for (Resources r : all) {
            if (r.gpus() > 0) {
                throw new JobException("the podman backend does not pass GPUs to containers (" + r.gpus()
                        + " asked): remove gpus(...) to run on the CPU, or run on Kubernetes");
            }
        }
    }

    private static String describe(List<ContainerRun> runs) {
        StringBuilder out = new StringBuilder();
        for (ContainerRun run : runs) {
            List<String> args = new ArrayList<>();
            args.add("podman");
            // env names only: values may be credentials
            for (String a : run.toArguments()) {
                args.add(a);
            }
            for (int i = 0; i < args.size() - 1; i++) {
                if (args.get(i).equals("--env")) {
                    String kv = args.get(i + 1);
                    args.set(i + 1, kv.substring(0, kv.indexOf('=') + 1) + "...");
                }
            }
            out.append(String.join(" ", args)).append('\n');
        }
        return out.toString();
    }

    @Override
    public JobHandle attach(String jobName) throws JobException {
        JobState state = new JobState(stateDirectory.resolve(ResourceNames.valid(jobName)));
        if (!state.exists()) {
            List<String> names = list().stream().map(JobStatus::name).toList();
            throw new JobException("no podman job named " + jobName + " in " + stateDirectory
                    + (names.isEmpty() ? "" : "; there are: " + String.join(", ", names)));
        }
        try {
            PodmanJobHandle handle = new PodmanJobHandle(podman, state, state.readJob(), store, stopGrace);
            handle.startWatching();
            return handle;
        } catch (IOException e) {
            throw new JobException("cannot read podman job " + jobName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<JobStatus> list() throws JobException {
        if (!Files.isDirectory(stateDirectory)) {
            return List.of();
        }
        Map<JobState, JobState.JobRecord> jobs = new LinkedHashMap<>();
        try (Stream<Path> children = Files.list(stateDirectory)) {
            for (Path child : children.toList()) {
                JobState state = new JobState(child);
                if (state.exists()) {
                    try {
                        jobs.put(state, state.readJob());
                    } catch (IOException e) {
                        // being written or deleted
                    }
                }
            }
        } catch (IOException e) {
            throw new JobException("cannot list " + stateDirectory + ": " + e.getMessage(), e);
        }
        List<Map.Entry<JobState, JobState.JobRecord>> entries = new ArrayList<>(jobs.entrySet());
        entries.sort(Comparator.comparingLong((Map.Entry<JobState, JobState.JobRecord> e) ->
                        e.getValue().createdAt())
                .reversed());
        List<JobStatus> out = new ArrayList<>();
        for (Map.Entry<JobState, JobState.JobRecord> e : entries) {
            try {
                out.add(new PodmanJobHandle(podman, e.getKey(), e.getValue(), store, stopGrace).status());
            } catch (JobException gone) {
                // deleted meanwhile
            }
        }
        return out;
    }

    private static void writeQuietly(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException ignored) {
            // the job shows as pending; its deadline or a cancel ends it
        }
    }

    private static void deleteQuietly(JobState state) {
        try {
            state.deleteAll();
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Stops this backend's threads; containers keep running (attach to them later). */
    @Override
    public void close() {
        starter.shutdown();
        timers.shutdownNow();
    }

    /** Builds a {@link PodmanJobBackend}. */
    public static final class Builder {
        private final Podman podman;
        private Path stateDirectory;
        private String network = "host";
        private boolean tlsVerify = true;
        private MetadataStore store;
        private Duration stopGrace = Duration.ofSeconds(5);

        private Builder(Podman podman) {
            this.podman = java.util.Objects.requireNonNull(podman, "podman");
        }

        /** Where job state folders go (default {@code $JFAIRING_HOME/podman-jobs}). */
        public Builder stateDirectory(Path dir) {
            this.stateDirectory = dir;
            return this;
        }

        /** The network the containers join (default {@code host}: replicas reach each other on 127.0.0.1). */
        public Builder network(String value) {
            this.network = value;
            return this;
        }

        /** Pulls over plain HTTP or unverified TLS when false (a local test registry). */
        public Builder tlsVerify(boolean value) {
            this.tlsVerify = value;
            return this;
        }

        /** Where runs of jobs this backend attaches to are ended. */
        public Builder metadataStore(MetadataStore value) {
            this.store = value;
            return this;
        }

        /** How long a stopped container gets between SIGTERM and SIGKILL (default 5 s). */
        public Builder stopGrace(Duration value) {
            this.stopGrace = value;
            return this;
        }

        public PodmanJobBackend build() {
            return new PodmanJobBackend(this);
        }
    }
}
