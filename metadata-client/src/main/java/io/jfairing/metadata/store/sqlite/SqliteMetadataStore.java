package io.jfairing.metadata.store.sqlite;

import io.jfairing.metadata.ConflictException;
import io.jfairing.metadata.Experiment;
import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.Limits;
import io.jfairing.metadata.Lineage;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.LogBuffering;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.MetricPoint;
import io.jfairing.metadata.NotFoundException;
import io.jfairing.metadata.Page;
import io.jfairing.metadata.RunBatch;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunQuery;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.RunStatus;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.MlmdQuery;
import io.jfairing.metadata.mlmd.MlmdStore;
import io.jfairing.metadata.mlmd.SystemTypes;
import io.jfairing.metadata.mlmd.TypeKind;
import io.jfairing.metadata.query.Ast;
import io.jfairing.metadata.query.FilterParser;
import io.jfairing.metadata.query.SqlCompiler;
import io.jfairing.metadata.registry.ModelRegistry;
import io.jfairing.metadata.store.Downsampling;
import io.jfairing.metadata.store.PageTokens;
import io.jfairing.metadata.store.sqlite.SqliteMlmd.Node;
import io.jfairing.metadata.store.sqlite.SqliteMlmd.NodeKind;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The embedded store: one SQLite file, safe for several threads and processes writing at once. Obtain it through
 * {@link MetadataStore#open(Path)}; this class is public only so that other packages of this module can make one.
 */
public final class SqliteMetadataStore implements MetadataStore {
    private static final DateTimeFormatter RUN_NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String INSERT_METRIC =
            "INSERT OR IGNORE INTO metric (run_id, key, step, ts, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)";
    /** Rows per multi-row INSERT: fewer statement executions per batch (about 1.5x the rate of one row each). */
    private static final int ROWS_PER_INSERT = 50;

    private static final String INSERT_METRICS =
            "INSERT OR IGNORE INTO metric (run_id, key, step, ts, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)"
                    + ", (?, ?, ?, ?, ?, ?)".repeat(ROWS_PER_INSERT - 1);
    private static final String UPSERT_LATEST =
            "INSERT INTO latest_metric (run_id, key, step, ts, value) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (run_id, key) DO UPDATE SET step = excluded.step, ts = excluded.ts, value = excluded.value"
                    + " WHERE excluded.step > latest_metric.step"
                    + " OR (excluded.step = latest_metric.step AND excluded.ts >= latest_metric.ts)";

    private final Database db;
    private final SqliteMlmd mlmd;
    private final LogBuffering buffering;
    private final SqliteModelRegistry registry;

    /** Whether the schema has {@code metric_bucket} (a store opened at an older version, in tests, has not). */
    private final boolean buckets;

    private SqliteMetadataStore(Database db, LogBuffering buffering, int schemaVersion) {
        this.db = db;
        this.buckets = schemaVersion >= MetricBuckets.SINCE_VERSION;
        this.mlmd = new SqliteMlmd(db);
        this.buffering = buffering;
        this.registry = new SqliteModelRegistry(db, this);
    }

    /** Opens (creating when missing) and migrates the file. */
    public static SqliteMetadataStore open(Path file, LogBuffering buffering, Duration timeout) {
        return open(file, buffering, timeout, Migrations.latestVersion());
    }

    /**
     * Connects to a PostgreSQL database and migrates it: the same store (schema, transactions, behaviour) on a
     * server that several hosts can share.
     */
    public static SqliteMetadataStore openPostgres(
            PostgresLocation location, LogBuffering buffering, Duration timeout) {
        return open(location.database(timeout), buffering, Migrations.latestVersion());
    }

    static SqliteMetadataStore open(Path file, LogBuffering buffering, Duration timeout, int schemaVersion) {
        return open(new Database(file, timeout), buffering, schemaVersion);
    }

    private static SqliteMetadataStore open(Database db, LogBuffering buffering, int schemaVersion) {
        try {
            Migrations.migrate(db, schemaVersion);
            return new SqliteMetadataStore(db, buffering, schemaVersion);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The file this store writes. */
    public Path file() {
        return db.file();
    }

    @Override
    public LogBuffering buffering() {
        return buffering;
    }

    @Override
    public MlmdStore mlmd() {
        return mlmd;
    }

    @Override
    public ModelRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        db.close();
    }

    // ---------------------------------------------------------------- experiments

    @Override
    public Experiment experiment(String name) {
        Limits.checkName("experiment name", name);
        Optional<Experiment> found = findExperiment(name);
        if (found.isPresent()) {
            return found.get();
        }
        return db.write(c -> loadExperiment(c, experimentId(c, name)));
    }

    @Override
    public Optional<Experiment> findExperiment(String name) {
        return db.read(c -> {
            PreparedStatement ps = c.prepare("SELECT c.id, c.name, c.create_time FROM context c JOIN type t"
                    + " ON t.id = c.type_id WHERE t.kind = ? AND t.name = ? AND c.name = ?");
            ps.setInt(1, TypeKind.CONTEXT.ordinal());
            ps.setString(2, SystemTypes.EXPERIMENT);
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Experiment(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                        : Optional.empty();
            }
        });
    }

    @Override
    public Experiment getExperiment(long id) {
        return db.read(c -> loadExperiment(c, id));
    }

    @Override
    public List<Experiment> listExperiments() {
        return db.read(c -> {
            PreparedStatement ps = c.prepare("SELECT c.id, c.name, c.create_time FROM context c JOIN type t"
                    + " ON t.id = c.type_id WHERE t.kind = ? AND t.name = ? ORDER BY c.id");
            ps.setInt(1, TypeKind.CONTEXT.ordinal());
            ps.setString(2, SystemTypes.EXPERIMENT);
            List<Experiment> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Experiment(rs.getLong(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return out;
        });
    }

    private Experiment loadExperiment(Conn c, long id) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT c.id, c.name, c.create_time FROM context c JOIN type t"
                + " ON t.id = c.type_id WHERE c.id = ? AND t.kind = ? AND t.name = ?");
        ps.setLong(1, id);
        ps.setInt(2, TypeKind.CONTEXT.ordinal());
        ps.setString(3, SystemTypes.EXPERIMENT);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new NotFoundException("experiment " + id + " does not exist");
            }
            return new Experiment(rs.getLong(1), rs.getString(2), rs.getLong(3));
        }
    }

    /** The experiment's id, creating it when missing (inside a write transaction). */
    private long experimentId(Conn c, String name) throws SQLException {
        long typeId = mlmd.requireType(c, TypeKind.CONTEXT, SystemTypes.EXPERIMENT, false)
                .id();
        PreparedStatement ps = c.prepare("SELECT id FROM context WHERE type_id = ? AND name = ?");
        ps.setLong(1, typeId);
        ps.setString(2, name);
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return rs.getLong(1);
            }
        }
        return mlmd.putNode(
                c,
                NodeKind.CONTEXT,
                new Node(null, SystemTypes.EXPERIMENT, name, null, null, null, Map.of(), Map.of(), null, null));
    }

    // ---------------------------------------------------------------- runs

    @Override
    public RunInfo createRun(RunSpec spec) {
        if (spec == null) {
            throw new InvalidRequestException("run spec must not be null");
        }
        if (spec.experimentId() == null) {
            Limits.checkName("experiment name", spec.experimentName());
        }
        String name = spec.name() != null ? spec.name() : generatedName();
        Limits.checkName("run name", name);
        Limits.checkBatch(new RunBatch(null, null, spec.tags()));
        long start = spec.startTime() != null ? spec.startTime() : System.currentTimeMillis();
        if (start < 0) {
            throw new InvalidRequestException("startTime must not be negative");
        }
        return db.write(c -> {
            long experimentId;
            if (spec.experimentId() != null) {
                experimentId = loadExperiment(c, spec.experimentId()).id();
                if (spec.experimentName() != null
                        && !spec.experimentName()
                                .equals(loadExperiment(c, experimentId).name())) {
                    throw new InvalidRequestException(
                            "experiment " + experimentId + " is not called '" + spec.experimentName() + "'");
                }
            } else {
                experimentId = experimentId(c, spec.experimentName());
            }
            long runId = mlmd.putNode(
                    c,
                    NodeKind.EXECUTION,
                    new Node(
                            null,
                            SystemTypes.RUN,
                            null,
                            null,
                            RunStatus.RUNNING.executionState().ordinal(),
                            UUID.randomUUID().toString(),
                            Map.of(),
                            Map.of(),
                            null,
                            null));
            PreparedStatement ps = c.prepare(
                    "INSERT INTO run (id, experiment_id, name, status, start_time, end_time) VALUES (?, ?, ?, ?, ?, NULL)");
            ps.setLong(1, runId);
            ps.setLong(2, experimentId);
            ps.setString(3, name);
            ps.setString(4, RunStatus.RUNNING.name());
            ps.setLong(5, start);
            ps.executeUpdate();
            mlmd.associate(c, experimentId, runId);
            writeTags(c, runId, spec.tags());
            return loadRun(c, runId);
        });
    }

    private static String generatedName() {
        return "run-" + LocalDateTime.now().format(RUN_NAME_TIME) + "-"
                + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xf000));
    }

    @Override
    public RunInfo getRun(long runId) {
        return db.read(c -> loadRun(c, runId));
    }

    private RunInfo loadRun(Conn c, long runId) throws SQLException {
        List<RunInfo> runs = loadRuns(c, List.of(runId));
        if (runs.isEmpty()) {
            throw new NotFoundException("run " + runId + " does not exist");
        }
        return runs.get(0);
    }

    /** Experiment id of a run (inside a transaction). */
    private static long requireRun(Conn c, long runId) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT experiment_id FROM run WHERE id = ?");
        ps.setLong(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new NotFoundException("run " + runId + " does not exist");
            }
            return rs.getLong(1);
        }
    }

    private static RunStatus requireRunStatus(Conn c, long runId) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT status FROM run WHERE id = ?");
        ps.setLong(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new NotFoundException("run " + runId + " does not exist");
            }
            return RunStatus.valueOf(rs.getString(1));
        }
    }

    @Override
    public void logBatch(long runId, RunBatch batch) {
        Limits.checkBatch(batch);
        if (batch.isEmpty()) {
            db.read(c -> requireRun(c, runId));
            return;
        }
        db.write(c -> {
            RunStatus status = requireRunStatus(c, runId);
            if (batch.batchId() != null) {
                PreparedStatement seen =
                        c.prepare("INSERT OR IGNORE INTO run_batch (run_id, batch_id, applied_at) VALUES (?, ?, ?)");
                seen.setLong(1, runId);
                seen.setString(2, batch.batchId());
                seen.setLong(3, System.currentTimeMillis());
                if (seen.executeUpdate() == 0) {
                    return null; // written before: a retry whose first attempt's answer was lost
                }
            }
            if (status.isTerminal() && !batch.metrics().isEmpty()) {
                throw new ConflictException(
                        ConflictException.RUN_ENDED,
                        "run " + runId + " has ended (" + status
                                + "); it takes no more metrics: log them before ending the run, or start a new run");
            }
            writeParams(c, runId, batch.params());
            writeTags(c, runId, batch.tags());
            writeMetrics(c, runId, batch.metrics());
            if (buckets) {
                MetricBuckets.add(c, runId, batch.metrics());
            }
            PreparedStatement ps = c.prepare("UPDATE execution SET update_time = ? WHERE id = ?");
            ps.setLong(1, System.currentTimeMillis());
            ps.setLong(2, runId);
            ps.executeUpdate();
            return null;
        });
    }

    private static void writeParams(Conn c, long runId, Map<String, String> params) throws SQLException {
        if (params.isEmpty()) {
            return;
        }
        PreparedStatement get = c.prepare("SELECT value FROM param WHERE run_id = ? AND key = ?");
        PreparedStatement put = c.prepare("INSERT INTO param (run_id, key, value) VALUES (?, ?, ?)");
        for (Map.Entry<String, String> p : new TreeMap<>(params).entrySet()) {
            get.setLong(1, runId);
            get.setString(2, p.getKey());
            String existing = null;
            try (ResultSet rs = get.executeQuery()) {
                if (rs.next()) {
                    existing = rs.getString(1);
                }
            }
            if (existing == null) {
                put.setLong(1, runId);
                put.setString(2, p.getKey());
                put.setString(3, p.getValue());
                put.executeUpdate();
            } else if (!existing.equals(p.getValue())) {
                throw new ConflictException(
                        ConflictException.PARAM_CONFLICT,
                        "param '" + p.getKey() + "' of run " + runId
                                + " is already '" + abbreviate(existing)
                                + "'; params are write-once, so it cannot become '"
                                + abbreviate(p.getValue()) + "' (log a new run, or use a tag for values that change)");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    private static void writeTags(Conn c, long runId, Map<String, String> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        PreparedStatement ps = c.prepare("INSERT INTO tag (run_id, key, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value");
        for (Map.Entry<String, String> t : tags.entrySet()) {
            ps.setLong(1, runId);
            ps.setString(2, t.getKey());
            ps.setString(3, t.getValue());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    private static void writeMetrics(Conn c, long runId, List<MetricPoint> metrics) throws SQLException {
        if (metrics.isEmpty()) {
            return;
        }
        Map<String, MetricPoint> latest = new HashMap<>();
        int n = metrics.size();
        int full = n - n % ROWS_PER_INSERT;
        if (full > 0) {
            PreparedStatement multi = c.prepare(INSERT_METRICS);
            for (int i = 0; i < full; i += ROWS_PER_INSERT) {
                for (int r = 0; r < ROWS_PER_INSERT; r++) {
                    MetricPoint p = metrics.get(i + r);
                    bindPoint(multi, r * 6, runId, p);
                    track(latest, p);
                }
                multi.addBatch();
            }
            multi.executeBatch();
        }
        if (full < n) {
            PreparedStatement single = c.prepare(INSERT_METRIC);
            for (int i = full; i < n; i++) {
                MetricPoint p = metrics.get(i);
                bindPoint(single, 0, runId, p);
                single.addBatch();
                track(latest, p);
            }
            single.executeBatch();
        }
        PreparedStatement up = c.prepare(UPSERT_LATEST);
        for (MetricPoint p : latest.values()) {
            up.setLong(1, runId);
            up.setString(2, p.key());
            up.setLong(3, p.step());
            up.setLong(4, p.timestamp());
            if (Double.isNaN(p.value())) {
                up.setNull(5, java.sql.Types.REAL);
            } else {
                up.setDouble(5, p.value());
            }
            up.addBatch();
        }
        up.executeBatch();
    }

    /** Keeps the latest point per key: highest step, then latest timestamp, then the one logged last. */
    private static void track(Map<String, MetricPoint> latest, MetricPoint p) {
        MetricPoint best = latest.get(p.key());
        if (best == null || p.step() > best.step() || (p.step() == best.step() && p.timestamp() >= best.timestamp())) {
            latest.put(p.key(), p);
        }
    }

    private static void bindPoint(PreparedStatement ps, int offset, long runId, MetricPoint p) throws SQLException {
        boolean nan = Double.isNaN(p.value());
        ps.setLong(offset + 1, runId);
        ps.setString(offset + 2, p.key());
        ps.setLong(offset + 3, p.step());
        ps.setLong(offset + 4, p.timestamp());
        ps.setDouble(offset + 5, nan ? 0.0 : p.value());
        ps.setInt(offset + 6, nan ? 1 : 0);
    }

    @Override
    public RunInfo endRun(long runId, RunStatus status, Long endTime) {
        if (status == null) {
            throw new InvalidRequestException("status is required: RUNNING, FINISHED, FAILED or KILLED");
        }
        if (endTime != null && endTime < 0) {
            throw new InvalidRequestException("endTime must not be negative");
        }
        long now = System.currentTimeMillis();
        return db.write(c -> {
            RunStatus current = requireRunStatus(c, runId);
            if (current.isTerminal()) {
                if (current == status) {
                    return loadRun(c, runId); // ending again the same way: nothing changes (a retried end)
                }
                throw new ConflictException(
                        ConflictException.RUN_ENDED,
                        "run " + runId + " has already ended " + current + "; it cannot be ended again as " + status);
            }
            PreparedStatement ps = c.prepare("UPDATE run SET status = ?, end_time = ? WHERE id = ?");
            ps.setString(1, status.name());
            if (status == RunStatus.RUNNING) {
                ps.setNull(2, java.sql.Types.INTEGER);
            } else {
                ps.setLong(2, endTime != null ? endTime : now);
            }
            ps.setLong(3, runId);
            ps.executeUpdate();
            PreparedStatement ex = c.prepare("UPDATE execution SET state = ?, update_time = ? WHERE id = ?");
            ex.setInt(1, status.executionState().ordinal());
            ex.setLong(2, now);
            ex.setLong(3, runId);
            ex.executeUpdate();
            return loadRun(c, runId);
        });
    }

    @Override
    public Artifact logArtifact(long runId, Event.Type type, String path, Artifact artifact) {
        if (type == null || type == Event.Type.UNKNOWN) {
            throw new InvalidRequestException("event type is required, e.g. INPUT or OUTPUT");
        }
        if (artifact == null) {
            throw new InvalidRequestException("artifact is required");
        }
        if (path != null && (path.isEmpty() || path.length() > Limits.MAX_KEY_LENGTH)) {
            throw new InvalidRequestException("path must have 1 to " + Limits.MAX_KEY_LENGTH + " characters");
        }
        return db.write(c -> {
            long experimentId = requireRun(c, runId);
            long artifactId;
            if (artifact.id() != null) {
                SqliteMlmd.requireExists(c, NodeKind.ARTIFACT, artifact.id());
                artifactId = artifact.id();
            } else {
                Long existing = artifact.uri() == null ? null : findSameArtifact(c, artifact);
                artifactId = existing != null ? existing : mlmd.putNode(c, NodeKind.ARTIFACT, Node.of(artifact));
            }
            String stepName = path != null ? path : artifact.name();
            mlmd.putEvent(
                    c,
                    new Event(
                            artifactId,
                            runId,
                            type,
                            stepName == null ? List.of() : List.of(Event.Step.key(stepName)),
                            System.currentTimeMillis()));
            mlmd.attribute(c, experimentId, artifactId);
            return mlmd.findNodes(c, NodeKind.ARTIFACT, MlmdQuery.byId(artifactId))
                    .get(0)
                    .toArtifact();
        });
    }

    private Long findSameArtifact(Conn c, Artifact a) throws SQLException {
        long typeId = mlmd.requireType(c, TypeKind.ARTIFACT, a.type(), false).id();
        PreparedStatement ps =
                c.prepare("SELECT id FROM artifact WHERE type_id = ? AND uri = ? AND name IS ? ORDER BY id LIMIT 1");
        ps.setLong(1, typeId);
        ps.setString(2, a.uri());
        ps.setString(3, a.name());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    // ---------------------------------------------------------------- queries

    @Override
    public Page<RunInfo> searchRuns(RunQuery query) {
        if (query == null) {
            throw new InvalidRequestException("query must not be null");
        }
        int pageSize = query.pageSize() == null ? Limits.DEFAULT_PAGE_SIZE : query.pageSize();
        if (pageSize < 1 || pageSize > Limits.MAX_PAGE_SIZE) {
            throw new InvalidRequestException("pageSize must be between 1 and " + Limits.MAX_PAGE_SIZE);
        }
        Ast.Expr filter = FilterParser.parseFilter(query.filter());
        List<Ast.OrderBy> orderBy = FilterParser.parseOrderBy(query.orderBy());
        SqlCompiler.Flavor flavor =
                db.dialect() == Dialect.POSTGRESQL ? SqlCompiler.Flavor.POSTGRESQL : SqlCompiler.Flavor.SQLITE;
        String fingerprint = new TreeSet<>(query.experimentIds()) + "|" + new TreeSet<>(query.experimentNames()) + "|"
                + query.filter() + "|" + query.orderBy() + "|" + pageSize;
        long offset = PageTokens.decode(query.pageToken(), fingerprint);
        if (db.dialect() == Dialect.POSTGRESQL) {
            return searchPostgres(query, filter, flavor, orderBy, offset, pageSize, fingerprint);
        }
        return db.read(c -> {
            TreeSet<Long> experiments = new TreeSet<>();
            for (Long id : query.experimentIds()) {
                experiments.add(loadExperiment(c, id).id());
            }
            for (String name : query.experimentNames()) {
                experiments.add(experimentIdOrThrow(c, name));
            }
            RunSelection selection = new RunSelection(experiments, filter, flavor, orderBy, offset, pageSize + 1);
            List<Long> ids = selection.ids(c);
            boolean more = ids.size() > pageSize;
            return page(loadRuns(c, more ? ids.subList(0, pageSize) : ids), more, offset, pageSize, fingerprint);
        });
    }

    /**
     * A search on PostgreSQL: one statement (checking the experiments by id too), after one per experiment named.
     */
    private Page<RunInfo> searchPostgres(
            RunQuery query,
            Ast.Expr filter,
            SqlCompiler.Flavor flavor,
            List<Ast.OrderBy> orderBy,
            long offset,
            int pageSize,
            String fingerprint) {
        TreeSet<Long> experiments = new TreeSet<>(query.experimentIds());
        for (String name : query.experimentNames()) {
            experiments.add(db.readOne(c -> experimentIdOrThrow(c, name)));
        }
        RunSelection selection = new RunSelection(experiments, filter, flavor, orderBy, offset, pageSize + 1);
        PostgresRunPage.Result result = db.readOne(c -> PostgresRunPage.read(c, selection));
        if (result.experimentsFound() < experiments.size()) {
            db.read(c -> {
                for (Long id : query.experimentIds()) {
                    loadExperiment(c, id); // throws for the one missing
                }
                return null;
            });
        }
        List<RunInfo> runs = result.runs();
        boolean more = runs.size() > pageSize;
        return page(more ? runs.subList(0, pageSize) : runs, more, offset, pageSize, fingerprint);
    }

    /** A page of runs, with a token for the next page when {@code more} follow. */
    private static Page<RunInfo> page(List<RunInfo> runs, boolean more, long offset, int pageSize, String fingerprint) {
        return new Page<>(runs, more ? PageTokens.encode(offset + pageSize, fingerprint) : null);
    }

    private long experimentIdOrThrow(Conn c, String name) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT c.id FROM context c JOIN type t ON t.id = c.type_id"
                + " WHERE t.kind = ? AND t.name = ? AND c.name = ?");
        ps.setInt(1, TypeKind.CONTEXT.ordinal());
        ps.setString(2, SystemTypes.EXPERIMENT);
        ps.setString(3, name);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new NotFoundException("experiment '" + name + "' does not exist");
            }
            return rs.getLong(1);
        }
    }

    /** Runs with params, tags and latest metrics, in the order of {@code ids} (missing ids are skipped). */
    private List<RunInfo> loadRuns(Conn c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = SqliteMlmd.placeholders(ids.size());
        record Row(long id, String uuid, long experimentId, String name, String status, long start, Long end) {}
        Map<Long, Row> rows = new HashMap<>();
        // cached statements: a page of runs is the same statement every time (one per page size)
        PreparedStatement runs = c.prepare("SELECT r.id, e.external_id, r.experiment_id, r.name, r.status,"
                + " r.start_time, r.end_time FROM run r JOIN execution e ON e.id = r.id WHERE r.id IN (" + in + ")");
        SqliteMlmd.bind(runs, ids);
        try (ResultSet rs = runs.executeQuery()) {
            while (rs.next()) {
                Object end = rs.getObject(7);
                rows.put(
                        rs.getLong(1),
                        new Row(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getLong(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getLong(6),
                                end == null ? null : rs.getLong(7)));
            }
        }
        Map<Long, Map<String, String>> params = keyValues(c, "param", in, ids);
        Map<Long, Map<String, String>> tags = keyValues(c, "tag", in, ids);
        Map<Long, Map<String, Double>> metrics = new HashMap<>();
        PreparedStatement latest = c.prepare(
                "SELECT run_id, key, value FROM latest_metric WHERE run_id IN (" + in + ") ORDER BY run_id, key");
        SqliteMlmd.bind(latest, ids);
        try (ResultSet rs = latest.executeQuery()) {
            while (rs.next()) {
                double v = rs.getDouble(3);
                boolean nan = rs.wasNull(); // a NaN is stored as NULL (wasNull asks about the last column read)
                metrics.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                        .put(rs.getString(2), nan ? Double.NaN : v);
            }
        }
        List<RunInfo> out = new ArrayList<>(ids.size());
        for (Long id : ids) {
            Row r = rows.get(id);
            if (r != null) {
                out.add(new RunInfo(
                        r.id(),
                        r.uuid(),
                        r.experimentId(),
                        r.name(),
                        RunStatus.valueOf(r.status()),
                        r.start(),
                        r.end(),
                        params.get(id),
                        tags.get(id),
                        metrics.get(id)));
            }
        }
        return out;
    }

    private static Map<Long, Map<String, String>> keyValues(Conn c, String table, String in, List<Long> ids)
            throws SQLException {
        Map<Long, Map<String, String>> out = new HashMap<>();
        PreparedStatement ps = c.prepare(
                "SELECT run_id, key, value FROM " + table + " WHERE run_id IN (" + in + ") ORDER BY run_id, key");
        SqliteMlmd.bind(ps, ids);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        return out;
    }

    @Override
    public List<MetricPoint> metricHistory(long runId, String key, int maxPoints) {
        Limits.checkKey("metric", key);
        if (maxPoints > Limits.MAX_HISTORY_POINTS) {
            throw new InvalidRequestException("maxPoints must be at most " + Limits.MAX_HISTORY_POINTS);
        }
        List<MetricPoint> points = db.read(c -> {
            requireRun(c, runId);
            if (buckets && maxPoints > 0 && MetricBuckets.outlines(c, runId, key, maxPoints)) {
                return MetricBuckets.outline(c, runId, key);
            }
            PreparedStatement ps = c.prepare(
                    "SELECT step, ts, value, is_nan FROM metric WHERE run_id = ? AND key = ? ORDER BY step, ts");
            ps.setLong(1, runId);
            ps.setString(2, key);
            List<MetricPoint> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MetricPoint(
                            key, rs.getInt(4) == 1 ? Double.NaN : rs.getDouble(3), rs.getLong(1), rs.getLong(2)));
                }
            }
            return out;
        });
        return maxPoints > 0 ? Downsampling.lttb(points, maxPoints) : points;
    }

    @Override
    public Lineage lineage(long artifactId, LineageDirection direction, int maxHops) {
        if (direction == null) {
            throw new InvalidRequestException("direction is required: UPSTREAM, DOWNSTREAM or BOTH");
        }
        if (maxHops < 1 || maxHops > Limits.MAX_LINEAGE_HOPS) {
            throw new InvalidRequestException("maxHops must be between 1 and " + Limits.MAX_LINEAGE_HOPS);
        }
        return db.read(c -> SqliteLineage.walk(c, mlmd, artifactId, direction, maxHops));
    }
}
