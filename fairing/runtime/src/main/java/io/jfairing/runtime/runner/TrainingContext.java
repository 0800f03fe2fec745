package io.jfairing.runtime.runner;

import java.io.PrintStream;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the code inside a job knows about the job: its rank and the world size, its replica role and index, where the
 * master is, the tuning parameters of a trial, and the metadata run the job is recorded in. Read from the environment
 * that every backend gives each replica (Kubernetes operators, the local process and podman backends alike).
 * Uses java.base only: it runs in the image.
 *
 * <pre>{@code
 * TrainingContext ctx = TrainingContext.current();
 * double lr = ctx.doubleParameter("lr", 0.01);          // FAIRING_PARAM_LR in a tuning trial
 * if (ctx.isDistributed()) {
 *     connect(ctx.masterAddress(), ctx.masterPort(), ctx.rank(), ctx.worldSize());
 * }
 * ctx.reportMetric("accuracy", 0.93);                    // prints accuracy=0.93: the tuner reads it
 * }</pre>
 *
 * <p>To log into the job's metadata run, with metadata-client on the class path:
 * {@code MetadataStore.fromEnvironment().jobRun()} (the run {@link #runId()} names, in the store
 * {@link #metadataUri()} names); flush what was logged and leave ending the run to jfairing, which ends it with the
 * job's outcome.
 */
public final class TrainingContext {
    public static final String PARAMETER_PREFIX = "FAIRING_PARAM_";

    private final Map<String, String> env;

    private TrainingContext(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The context of this process. */
    public static TrainingContext current() {
        return new TrainingContext(System.getenv());
    }

    /** The context a replica with this environment has (for tests and launchers). */
    public static TrainingContext of(Map<String, String> env) {
        return new TrainingContext(env);
    }

    /** {@code JFAIRING_JOB_NAME}; empty outside a job. */
    public Optional<String> jobName() {
        return value("JFAIRING_JOB_NAME");
    }

    /**
     * This replica's rank: {@code RANK} (PyTorchJob, XGBoostJob), {@code PET_NODE_RANK} (TrainJob),
     * {@code OMPI_COMM_WORLD_RANK} (MPI), {@code JOB_COMPLETION_INDEX} (indexed Job), else 0.
     */
    public int rank() {
        return firstInt(0, "RANK", "PET_NODE_RANK", "OMPI_COMM_WORLD_RANK", "JOB_COMPLETION_INDEX");
    }

    /** How many replicas take part: {@code WORLD_SIZE}, {@code PET_NNODES}, {@code OMPI_COMM_WORLD_SIZE}, else 1. */
    public int worldSize() {
        return firstInt(1, "WORLD_SIZE", "PET_NNODES", "OMPI_COMM_WORLD_SIZE");
    }

    public boolean isDistributed() {
        return worldSize() > 1;
    }

    /** Rank 0: the replica that should save the model and log the run's summary. */
    public boolean isChief() {
        return rank() == 0;
    }

    /** {@code master}, {@code worker}, {@code chief}, {@code ps}, {@code launcher}, {@code node}; empty outside a job. */
    public Optional<String> role() {
        return value("JFAIRING_REPLICA_ROLE");
    }

    /** The index within the role. */
    public int replicaIndex() {
        return firstInt(0, "JFAIRING_REPLICA_INDEX");
    }

    /** {@code MASTER_ADDR} or {@code PET_MASTER_ADDR}; {@code 127.0.0.1} when neither is set. */
    public String masterAddress() {
        return value("MASTER_ADDR").or(() -> value("PET_MASTER_ADDR")).orElse("127.0.0.1");
    }

    /** {@code MASTER_PORT} or {@code PET_MASTER_PORT}; 29500 (torch's default) when neither is set. */
    public int masterPort() {
        return firstInt(29500, "MASTER_PORT", "PET_MASTER_PORT");
    }

    /** {@code TF_CONFIG} as given (JSON), for TFJob replicas. */
    public Optional<String> tfConfig() {
        return value("TF_CONFIG");
    }

    /** The tuning parameters ({@code FAIRING_PARAM_LR=0.1} is {@code lr}), by lower-case name. */
    public Map<String, String> parameters() {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(PARAMETER_PREFIX) && k.length() > PARAMETER_PREFIX.length()) {
                out.put(k.substring(PARAMETER_PREFIX.length()).toLowerCase(Locale.ROOT), v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** A parameter by name, any case ({@code lr} reads {@code FAIRING_PARAM_LR}). */
    public Optional<String> parameter(String name) {
        return value(PARAMETER_PREFIX + name.toUpperCase(Locale.ROOT));
    }

    public String parameter(String name, String defaultValue) {
        return parameter(name).orElse(defaultValue);
    }

    /** @throws IllegalArgumentException naming the parameter when its value is not an integer */
    public int intParameter(String name, int defaultValue) {
        return parameter(name)
                .map(v -> parse(name, v, "an integer", Integer::valueOf))
                .orElse(defaultValue);
    }

    public long longParameter(String name, long defaultValue) {
        return parameter(name)
                .map(v -> parse(name, v, "an integer", Long::valueOf))
                .orElse(defaultValue);
    }

    /** @throws IllegalArgumentException naming the parameter when its value is not a number */
    public double doubleParameter(String name, double defaultValue) {
        return parameter(name)
                .map(v -> parse(name, v, "a number", Double::valueOf))
                .orElse(defaultValue);
    }

    /** {@code true}/{@code false} in any case. */
    public boolean booleanParameter(String name, boolean defaultValue) {
        return parameter(name)
                .map(v -> parse(name, v, "true or false", s -> {
                    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                        return Boolean.valueOf(s);
                    }
                    throw new NumberFormatException();
                }))
                .orElse(defaultValue);
    }

    /** {@code JFAIRING_RUN_ID}: the metadata run recording this job. */
    public Optional<Long> runId() {
        return value("JFAIRING_RUN_ID").map(v -> parse("JFAIRING_RUN_ID", v, "a run id", Long::valueOf));
    }

    /** {@code JFAIRING_METADATA_URI}: the metadata store (a server URL or a SQLite file). */
    public Optional<String> metadataUri() {
        return value("JFAIRING_METADATA_URI");
    }

    /** Prints {@code name=value} on stdout: the line Katib's StdOut collector and the local tuner read. */
    public void reportMetric(String name, double value) {
        reportMetric(System.out, name, value);
    }

    /** As {@link #reportMetric(String, double)}, on {@code out}. */
    public static void reportMetric(PrintStream out, String name, double value) {
        if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("metric name must be letters, digits, '_' or '-', got '" + name + "'");
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("metric " + name + " must be a finite number, got " + value);
        }
        out.println(name + "=" + value);
        out.flush();
    }

    private Optional<String> value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private int firstInt(int defaultValue, String... names) {
        for (String name : names) {
            Optional<String> v = value(name);
            if (v.isPresent()) {
                return parse(name, v.get(), "an integer", Integer::valueOf);
            }
        }
        return defaultValue;
    }

    private static <T> T parse(String name, String value, String what, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be " + what + ", got '" + value + "'");
        }
    }
}
