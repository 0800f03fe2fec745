package io.jfairing.metadata.store.sqlite;

import io.jfairing.metadata.MetadataException;
import io.jfairing.metadata.mlmd.PropertyType;
import io.jfairing.metadata.mlmd.SystemTypes;
import io.jfairing.metadata.mlmd.Type;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, as an ordered list of migrations. A file records the versions applied in {@code schema_version};
 * opening it applies the missing ones in one write transaction (so two processes opening a new file at once do
 * not both migrate). A file newer than this code is refused rather than damaged.
 *
 * <p>Append new migrations at the end; never edit one that has shipped.
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    record Migration(int version, String description, List<String> statements) {}

    private static String propertyTable(String table, String owner) {
        return "CREATE TABLE " + table + " ("
                + owner + " INTEGER NOT NULL,"
                + " name TEXT NOT NULL,"
                + " is_custom INTEGER NOT NULL,"
                + " int_value INTEGER, double_value REAL, string_value TEXT, bool_value INTEGER, struct_value TEXT,"
                + " PRIMARY KEY (" + owner + ", is_custom, name)) WITHOUT ROWID";
    }

    static final List<Migration> ALL = List.of(
            new Migration(
                    1,
                    "MLMD model and run tables",
                    List.of(
                            "CREATE TABLE type (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, name TEXT NOT NULL, version TEXT,"
                                    + " description TEXT, UNIQUE (kind, name))",
                            "CREATE TABLE type_property (type_id INTEGER NOT NULL REFERENCES type(id), name TEXT NOT NULL,"
                                    + " data_type TEXT NOT NULL, PRIMARY KEY (type_id, name)) WITHOUT ROWID",
                            "CREATE TABLE artifact (id INTEGER PRIMARY KEY, type_id INTEGER NOT NULL REFERENCES type(id), uri TEXT,"
                                    + " name TEXT, state INTEGER, external_id TEXT UNIQUE, create_time INTEGER NOT NULL,"
                                    + " update_time INTEGER NOT NULL)",
                            "CREATE INDEX artifact_type_name ON artifact (type_id, name)",
                            "CREATE INDEX artifact_uri ON artifact (uri)",
                            propertyTable("artifact_property", "artifact_id"),
                            "CREATE TABLE execution (id INTEGER PRIMARY KEY, type_id INTEGER NOT NULL REFERENCES type(id), name TEXT,"
                                    + " state INTEGER, external_id TEXT UNIQUE, create_time INTEGER NOT NULL, update_time INTEGER NOT NULL)",
                            "CREATE INDEX execution_type_name ON execution (type_id, name)",
                            propertyTable("execution_property", "execution_id"),
                            "CREATE TABLE context (id INTEGER PRIMARY KEY, type_id INTEGER NOT NULL REFERENCES type(id),"
                                    + " name TEXT NOT NULL, external_id TEXT UNIQUE, create_time INTEGER NOT NULL,"
                                    + " update_time INTEGER NOT NULL, UNIQUE (type_id, name))",
                            propertyTable("context_property", "context_id"),
                            "CREATE TABLE event (id INTEGER PRIMARY KEY, artifact_id INTEGER NOT NULL REFERENCES artifact(id),"
                                    + " execution_id INTEGER NOT NULL REFERENCES execution(id), type INTEGER NOT NULL,"
                                    + " time INTEGER NOT NULL)",
                            "CREATE INDEX event_artifact ON event (artifact_id)",
                            "CREATE INDEX event_execution ON event (execution_id)",
                            "CREATE TABLE event_path (event_id INTEGER NOT NULL REFERENCES event(id), step INTEGER NOT NULL,"
                                    + " step_index INTEGER, step_key TEXT, PRIMARY KEY (event_id, step)) WITHOUT ROWID",
                            "CREATE TABLE attribution (context_id INTEGER NOT NULL REFERENCES context(id),"
                                    + " artifact_id INTEGER NOT NULL REFERENCES artifact(id), PRIMARY KEY (context_id, artifact_id))"
                                    + " WITHOUT ROWID",
                            "CREATE INDEX attribution_artifact ON attribution (artifact_id)",
                            "CREATE TABLE association (context_id INTEGER NOT NULL REFERENCES context(id),"
                                    + " execution_id INTEGER NOT NULL REFERENCES execution(id), PRIMARY KEY (context_id, execution_id))"
                                    + " WITHOUT ROWID",
                            "CREATE INDEX association_execution ON association (execution_id)",
                            "CREATE TABLE parent_context (context_id INTEGER NOT NULL REFERENCES context(id),"
                                    + " parent_context_id INTEGER NOT NULL REFERENCES context(id),"
                                    + " PRIMARY KEY (context_id, parent_context_id)) WITHOUT ROWID",
                            "CREATE INDEX parent_context_parent ON parent_context (parent_context_id)",
                            // run-centric tables; a run's id is its execution's id
                            "CREATE TABLE run (id INTEGER PRIMARY KEY REFERENCES execution(id),"
                                    + " experiment_id INTEGER NOT NULL REFERENCES context(id), name TEXT NOT NULL, status TEXT NOT NULL,"
                                    + " start_time INTEGER NOT NULL, end_time INTEGER)",
                            "CREATE INDEX run_experiment_start ON run (experiment_id, start_time)",
                            "CREATE TABLE param (run_id INTEGER NOT NULL REFERENCES run(id), key TEXT NOT NULL, value TEXT NOT NULL,"
                                    + " PRIMARY KEY (run_id, key)) WITHOUT ROWID",
                            "CREATE TABLE tag (run_id INTEGER NOT NULL REFERENCES run(id), key TEXT NOT NULL, value TEXT NOT NULL,"
                                    + " PRIMARY KEY (run_id, key)) WITHOUT ROWID",
                            // append-only series, clustered by run, key, step; a NaN is stored as 0 with is_nan = 1
                            // (SQLite has no
                            // NaN); the whole point is the key, so identical points (a retried batch) are not stored
                            // twice.
                            // No foreign key: the run is checked once per batch, not once per point.
                            "CREATE TABLE metric (run_id INTEGER NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL,"
                                    + " ts INTEGER NOT NULL, value REAL NOT NULL, is_nan INTEGER NOT NULL,"
                                    + " PRIMARY KEY (run_id, key, step, ts, value, is_nan)) WITHOUT ROWID",
                            // the latest point of each series (highest step, then latest timestamp), kept up to date on
                            // insert so
                            // that filtering and ordering runs by metric needs one lookup per run, not a scan of the
                            // series. Here a
                            // NaN is NULL: it then matches no comparison and sorts last, and (key, value) covers the
                            // search
                            "CREATE TABLE latest_metric (run_id INTEGER NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL,"
                                    + " ts INTEGER NOT NULL, value REAL, PRIMARY KEY (run_id, key)) WITHOUT ROWID")),
            new Migration(
                    2,
                    "indexes for filtered run search",
                    List.of(
                            "CREATE INDEX latest_metric_key_value ON latest_metric (key, value)",
                            "CREATE INDEX param_key_value ON param (key, value)",
                            "CREATE INDEX tag_key_value ON tag (key, value)")),
            new Migration(
                    3,
                    "ids of the batches written, so that a retried batch is written once",
                    List.of(
                            "CREATE TABLE run_batch (run_id INTEGER NOT NULL, batch_id TEXT NOT NULL, applied_at INTEGER NOT NULL,"
                                    + " PRIMARY KEY (run_id, batch_id)) WITHOUT ROWID")),
            new Migration(
                    4,
                    "model registry: registered models, versions, tags, aliases, deployments",
                    List.of(
                            "CREATE TABLE registered_model (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                                    + " description TEXT, last_version INTEGER NOT NULL, create_time INTEGER NOT NULL,"
                                    + " update_time INTEGER NOT NULL)",
                            "CREATE TABLE model_tag (model_id INTEGER NOT NULL REFERENCES registered_model(id),"
                                    + " key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (model_id, key))",
                            // a version's number is unique within its model and never reused (last_version)
                            "CREATE TABLE model_version (model_id INTEGER NOT NULL REFERENCES registered_model(id),"
                                    + " version INTEGER NOT NULL, artifact_id INTEGER NOT NULL REFERENCES artifact(id),"
                                    + " run_id INTEGER, uri TEXT, description TEXT, create_time INTEGER NOT NULL,"
                                    + " update_time INTEGER NOT NULL, PRIMARY KEY (model_id, version))",
                            "CREATE INDEX model_version_artifact ON model_version (artifact_id)",
                            "CREATE TABLE model_version_tag (model_id INTEGER NOT NULL, version INTEGER NOT NULL,"
                                    + " key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (model_id, version, key),"
                                    + " FOREIGN KEY (model_id, version) REFERENCES model_version (model_id, version))",
                            // the foreign keys make a version with an alias or a deployment undeletable in SQL too
                            "CREATE TABLE model_alias (model_id INTEGER NOT NULL, alias TEXT NOT NULL,"
                                    + " version INTEGER NOT NULL, PRIMARY KEY (model_id, alias),"
                                    + " FOREIGN KEY (model_id, version) REFERENCES model_version (model_id, version))",
                            "CREATE TABLE model_deployment (model_id INTEGER NOT NULL, deployment TEXT NOT NULL,"
                                    + " version INTEGER NOT NULL, create_time INTEGER NOT NULL,"
                                    + " PRIMARY KEY (model_id, deployment),"
                                    + " FOREIGN KEY (model_id, version) REFERENCES model_version (model_id, version))")),
            new Migration(
                    5,
                    "metric_bucket: each series' lowest and highest point per 1,024 steps, for plots of long series",
                    List.of(
                            "CREATE TABLE metric_bucket (run_id INTEGER NOT NULL, key TEXT NOT NULL,"
                                    + " bucket INTEGER NOT NULL, points INTEGER NOT NULL, min_value REAL,"
                                    + " min_step INTEGER, min_ts INTEGER, max_value REAL, max_step INTEGER,"
                                    + " max_ts INTEGER, PRIMARY KEY (run_id, key, bucket)) WITHOUT ROWID",
                            MetricBuckets.BACKFILL)));

    static int latestVersion() {
        return ALL.get(ALL.size() - 1).version();
    }

    private Migrations() {}

    /** Brings the file up to {@code target} (normally the latest version). */
    static void migrate(Database db, int target) {
        db.write(c -> {
            c.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    + " description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            int current = currentVersion(c);
            if (current > latestVersion()) {
                throw new MetadataException(db.name() + " has schema version " + current
                        + " but this jfairing knows only up" + " to version " + latestVersion()
                        + ": use a newer jfairing-metadata-client to open it");
            }
            for (Migration m : ALL) {
                if (m.version() <= current || m.version() > target) {
                    continue;
                }
                log.debug("migrating {} to schema version {}: {}", db.name(), m.version(), m.description());
                for (String sql : m.statements()) {
                    c.exec(sql);
                }
                if (m.version() == 1) {
                    for (Type t : SystemTypes.ALL) {
                        seedType(c, t);
                    }
                }
                try (PreparedStatement ps = c.jdbc.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.setLong(3, System.currentTimeMillis());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    static int currentVersion(Conn c) throws SQLException {
        try (ResultSet rs =
                c.jdbc.createStatement().executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void seedType(Conn c, Type t) throws SQLException {
        long id;
        try (PreparedStatement ps =
                c.jdbc.prepareStatement("INSERT INTO type (kind, name, version, description) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, t.kind().ordinal());
            ps.setString(2, t.name());
            ps.setString(3, t.version());
            ps.setString(4, t.description());
            ps.executeUpdate();
            id = c.lastInsertId();
        }
        try (PreparedStatement ps =
                c.jdbc.prepareStatement("INSERT INTO type_property (type_id, name, data_type) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, PropertyType> p : t.properties().entrySet()) {
                ps.setLong(1, id);
                ps.setString(2, p.getKey());
                ps.setString(3, p.getValue().name());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
