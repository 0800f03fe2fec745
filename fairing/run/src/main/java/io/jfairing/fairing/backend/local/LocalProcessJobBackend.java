package io.jfairing.fairing.backend.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jfairing.fairing.backend.JobState;
import io.jfairing.fairing.backend.MachineChecks;
import io.jfairing.fairing.backend.ReplicaPlan;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.Resources;
import io.jfairing.fairing.deploy.Role;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobRecorder;
import io.jfairing.fairing.job.JobRequest;
import io.jfairing.fairing.job.JobStatus;
import io.jfairing.fairing.job.LocalProgram;
import io.jfairing.metadata.MetadataStore;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs jobs as child JVMs on this machine, one per replica, each with the environment a pod of the job's kind would
 * get ({@link ReplicaPlan}: {@code MASTER_ADDR=127.0.0.1}, a free {@code MASTER_PORT}, {@code WORLD_SIZE},
 * {@code RANK}, {@code TF_CONFIG}, {@code PET_*}...), so that distributed code can be tried on a laptop.
 *
 * <p>Each job keeps its state in {@code STATE_DIR/NAME} (default {@code $JFAIRING_HOME/jobs}): every replica's log,
 * pid and exit code, written by a small shell that wraps the JVM, so that jobs outlive the process that submitted them
 * and {@link #attach} from another process can follow their logs, wait for them and cancel them.
 *
 * <p>How pod options map here:
 * <ul>
 *   <li>The JVM runs {@link JobRequest#program()} (required), with {@code -XX:+ExitOnOutOfMemoryError} (as a container
 *       is killed when out of memory: the outcome says {@code OOMKilled}), {@code -XX:MaxRAM} from the memory limit
 *       (the JVM sizes its heap as in a container with that limit) and {@code -XX:ActiveProcessorCount} from the CPU
 *       limit.</li>
 *   <li>GPUs cannot be reserved on this machine: asking for them is an error unless {@link Builder#allowGpus(boolean)}
 *       (then the processes see the machine's devices as they are).</li>
 *   <li>Secrets, config maps and volumes live in a cluster: a spec that uses them is refused; give values with
 *       {@code env}. Scheduling options (node selector, tolerations, service account, pull secrets, pod mutators) do
 *       not apply and are ignored.</li>
 *   <li>Failure: the first replica that fails fails the job at once and the others are stopped (they would wait for
 *       it forever in a rendezvous); {@code backoffLimit} is not applied: nothing is retried locally, so a failure
 *       shows at once with its last lines. {@code activeDeadlineSeconds} stops the job ({@code DeadlineExceeded}).</li>
 *   <li>{@link io.jfairing.fairing.job.CleanupPolicy}: deletes the replicas' work folders; logs and status stay until
 *       {@link JobHandle#delete()}.</li>
 * </ul>
 */
public final class LocalProcessJobBackend implements Backend {
    public static final String NAME = "local";
    /** The loopback address every replica is given as the master's. */
    public static final String HOST = "127.0.0.1";
    /** Variables a child does not inherit from this process: the backend sets them for each replica. */
    private static final List<String> MANAGED_PREFIXES =
            List.of("PET_", "OMPI_COMM_WORLD_", JobEnvironment.PARAMETER_PREFIX);

    private static final List<String> MANAGED = List.of(
            "MASTER_ADDR",
            "MASTER_PORT",
            "WORLD_SIZE",
            "RANK",
            "TF_CONFIG",
            "JOB_COMPLETION_INDEX",
            "K_MPI_JOB_ROLE",
            "WORKER_ADDRS",
            "WORKER_PORT",
            JobEnvironment.JOB_NAME,
            JobEnvironment.REPLICA_ROLE,
            JobEnvironment.REPLICA_INDEX,
            JobEnvironment.RUN_ID);

    private final Path stateDirectory;
    private final String java;
    private final MetadataStore store;
    private final boolean allowGpus;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jfairing-local-deadlines");
        t.setDaemon(true);
        return t;
    });

    private LocalProcessJobBackend(Builder b) {
        this.stateDirectory = b.stateDirectory != null
                ? b.stateDirectory
                : MetadataStore.defaultFile(System.getenv()).getParent().resolve("jobs");
        this.java = b.java != null
                ? b.java.toString()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.store = b.store;
        this.allowGpus = b.allowGpus;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Where the jobs' state folders are. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    @Override
    public JobHandle submit(JobRequest request) throws JobException {
        JobSpec spec = request.spec();
        check(request);
        JobState dir = new JobState(stateDirectory.resolve(spec.name()));
        List<ReplicaPlan.Replica> replicas = ReplicaPlan.plan(spec, HOST, ReplicaPlan::freePort);
        Map<Role, Resources> resources = resourcesByRole(spec);
        Map<String, List<String>> commands = new LinkedHashMap<>();
        for (ReplicaPlan.Replica r : replicas) {
            commands.put(r.name(), javaCommand(request.program(), resources.get(Role.forKey(r.role()))));
        }
        try {
            Files.createDirectories(stateDirectory);
            try {
                Files.createDirectory(dir.path());
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new JobException("a local job named " + spec.name() + " already exists (" + dir.path()
                        + "); delete it (jobs delete " + spec.name() + ") or choose another name");
            }
        } catch (IOException e) {
            throw new JobException("cannot create the state folder " + dir.path() + ": " + e.getMessage(), e);
        }
        Long runId;
        try {
            runId = JobRecorder.start(request, NAME, describe(spec, replicas, commands));
        } catch (JobException e) {
            deleteQuietly(dir);
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
        LocalJobHandle handle = new LocalJobHandle(dir, record, request.store());
        handle.collectMetrics(request.collectedMetrics());
        try {
            dir.writeJob(record);
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new JobException(
                    "cannot write the state of local job " + spec.name() + " in " + dir.path() + ": " + e.getMessage(),
                    e);
        }
        Map<String, String> recording = JobRecorder.replicaEnvironment(request, runId);
        for (ReplicaPlan.Replica r : replicas) {
            try {
                start(dir, r, commands.get(r.name()), request.program(), recording, handle);
            } catch (IOException e) {
                // as a pod that cannot start: this replica fails (exit 127, the error as its log) and stops the others
                failToStart(dir, r.name(), e);
            }
        }
        handle.poke();
        if (deadline != null) {
            timers.schedule(handle::poke, deadline * 1000 + 50, TimeUnit.MILLISECONDS);
        }
        return handle;
    }

    /** Everything that would make the job fail to start, checked before anything is created. */
    private void check(JobRequest request) throws JobException {
        JobSpec spec = request.spec();
        MachineChecks.refuseExperiment(spec);
        if (request.program() == null) {
            throw new JobException(
                    "the local process backend runs a program, not an image: give the request one "
                            + "(JobRequest.builder(spec).program(LocalProgram.ofNotebook(codeDir, libs)) or LocalProgram.ofMainClass(...))");
        }
        MachineChecks.refuseClusterResources(spec, "the local process backend");
        if (!request.hostFolders().isEmpty()) {
            throw new JobException("the local process backend has no containers to mount "
                    + request.hostFolders().get(0).source()
                    + " into: its processes see this machine's paths as they are;"
                    + " pass the paths themselves");
        }
        if (!allowGpus) {
            for (Map.Entry<Role, Resources> e : resourcesByRole(spec).entrySet()) {
                if (e.getValue() != null && e.getValue().gpus() > 0) {
                    throw new JobException(
                            "the local process backend cannot reserve GPUs ("
                                    + e.getValue().gpus() + " asked"
                                    + (e.getKey() == null
                                            ? ""
                                            : " for " + e.getKey().key()) + "): remove gpus(...) to run on the CPU, "
                                    + "or build the backend with allowGpus(true) to let the processes use this machine's devices as they are");
                }
            }
        }
        if (!Files.isExecutable(Path.of(java))) {
            throw new JobException("no java executable at " + java);
        }
    }

    private static Map<Role, Resources> resourcesByRole(JobSpec spec) {
        Map<Role, Resources> out = new LinkedHashMap<>();
        if (!spec.kind().roles().isEmpty()) {
            spec.replicasByRole().keySet().forEach(role -> out.put(role, spec.resources(role)));
        } else {
            out.put(null, spec.resources(null));
        }
        return out;
    }

    /** {@code java [options] -cp CP MAIN ARGS} for one replica. */
    List<String> javaCommand(LocalProgram program, Resources resources) {
        List<String> limits = new ArrayList<>();
        limits.add("-XX:+ExitOnOutOfMemoryError");
        if (resources != null) {
            String memory = resources.limits().get("memory");
            if (memory != null) {
                limits.add("-XX:MaxRAM="
                        + Quantity.getAmountInBytes(new Quantity(memory))
                                .setScale(0, RoundingMode.DOWN)
                                .toPlainString());
            }
            String cpu = resources.limits().get("cpu");
            if (cpu != null) {
                BigDecimal cores = Quantity.getAmountInBytes(new Quantity(cpu));
                limits.add("-XX:ActiveProcessorCount="
                        + Math.max(1, cores.setScale(0, RoundingMode.CEILING).intValue()));
            }
        }
        return program.javaCommand(java, limits);
    }

    private void start(
            JobState dir,
            ReplicaPlan.Replica replica,
            List<String> javaCommand,
            LocalProgram program,
            Map<String, String> recording,
            LocalJobHandle handle)
            throws IOException {
        Path work = Files.createDirectories(dir.work(replica.name()));
        program.copyWorkingFilesTo(work);
        Path exit = dir.exitFile(replica.name());
        Path temp = exit.resolveSibling("exit.tmp");
        // the shell outlives the JVM by a moment to record its exit code, whoever is (or is no longer) watching
        String script =
                "\"$@\"; code=$?; echo \"$code\" > " + quote(temp) + " && mv -f " + quote(temp) + " " + quote(exit);
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", script, "jfairing-" + replica.name()));
        command.addAll(javaCommand);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(dir.log(replica.name()).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(k -> MANAGED.contains(k) || MANAGED_PREFIXES.stream().anyMatch(k::startsWith));
        env.putAll(replica.env());
        env.putAll(recording);
        Process process = builder.start();
        dir.writePid(replica.name(), process.toHandle());
        process.onExit().thenRun(handle::poke);
    }

    private static void failToStart(JobState dir, String replica, IOException error) {
        try {
            Files.createDirectories(dir.replica(replica));
            Files.writeString(
                    dir.log(replica),
                    "cannot start the replica: " + error.getMessage() + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Files.writeString(dir.pidFile(replica), "0 0\n");
            Files.writeString(dir.exitFile(replica), "127\n");
        } catch (IOException ignored) {
            // the state folder itself is gone
        }
    }

    private static String quote(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "'\\''") + "'";
    }

    /** What was started, for the run's manifest tag: replicas, their command lines and env names (not values). */
    private static String describe(
            JobSpec spec, List<ReplicaPlan.Replica> replicas, Map<String, List<String>> commands) {
        ObjectNode root = JobState.JSON.createObjectNode();
        root.put("backend", NAME)
                .put("name", spec.name())
                .put("kind", spec.kind().kind())
                .put("image", spec.image());
        ArrayNode list = root.putArray("replicas");
        for (ReplicaPlan.Replica r : replicas) {
            ObjectNode node = list.addObject().put("name", r.name()).put("rank", r.rank());
            ArrayNode command = node.putArray("command");
            List<String> words = commands.get(r.name());
            for (int i = 0; i < words.size(); i++) {
                // the class path in full would crowd the rest out of the run's tag: its size tells enough
                boolean classpath = i > 0 && words.get(i - 1).equals("-cp");
                command.add(
                        classpath
                                ? "(" + words.get(i).split(File.pathSeparator).length + " class path entries)"
                                : words.get(i));
            }
            ArrayNode env = node.putArray("env");
            r.env().keySet().forEach(env::add);
        }
        return root.toString();
    }

    @Override
    public JobHandle attach(String jobName) throws JobException {
        JobState dir = new JobState(stateDirectory.resolve(io.jfairing.fairing.deploy.ResourceNames.valid(jobName)));
        if (!dir.exists()) {
            List<String> names = list().stream().map(JobStatus::name).toList();
            throw new JobException("no local job named " + jobName + " in " + stateDirectory
                    + (names.isEmpty() ? "" : "; there are: " + String.join(", ", names)));
        }
        try {
            return new LocalJobHandle(dir, dir.readJob(), store);
        } catch (IOException e) {
            throw new JobException("cannot read local job " + jobName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<JobStatus> list() throws JobException {
        if (!Files.isDirectory(stateDirectory)) {
            return List.of();
        }
        List<JobState.JobRecord> records = new ArrayList<>();
        List<JobState> dirs = new ArrayList<>();
        try (Stream<Path> children = Files.list(stateDirectory)) {
            for (Path child : children.toList()) {
                JobState dir = new JobState(child);
                if (dir.exists()) {
                    try {
                        records.add(dir.readJob());
                        dirs.add(dir);
                    } catch (IOException e) {
                        // being written or deleted
                    }
                }
            }
        } catch (IOException e) {
            throw new JobException("cannot list " + stateDirectory + ": " + e.getMessage(), e);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> records.get(i).createdAt())
                .reversed());
        List<JobStatus> out = new ArrayList<>();
        for (int i : order) {
            try {
                out.add(new LocalJobHandle(dirs.get(i), records.get(i), store).status());
            } catch (JobException e) {
                // deleted meanwhile
            }
        }
        return out;
    }

    private static void deleteQuietly(JobState dir) {
        try {
            dir.deleteAll();
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Stops the deadline timers; running jobs go on (attach to them later). */
    @Override
    public void close() {
        timers.shutdownNow();
    }

    /** Builds a {@link LocalProcessJobBackend}. */
    public static final class Builder {
        private Path stateDirectory;
        private Path java;
        private MetadataStore store;
        private boolean allowGpus;

        private Builder() {}

        /** Where job state folders go (default {@code $JFAIRING_HOME/jobs}, else {@code ~/.jfairing/jobs}). */
        public Builder stateDirectory(Path dir) {
            this.stateDirectory = dir;
            return this;
        }

        /** The {@code java} to start (default: this JVM's). */
        public Builder javaExecutable(Path path) {
            this.java = path;
            return this;
        }

        /** Where runs of jobs this backend attaches to are ended (a submitted job's run ends in its request's store). */
        public Builder metadataStore(MetadataStore value) {
            this.store = value;
            return this;
        }

        /** Lets specs that ask for GPUs run, on whatever devices the machine has (nothing is reserved). */
        public Builder allowGpus(boolean value) {
            this.allowGpus = value;
            return this;
        }

        public LocalProcessJobBackend build() {
            return new LocalProcessJobBackend(this);
        }
    }
}
