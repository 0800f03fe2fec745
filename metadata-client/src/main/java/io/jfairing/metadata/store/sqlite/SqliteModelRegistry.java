package io.jfairing.metadata.store.sqlite;

import io.jfairing.metadata.ConflictException;
import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.Limits;
import io.jfairing.metadata.Lineage;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.NotFoundException;
import io.jfairing.metadata.registry.ModelRegistry;
import io.jfairing.metadata.registry.ModelSource;
import io.jfairing.metadata.registry.ModelVersion;
import io.jfairing.metadata.registry.RegisteredModel;
import io.jfairing.metadata.registry.RegistryNames;
import io.jfairing.metadata.registry.VersionSpec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The model registry in the store's SQL tables; every change is one write transaction. */
final class SqliteModelRegistry implements ModelRegistry {
    private static final String VERSION_COLUMNS =
            "v.version, v.artifact_id, v.run_id, v.uri, v.description," + " v.create_time, v.update_time, v.model_id";

    private final Database db;
    private final MetadataStore store;

    SqliteModelRegistry(Database db, MetadataStore store) {
        this.db = db;
        this.store = store;
    }

    @Override
    public RegisteredModel createModel(String name, String description) {
        RegistryNames.checkModel(name);
        return db.write(c -> {
            if (modelId(c, name).isPresent()) {
                throw new ConflictException(ConflictException.ALREADY_EXISTS, "model '" + name + "' is registered");
            }
            insertModel(c, name, description);
            return loadModel(c, name).orElseThrow();
        });
    }

    @Override
    public Optional<RegisteredModel> findModel(String name) {
        RegistryNames.checkModel(name);
        return db.read(c -> loadModel(c, name));
    }

    @Override
    public List<RegisteredModel> listModels() {
        return db.read(c -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rs =
                    c.prepare("SELECT name FROM registered_model ORDER BY name").executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            List<RegisteredModel> out = new ArrayList<>();
            for (String n : names) {
                out.add(loadModel(c, n).orElseThrow());
            }
            return out;
        });
    }

    @Override
    public RegisteredModel updateModel(String name, String description, Map<String, String> tags) {
        checkTags(tags);
        return db.write(c -> {
            long id = requireModel(c, name);
            long now = System.currentTimeMillis();
            if (description != null) {
                PreparedStatement ps = c.prepare("UPDATE registered_model SET description = ? WHERE id = ?");
                ps.setString(1, description);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            writeTags(c, "model_tag", id, null, tags);
            touchModel(c, id, now);
            return loadModel(c, name).orElseThrow();
        });
    }

    @Override
    public ModelVersion registerVersion(String name, VersionSpec spec) {
        RegistryNames.checkModel(name);
        checkTags(spec.tags());
        ModelSource source = ModelSource.find(store, spec);
        return db.write(c -> {
            long modelId = modelId(c, name).orElse(-1L);
            if (modelId < 0) {
                modelId = insertModel(c, name, null);
            }
            long now = System.currentTimeMillis();
            PreparedStatement next = c.prepare(
                    "UPDATE registered_model SET last_version = last_version + 1, update_time = ? WHERE id = ?");
            next.setLong(1, now);
            next.setLong(2, modelId);
            next.executeUpdate();
            PreparedStatement last = c.prepare("SELECT last_version FROM registered_model WHERE id = ?");
            last.setLong(1, modelId);
            int version;
            try (ResultSet rs = last.executeQuery()) {
                rs.next();
                version = rs.getInt(1);
            }
            PreparedStatement ps = c.prepare("INSERT INTO model_version (model_id, version, artifact_id, run_id, uri,"
                    + " description, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setLong(1, modelId);
            ps.setInt(2, version);
            ps.setLong(3, source.artifact().id());
            if (source.runId() == null) {
                ps.setNull(4, java.sql.Types.BIGINT);
            } else {
                ps.setLong(4, source.runId());
            }
            ps.setString(5, source.artifact().uri());
            ps.setString(6, spec.description());
            ps.setLong(7, now);
            ps.setLong(8, now);
            ps.executeUpdate();
            writeTags(c, "model_version_tag", modelId, version, spec.tags());
            return loadVersion(c, name, version);
        });
    }

    @Override
    public ModelVersion getVersion(String name, int version) {
        RegistryNames.checkModel(name);
        RegistryNames.checkVersion(version);
        return db.read(c -> loadVersion(c, name, version));
    }

    @Override
    public List<ModelVersion> listVersions(String name) {
        return db.read(c -> {
            long id = requireModel(c, name);
            List<Integer> versions = new ArrayList<>();
            PreparedStatement ps =
                    c.prepare("SELECT version FROM model_version WHERE model_id = ? ORDER BY version DESC");
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(rs.getInt(1));
                }
            }
            List<ModelVersion> out = new ArrayList<>();
            for (int v : versions) {
                out.add(loadVersion(c, name, v));
            }
            return out;
        });
    }

    @Override
    public ModelVersion updateVersion(String name, int version, String description, Map<String, String> tags) {
        checkTags(tags);
        return db.write(c -> {
            long id = requireVersion(c, name, version);
            PreparedStatement ps = c.prepare("UPDATE model_version SET description = COALESCE(?, description),"
                    + " update_time = ? WHERE model_id = ? AND version = ?");
            ps.setString(1, description);
            ps.setLong(2, System.currentTimeMillis());
            ps.setLong(3, id);
            ps.setInt(4, version);
            ps.executeUpdate();
            writeTags(c, "model_version_tag", id, version, tags);
            return loadVersion(c, name, version);
        });
    }

    @Override
    public ModelVersion setAlias(String name, String alias, int version) {
        RegistryNames.checkAlias(alias);
        return db.write(c -> {
            long id = requireVersion(c, name, version);
            PreparedStatement ps = c.prepare("INSERT INTO model_alias (model_id, alias, version) VALUES (?, ?, ?)"
                    + " ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version");
            ps.setLong(1, id);
            ps.setString(2, alias);
            ps.setInt(3, version);
            ps.executeUpdate();
            touchModel(c, id, System.currentTimeMillis());
            return loadVersion(c, name, version);
        });
    }

    @Override
    public void removeAlias(String name, String alias) {
        RegistryNames.checkAlias(alias);
        db.write(c -> {
            long id = requireModel(c, name);
            PreparedStatement ps = c.prepare("DELETE FROM model_alias WHERE model_id = ? AND alias = ?");
            ps.setLong(1, id);
            ps.setString(2, alias);
            if (ps.executeUpdate() == 0) {
                throw new NotFoundException("model '" + name + "' has no alias '" + alias + "'");
            }
            touchModel(c, id, System.currentTimeMillis());
            return null;
        });
    }

    @Override
    public ModelVersion aliasTarget(String name, String alias) {
        RegistryNames.checkAlias(alias);
        return db.read(c -> {
            long id = requireModel(c, name);
            PreparedStatement ps = c.prepare("SELECT version FROM model_alias WHERE model_id = ? AND alias = ?");
            ps.setLong(1, id);
            ps.setString(2, alias);
            int version;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("model '" + name + "' has no alias '" + alias + "'");
                }
                version = rs.getInt(1);
            }
            return loadVersion(c, name, version);
        });
    }

    @Override
    public ModelVersion recordDeployment(String name, int version, String deployment) {
        RegistryNames.checkDeployment(deployment);
        return db.write(c -> {
            long id = requireVersion(c, name, version);
            PreparedStatement ps = c.prepare(
                    "INSERT INTO model_deployment (model_id, deployment, version, create_time) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (model_id, deployment) DO UPDATE SET version = excluded.version,"
                            + " create_time = excluded.create_time");
            ps.setLong(1, id);
            ps.setString(2, deployment);
            ps.setInt(3, version);
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
            return loadVersion(c, name, version);
        });
    }

    @Override
    public void removeDeployment(String name, String deployment) {
        RegistryNames.checkDeployment(deployment);
        db.write(c -> {
            long id = requireModel(c, name);
            PreparedStatement ps = c.prepare("DELETE FROM model_deployment WHERE model_id = ? AND deployment = ?");
            ps.setLong(1, id);
            ps.setString(2, deployment);
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public void deleteVersion(String name, int version) {
        db.write(c -> {
            ModelVersion v = loadVersion(c, name, version);
            if (!v.aliases().isEmpty() || !v.deployments().isEmpty()) {
                StringBuilder why = new StringBuilder();
                if (!v.aliases().isEmpty()) {
                    why.append("alias ").append(String.join(", ", v.aliases())).append(" points to it");
                }
                if (!v.deployments().isEmpty()) {
                    why.append(why.length() == 0 ? "" : " and ")
                            .append("deployment ")
                            .append(String.join(", ", v.deployments()))
                            .append(" serves it");
                }
                throw new ConflictException(
                        VERSION_IN_USE,
                        "cannot delete " + v.reference() + ": " + why
                                + "; move the alias to another version and delete or redeploy the deployment first");
            }
            long id = requireModel(c, name);
            for (String sql : List.of(
                    "DELETE FROM model_version_tag WHERE model_id = ? AND version = ?",
                    "DELETE FROM model_version WHERE model_id = ? AND version = ?")) {
                PreparedStatement ps = c.prepare(sql);
                ps.setLong(1, id);
                ps.setInt(2, version);
                ps.executeUpdate();
            }
            touchModel(c, id, System.currentTimeMillis());
            return null;
        });
    }

    @Override
    public Lineage lineage(String name, int version, int maxHops) {
        return store.lineage(getVersion(name, version).artifactId(), LineageDirection.UPSTREAM, maxHops);
    }

    // ---------------------------------------------------------------- rows

    private static long insertModel(Conn c, String name, String description) throws SQLException {
        long now = System.currentTimeMillis();
        PreparedStatement ps = c.prepare("INSERT INTO registered_model (name, description, last_version,"
                + " create_time, update_time) VALUES (?, ?, 0, ?, ?)");
        ps.setString(1, name);
        ps.setString(2, description);
        ps.setLong(3, now);
        ps.setLong(4, now);
        ps.executeUpdate();
        return modelId(c, name).orElseThrow();
    }

    private static void touchModel(Conn c, long id, long now) throws SQLException {
        PreparedStatement ps = c.prepare("UPDATE registered_model SET update_time = ? WHERE id = ?");
        ps.setLong(1, now);
        ps.setLong(2, id);
        ps.executeUpdate();
    }

    private static Optional<Long> modelId(Conn c, String name) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT id FROM registered_model WHERE name = ?");
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    private static long requireModel(Conn c, String name) throws SQLException {
        RegistryNames.checkModel(name);
        return modelId(c, name).orElseThrow(() -> new NotFoundException("no registered model '" + name + "'"));
    }

    private static long requireVersion(Conn c, String name, int version) throws SQLException {
        RegistryNames.checkVersion(version);
        long id = requireModel(c, name);
        PreparedStatement ps = c.prepare("SELECT 1 FROM model_version WHERE model_id = ? AND version = ?");
        ps.setLong(1, id);
        ps.setInt(2, version);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new NotFoundException("model '" + name + "' has no version " + version);
            }
        }
        return id;
    }

    private static void checkTags(Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > Limits.MAX_TAGS_PER_BATCH) {
            throw new InvalidRequestException("at most " + Limits.MAX_TAGS_PER_BATCH + " tags at once");
        }
        tags.forEach((k, v) -> {
            Limits.checkKey("tag", k);
            if (v != null && v.length() > Limits.MAX_TAG_VALUE_LENGTH) {
                throw new InvalidRequestException("tag '" + k + "' is longer than " + Limits.MAX_TAG_VALUE_LENGTH);
            }
        });
    }

    /** Sets (or, for a null value, removes) tags of a model ({@code version} null) or of a version. */
    private static void writeTags(Conn c, String table, long modelId, Integer version, Map<String, String> tags)
            throws SQLException {
        if (tags == null) {
            return;
        }
        String owner = version == null ? "model_id = ?" : "model_id = ? AND version = ?";
        String columns = version == null ? "model_id, key, value" : "model_id, version, key, value";
        String marks = version == null ? "?, ?, ?" : "?, ?, ?, ?";
        String conflict = version == null ? "model_id, key" : "model_id, version, key";
        for (Map.Entry<String, String> t : tags.entrySet()) {
            PreparedStatement ps;
            int i = 1;
            if (t.getValue() == null) {
                ps = c.prepare("DELETE FROM " + table + " WHERE " + owner + " AND key = ?");
            } else {
                ps = c.prepare("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ") ON CONFLICT ("
                        + conflict + ") DO UPDATE SET value = excluded.value");
            }
            ps.setLong(i++, modelId);
            if (version != null) {
                ps.setInt(i++, version);
            }
            ps.setString(i++, t.getKey());
            if (t.getValue() != null) {
                ps.setString(i, t.getValue());
            }
            ps.executeUpdate();
        }
    }

    private static Optional<RegisteredModel> loadModel(Conn c, String name) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT id, description, last_version, create_time, update_time"
                + " FROM registered_model WHERE name = ?");
        ps.setString(1, name);
        long id;
        String description;
        int last;
        long created;
        long updated;
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            id = rs.getLong(1);
            description = rs.getString(2);
            last = rs.getInt(3);
            created = rs.getLong(4);
            updated = rs.getLong(5);
        }
        Map<String, Integer> aliases = new TreeMap<>();
        PreparedStatement pa = c.prepare("SELECT alias, version FROM model_alias WHERE model_id = ?");
        pa.setLong(1, id);
        try (ResultSet rs = pa.executeQuery()) {
            while (rs.next()) {
                aliases.put(rs.getString(1), rs.getInt(2));
            }
        }
        Map<String, String> tags = strings(c, "SELECT key, value FROM model_tag WHERE model_id = ?", id, null);
        return Optional.of(
                new RegisteredModel(name, description, tags, aliases, last == 0 ? null : last, created, updated));
    }

    private static ModelVersion loadVersion(Conn c, String name, int version) throws SQLException {
        long modelId = requireModel(c, name);
        PreparedStatement ps =
                c.prepare("SELECT " + VERSION_COLUMNS + " FROM model_version v WHERE v.model_id = ? AND v.version = ?");
        ps.setLong(1, modelId);
        ps.setInt(2, version);
        long artifactId;
        Long runId;
        String uri;
        String description;
        long created;
        long updated;
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new NotFoundException("model '" + name + "' has no version " + version);
            }
            artifactId = rs.getLong(2);
            long run = rs.getLong(3);
            runId = rs.wasNull() ? null : run;
            uri = rs.getString(4);
            description = rs.getString(5);
            created = rs.getLong(6);
            updated = rs.getLong(7);
        }
        Map<String, String> tags = strings(
                c, "SELECT key, value FROM model_version_tag WHERE model_id = ? AND version = ?", modelId, version);
        List<String> aliases = column(
                c, "SELECT alias FROM model_alias WHERE model_id = ? AND version = ? ORDER BY alias", modelId, version);
        List<String> deployments = column(
                c,
                "SELECT deployment FROM model_deployment WHERE model_id = ? AND version = ? ORDER BY deployment",
                modelId,
                version);
        return new ModelVersion(
                name, version, artifactId, runId, uri, description, tags, aliases, deployments, created, updated);
    }

    private static Map<String, String> strings(Conn c, String sql, long modelId, Integer version) throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        ps.setLong(1, modelId);
        if (version != null) {
            ps.setInt(2, version);
        }
        Map<String, String> out = new TreeMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static List<String> column(Conn c, String sql, long modelId, int version) throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        ps.setLong(1, modelId);
        ps.setInt(2, version);
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
