package io.jfairing.metadata;

import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.MlmdStore;
import io.jfairing.metadata.registry.ModelRegistry;
import io.jfairing.metadata.store.http.HttpMetadataStore;
import io.jfairing.metadata.store.sqlite.PostgresLocation;
import io.jfairing.metadata.store.sqlite.SqliteMetadataStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records and queries what happened: experiments, runs with params, metrics and tags, and the datasets, models and
 * metrics they read and wrote (lineage). Two implementations behave alike and throw the same exceptions:
 *
 * <ul>
 *   <li>embedded (default): a SQLite file, safe for several processes writing at once —
 *       {@code MetadataStore.open(Path.of("metadata.db"))};
 *   <li>remote: a {@code jfairing-metadata serve} server over HTTP —
 *       {@code MetadataStore.connect("http://metadata:8765")}.
 * </ul>
 *
 * <p>Training code usually calls {@link #fromEnvironment()}: it reads {@value #ENV_URI} (and
 * {@value #ENV_TOKEN}), which a training pod gets from the job that launched it, and falls back to the file
 * {@code ~/.jfairing/metadata.db} ({@value #ENV_HOME} overrides {@code ~/.jfairing}).
 *
 * <p>Under the run-centric API lies the ML Metadata model ({@link #mlmd()}): an experiment is a context, a run an
 * execution associated with it, and each logged input or output an artifact with an INPUT or OUTPUT event.
 */
public interface MetadataStore extends AutoCloseable {

    /**
     * Environment variable with the store's uri: a file path, {@code sqlite:PATH}, {@code http(s)://host:port}, or
     * {@code postgresql://USER@HOST:PORT/DATABASE} (password in {@code JFAIRING_METADATA_DB_PASSWORD}).
     */
    String ENV_URI = "JFAIRING_METADATA_URI";
    /** Environment variable with the server's bearer token. */
    String ENV_TOKEN = "JFAIRING_METADATA_TOKEN";
    /** Environment variable with jfairing's home directory (default {@code ~/.jfairing}). */
    String ENV_HOME = "JFAIRING_HOME";
    /** Environment variable with the run a training job is recorded in (jfairing sets it on every replica). */
    String ENV_RUN_ID = "JFAIRING_RUN_ID";

    /** Opens (creating it when missing) the embedded store in {@code file}. */
    static MetadataStore open(Path file) {
        return builder().file(file).build();
    }

    /**
     * Opens the store {@code uri} names: {@code http://host:port} or {@code https://...} for a server, otherwise a
     * SQLite file: {@code sqlite:PATH}, {@code sqlite:///abs/path} or a plain path.
     */
    static MetadataStore connect(String uri) {
        return builder().uri(uri).build();
    }

    /** As {@link #connect(String)}, sending {@code token} as the bearer token to a server. */
    static MetadataStore connect(String uri, String token) {
        return builder().uri(uri).token(token).build();
    }

    /** The store the environment names; see the class comment. */
    static MetadataStore fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** The store the given environment names (for tests and launchers). */
    static MetadataStore fromEnvironment(Map<String, String> env) {
        String uri = env.get(ENV_URI);
        if (uri != null && !uri.isBlank()) {
            return connect(uri.trim(), env.get(ENV_TOKEN));
        }
        return open(defaultFile(env));
    }

    /** {@code $JFAIRING_HOME/metadata.db}, or {@code ~/.jfairing/metadata.db}. */
    static Path defaultFile(Map<String, String> env) {
        String home = env.get(ENV_HOME);
        Path dir =
                home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".jfairing");
        return dir.resolve("metadata.db");
    }

    static Builder builder() {
        return new Builder();
    }

    // ---- experiments ----

    /** The experiment called {@code name}, created when missing. */
    Experiment experiment(String name);

    Optional<Experiment> findExperiment(String name);

    /** @throws NotFoundException when there is no such experiment */
    Experiment getExperiment(long id);

    List<Experiment> listExperiments();

    // ---- runs ----

    /** Starts a run and returns a handle that buffers metrics. */
    default Run startRun(RunSpec spec) {
        return new Run(this, createRun(spec));
    }

    default Run startRun(String experimentName) {
        return startRun(RunSpec.builder(experimentName).build());
    }

    default Run startRun(String experimentName, String runName) {
        return startRun(RunSpec.builder(experimentName).name(runName).build());
    }

    /** A handle on an existing run, to log more to it (for example from another process). */
    default Run attachRun(long runId) {
        return new Run(this, getRun(runId));
    }

    /**
     * Inside a training job: the job's run ({@value #ENV_RUN_ID}), to log metrics, params and artifacts into; empty
     * outside a job. jfairing ends the run with the job's outcome, so flush what was logged ({@link Run#flush()})
     * rather than closing the handle, which would end the run before the job does.
     *
     * <pre>{@code
     * MetadataStore store = MetadataStore.fromEnvironment();
     * store.jobRun().ifPresent(run -> { run.logMetric("loss", loss, epoch); run.flush(); });
     * }</pre>
     */
    default Optional<Run> jobRun() {
        return jobRun(System.getenv());
    }

    /** As {@link #jobRun()}, with the given environment. */
    default Optional<Run> jobRun(Map<String, String> env) {
        String id = env.get(ENV_RUN_ID);
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(attachRun(Long.parseLong(id.trim())));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(ENV_RUN_ID + " must be a run id, got '" + id + "'");
        }
    }

    /** Creates a run in status RUNNING (the experiment too, when given by a name that does not exist yet). */
    RunInfo createRun(RunSpec spec);

    /** @throws NotFoundException when there is no such run */
    RunInfo getRun(long runId);

    /**
     * Writes metrics, params and tags of a run in one transaction: all or none. Params are write-once (same value
     * again: no-op; another value: {@link ConflictException}); metrics append (a point identical to a stored one is
     * ignored, so retried batches do not duplicate); tags are overwritten.
     */
    void logBatch(long runId, RunBatch batch);

    /** Sets a run's final status and end time ({@code endTime} null: now). */
    RunInfo endRun(long runId, RunStatus status, Long endTime);

    /**
     * Records that the run read ({@link Event.Type#INPUT}) or wrote ({@link Event.Type#OUTPUT}) an artifact and
     * attributes the artifact to the run's experiment. An artifact with an id must exist. Without an id, an artifact
     * of the same type, name and uri is reused when there is one (so runs that read the same dataset share it);
     * otherwise it is created.
     *
     * @param path the event's path name (null: the artifact's name)
     * @return the stored artifact, with its id
     */
    Artifact logArtifact(long runId, Event.Type type, String path, Artifact artifact);

    /** Runs matching a query, one page at a time; see {@link RunQuery} for the filter syntax. */
    Page<RunInfo> searchRuns(RunQuery query);

    /**
     * A metric's series, in step order (then timestamp).
     *
     * @param maxPoints at most this many points, downsampled (largest-triangle-three-buckets, which keeps peaks and
     *     the first and last points) for plots; 0 or less: every point
     */
    List<MetricPoint> metricHistory(long runId, String key, int maxPoints);

    default List<MetricPoint> metricHistory(long runId, String key) {
        return metricHistory(runId, key, 0);
    }

    /** Runs side by side (params and latest metrics), in the order given; at most {@value Limits#MAX_COMPARE_RUNS}. */
    default RunComparison compareRuns(Collection<Long> runIds) {
        List<Long> ids = new ArrayList<>(runIds);
        if (ids.isEmpty()) {
            return RunComparison.of(List.of());
        }
        if (ids.size() > Limits.MAX_COMPARE_RUNS) {
            throw new InvalidRequestException("compare at most " + Limits.MAX_COMPARE_RUNS + " runs at once");
        }
        StringBuilder filter = new StringBuilder("attributes.run_id IN (");
        for (int i = 0; i < ids.size(); i++) {
            filter.append(i == 0 ? "" : ",").append(ids.get(i).longValue());
        }
        filter.append(')');
        Page<RunInfo> page = searchRuns(RunQuery.builder()
                .filter(filter.toString())
                .pageSize(Limits.MAX_PAGE_SIZE)
                .build());
        return RunComparison.ordered(ids, page.items());
    }

    // ---- lineage and MLMD ----

    /**
     * The lineage subgraph of an artifact, walking at most {@code maxHops} edges (1 to
     * {@value Limits#MAX_LINEAGE_HOPS}).
     */
    Lineage lineage(long artifactId, LineageDirection direction, int maxHops);

    /** The MLMD view of this store: types, artifacts, executions, contexts, events and their links. */
    MlmdStore mlmd();

    /** The model registry: registered models, versions made from runs' model artifacts, aliases, deployments. */
    ModelRegistry registry();

    /** How {@link Run} handles buffer metrics for this store. */
    LogBuffering buffering();

    /** Releases connections. Run handles should be closed first (their buffered metrics are flushed on close). */
    @Override
    void close();

    /** Options for opening a store. */
    final class Builder {
        private String uri;
        private Path file;
        private String token;
        private LogBuffering buffering = LogBuffering.DEFAULT;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration retryFor = HttpMetadataStore.DEFAULT_RETRY_FOR;

        private Builder() {}

        public Builder uri(String uri) {
            this.uri = uri;
            this.file = null;
            return this;
        }

        public Builder file(Path file) {
            this.file = file;
            this.uri = null;
            return this;
        }

        /** Bearer token for a server (ignored by the embedded store). */
        public Builder token(String token) {
            this.token = token == null || token.isBlank() ? null : token.trim();
            return this;
        }

        public Builder buffering(LogBuffering buffering) {
            this.buffering = buffering;
            return this;
        }

        /**
         * How long a call waits for a server that cannot be reached (refused or dropped connections, timeouts, 503)
         * before it throws, retrying with backoff (default 30 s; ignored by the embedded store). The run's metric
         * writer does not wait here: it spools (see {@link LogBuffering}).
         */
        public Builder retryFor(Duration retryFor) {
            if (retryFor == null || retryFor.isNegative()) {
                throw new IllegalArgumentException("retryFor must not be negative");
            }
            this.retryFor = retryFor;
            return this;
        }

        /** Request timeout for a server; how long to wait for a locked file for the embedded store. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public MetadataStore build() {
            if (file != null) {
                return SqliteMetadataStore.open(file, buffering, timeout);
            }
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException("no store uri or file given");
            }
            String u = uri.trim();
            String lower = u.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                return new HttpMetadataStore(u, token, buffering, timeout, retryFor);
            }
            if (PostgresLocation.isPostgres(u)) {
                PostgresLocation location;
                try {
                    location = PostgresLocation.parse(u, System.getenv());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                return SqliteMetadataStore.openPostgres(location, buffering, timeout);
            }
            return SqliteMetadataStore.open(sqlitePath(u), buffering, timeout);
        }

        static Path sqlitePath(String uri) {
            String p = uri;
            if (p.startsWith("sqlite://")) {
                p = p.substring("sqlite://".length());
            } else if (p.startsWith("sqlite:")) {
                p = p.substring("sqlite:".length());
            } else if (p.contains("://")) {
                throw new IllegalArgumentException(
                        "unsupported metadata store uri '" + uri
                                + "': use a file path, sqlite:PATH, postgresql://USER@HOST:PORT/DATABASE or http(s)://host:port");
            }
            if (p.equals("~") || p.startsWith("~/")) {
                p = System.getProperty("user.home") + p.substring(1);
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("metadata store uri '" + uri + "' names no file");
            }
            return Path.of(p);
        }
    }
}
