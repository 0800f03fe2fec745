package io.jfairing.metadata.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jfairing.metadata.ConflictException;
import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.Limits;
import io.jfairing.metadata.NotFoundException;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.ArtifactState;
import io.jfairing.metadata.mlmd.Association;
import io.jfairing.metadata.mlmd.Attribution;
import io.jfairing.metadata.mlmd.Context;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.Execution;
import io.jfairing.metadata.mlmd.ExecutionState;
import io.jfairing.metadata.mlmd.MlmdQuery;
import io.jfairing.metadata.mlmd.MlmdStore;
import io.jfairing.metadata.mlmd.ParentContext;
import io.jfairing.metadata.mlmd.PropertyType;
import io.jfairing.metadata.mlmd.Type;
import io.jfairing.metadata.mlmd.TypeKind;
import io.jfairing.metadata.mlmd.Value;
import io.jfairing.metadata.wire.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The MLMD part of the SQLite store: types, artifacts, executions, contexts, events and links. */
final class SqliteMlmd implements MlmdStore {
    private static final int MAX_PROPERTIES = 1000;
    private static final int MAX_STRING_VALUE = 65_536;
    private static final int MAX_STRUCT_JSON = 1_048_576;
    private static final int MAX_URI = 8192;

    /** Where each kind of node lives. */
    enum NodeKind {
        ARTIFACT("artifact", "artifact_property", "artifact_id", TypeKind.ARTIFACT),
        EXECUTION("execution", "execution_property", "execution_id", TypeKind.EXECUTION),
        CONTEXT("context", "context_property", "context_id", TypeKind.CONTEXT);

        final String table;
        final String propertyTable;
        final String owner;
        final TypeKind typeKind;

        NodeKind(String table, String propertyTable, String owner, TypeKind typeKind) {
            this.table = table;
            this.propertyTable = propertyTable;
            this.owner = owner;
            this.typeKind = typeKind;
        }

        String label() {
            return table;
        }
    }

    /** An artifact, execution or context in one shape. */
    record Node(
            Long id,
            String type,
            String name,
            String uri,
            Integer state,
            String externalId,
            Map<String, Value> properties,
            Map<String, Value> customProperties,
            Long createTime,
            Long updateTime) {

        static Node of(Artifact a) {
            return new Node(
                    a.id(),
                    a.type(),
                    a.name(),
                    a.uri(),
                    a.state() == null ? null : a.state().ordinal(),
                    a.externalId(),
                    a.properties(),
                    a.customProperties(),
                    null,
                    null);
        }

        static Node of(Execution e) {
            return new Node(
                    e.id(),
                    e.type(),
                    e.name(),
                    null,
                    e.state() == null ? null : e.state().ordinal(),
                    e.externalId(),
                    e.properties(),
                    e.customProperties(),
                    null,
                    null);
        }

        static Node of(Context c) {
            return new Node(
                    c.id(),
                    c.type(),
                    c.name(),
                    null,
                    null,
                    c.externalId(),
                    c.properties(),
                    c.customProperties(),
                    null,
                    null);
        }

        Artifact toArtifact() {
            return new Artifact(
                    id,
                    type,
                    uri,
                    name,
                    state == null ? null : ArtifactState.values()[state],
                    externalId,
                    properties,
                    customProperties,
                    createTime,
                    updateTime);
        }

        Execution toExecution() {
            return new Execution(
                    id,
                    type,
                    name,
                    state == null ? null : ExecutionState.values()[state],
                    externalId,
                    properties,
                    customProperties,
                    createTime,
                    updateTime);
        }

        Context toContext() {
            return new Context(id, type, name, externalId, properties, customProperties, createTime, updateTime);
        }
    }

    private final Database db;
    private final Map<String, Type> typeCache = new ConcurrentHashMap<>();

    SqliteMlmd(Database db) {
        this.db = db;
    }

    // ---------------------------------------------------------------- MlmdStore

    @Override
    public Type putType(Type type) {
        checkTypeName(type.name());
        for (String p : type.properties().keySet()) {
            checkPropertyName(p);
        }
        Type stored = db.write(c -> putType(c, type));
        typeCache.remove(cacheKey(type.kind(), type.name()));
        return stored;
    }

    @Override
    public Optional<Type> getType(TypeKind kind, String name) {
        return db.read(c -> Optional.ofNullable(loadType(c, kind, name)));
    }

    @Override
    public List<Type> getTypes(TypeKind kind) {
        return db.read(c -> {
            List<String> names = new ArrayList<>();
            PreparedStatement ps = c.prepare("SELECT name FROM type WHERE kind = ? ORDER BY name");
            ps.setInt(1, kind.ordinal());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            List<Type> out = new ArrayList<>();
            for (String n : names) {
                out.add(loadType(c, kind, n));
            }
            return out;
        });
    }

    @Override
    public Artifact putArtifact(Artifact artifact) {
        return db.write(c -> findNodes(
                        c, NodeKind.ARTIFACT, MlmdQuery.byId(putNode(c, NodeKind.ARTIFACT, Node.of(artifact))))
                .get(0)
                .toArtifact());
    }

    @Override
    public Execution putExecution(Execution execution) {
        return db.write(c -> findNodes(
                        c, NodeKind.EXECUTION, MlmdQuery.byId(putNode(c, NodeKind.EXECUTION, Node.of(execution))))
                .get(0)
                .toExecution());
    }

    @Override
    public Context putContext(Context context) {
        return db.write(c -> findNodes(
                        c, NodeKind.CONTEXT, MlmdQuery.byId(putNode(c, NodeKind.CONTEXT, Node.of(context))))
                .get(0)
                .toContext());
    }

    @Override
    public void putEvents(List<Event> events) {
        checkCount("events", events);
        db.write(c -> {
            for (Event e : events) {
                putEvent(c, e);
            }
            return null;
        });
    }

    @Override
    public void putAttributionsAndAssociations(List<Attribution> attributions, List<Association> associations) {
        List<Attribution> attrs = attributions == null ? List.of() : attributions;
        List<Association> assocs = associations == null ? List.of() : associations;
        checkCount("attributions", attrs);
        checkCount("associations", assocs);
        db.write(c -> {
            for (Attribution a : attrs) {
                attribute(c, a.contextId(), a.artifactId());
            }
            for (Association a : assocs) {
                associate(c, a.contextId(), a.executionId());
            }
            return null;
        });
    }

    @Override
    public void putParentContexts(List<ParentContext> parentContexts) {
        checkCount("parentContexts", parentContexts);
        db.write(c -> {
            for (ParentContext pc : parentContexts) {
                putParentContext(c, pc);
            }
            return null;
        });
    }

    @Override
    public List<Artifact> findArtifacts(MlmdQuery query) {
        return db.read(c -> findNodes(c, NodeKind.ARTIFACT, query)).stream()
                .map(Node::toArtifact)
                .toList();
    }

    @Override
    public List<Execution> findExecutions(MlmdQuery query) {
        return db.read(c -> findNodes(c, NodeKind.EXECUTION, query)).stream()
                .map(Node::toExecution)
                .toList();
    }

    @Override
    public List<Context> findContexts(MlmdQuery query) {
        return db.read(c -> findNodes(c, NodeKind.CONTEXT, query)).stream()
                .map(Node::toContext)
                .toList();
    }

    @Override
    public List<Event> findEvents(List<Long> artifactIds, List<Long> executionIds) {
        List<Long> a = artifactIds == null ? List.of() : artifactIds;
        List<Long> e = executionIds == null ? List.of() : executionIds;
        if (a.size() + e.size() > MlmdQuery.MAX_LIMIT) {
            throw new InvalidRequestException(
                    "ask for the events of at most " + MlmdQuery.MAX_LIMIT + " nodes at once");
        }
        return db.read(c -> findEvents(c, a, e, null));
    }

    // ---------------------------------------------------------------- types

    private static String cacheKey(TypeKind kind, String name) {
        return kind.ordinal() + ":" + name;
    }

    static void checkTypeName(String name) {
        Limits.checkName("type name", name);
    }

    static void checkPropertyName(String name) {
        if (name == null || name.isEmpty() || name.length() > Limits.MAX_KEY_LENGTH) {
            throw new InvalidRequestException("property names must have 1 to " + Limits.MAX_KEY_LENGTH + " characters");
        }
    }

    private Type putType(Conn c, Type type) throws SQLException {
        Type existing = loadType(c, type.kind(), type.name());
        if (existing == null) {
            PreparedStatement ps = c.prepare("INSERT INTO type (kind, name, version, description) VALUES (?, ?, ?, ?)");
            ps.setInt(1, type.kind().ordinal());
            ps.setString(2, type.name());
            ps.setString(3, type.version());
            ps.setString(4, type.description());
            ps.executeUpdate();
            long id = c.lastInsertId();
            insertTypeProperties(c, id, type.properties());
            return loadType(c, type.kind(), type.name());
        }
        Map<String, PropertyType> added = new TreeMap<>();
        for (Map.Entry<String, PropertyType> p : type.properties().entrySet()) {
            PropertyType old = existing.properties().get(p.getKey());
            if (old == null) {
                added.put(p.getKey(), p.getValue());
            } else if (old != p.getValue()) {
                throw new ConflictException(
                        ConflictException.ALREADY_EXISTS,
                        "type '" + type.name() + "' already has property '" + p.getKey() + "' of type " + old
                                + "; it cannot become " + p.getValue());
            }
        }
        insertTypeProperties(c, existing.id(), added);
        return added.isEmpty() ? existing : loadType(c, type.kind(), type.name());
    }

    private static void insertTypeProperties(Conn c, long typeId, Map<String, PropertyType> properties)
            throws SQLException {
        PreparedStatement ps = c.prepare("INSERT INTO type_property (type_id, name, data_type) VALUES (?, ?, ?)");
        for (Map.Entry<String, PropertyType> p : properties.entrySet()) {
            ps.setLong(1, typeId);
            ps.setString(2, p.getKey());
            ps.setString(3, p.getValue().name());
            ps.executeUpdate();
        }
    }

    /** The stored type, or null. */
    Type loadType(Conn c, TypeKind kind, String name) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT id, version, description FROM type WHERE kind = ? AND name = ?");
        ps.setInt(1, kind.ordinal());
        ps.setString(2, name);
        long id;
        String version;
        String description;
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            id = rs.getLong(1);
            version = rs.getString(2);
            description = rs.getString(3);
        }
        Map<String, PropertyType> props = new TreeMap<>();
        PreparedStatement pp = c.prepare("SELECT name, data_type FROM type_property WHERE type_id = ?");
        pp.setLong(1, id);
        try (ResultSet rs = pp.executeQuery()) {
            while (rs.next()) {
                props.put(rs.getString(1), PropertyType.valueOf(rs.getString(2)));
            }
        }
        Type t = new Type(id, kind, name, version, description, props);
        typeCache.put(cacheKey(kind, name), t);
        return t;
    }

    /** The type, from the cache or the file; reloaded when {@code fresh}. */
    Type requireType(Conn c, TypeKind kind, String name, boolean fresh) throws SQLException {
        Type t = fresh ? null : typeCache.get(cacheKey(kind, name));
        if (t == null) {
            t = loadType(c, kind, name);
        }
        if (t == null) {
            throw new NotFoundException(kind.name().toLowerCase(java.util.Locale.ROOT) + " type '" + name
                    + "' does not exist; create it with putType first");
        }
        return t;
    }

    // ---------------------------------------------------------------- nodes

    /** Inserts (id null) or updates a node with its properties; returns its id. */
    long putNode(Conn c, NodeKind kind, Node n) throws SQLException {
        if (n.type() == null) {
            throw new InvalidRequestException(kind.label() + " type is required");
        }
        Type type = requireType(c, kind.typeKind, n.type(), false);
        if (!checkProperties(kind, type, n, false)) {
            type = requireType(c, kind.typeKind, n.type(), true);
            checkProperties(kind, type, n, true);
        }
        if (n.name() != null) {
            Limits.checkName(kind.label() + " name", n.name());
        } else if (kind == NodeKind.CONTEXT) {
            throw new InvalidRequestException("a context needs a name");
        }
        if (n.uri() != null && n.uri().length() > MAX_URI) {
            throw new InvalidRequestException("artifact uri is longer than " + MAX_URI + " characters");
        }
        long now = System.currentTimeMillis();
        long id;
        try {
            if (n.id() == null) {
                String sql = switch (kind) {
                    case ARTIFACT ->
                        "INSERT INTO artifact (type_id, uri, name, state, external_id, create_time, update_time)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)";
                    case EXECUTION ->
                        "INSERT INTO execution (type_id, name, state, external_id, create_time, update_time)"
                                + " VALUES (?, ?, ?, ?, ?, ?)";
                    case CONTEXT ->
                        "INSERT INTO context (type_id, name, external_id, create_time, update_time)"
                                + " VALUES (?, ?, ?, ?, ?)";
                };
                PreparedStatement ps = c.prepare(sql);
                int i = 1;
                ps.setLong(i++, type.id());
                if (kind == NodeKind.ARTIFACT) {
                    ps.setString(i++, n.uri());
                }
                ps.setString(i++, n.name());
                if (kind != NodeKind.CONTEXT) {
                    setNullableInt(ps, i++, n.state());
                }
                ps.setString(i++, n.externalId());
                ps.setLong(i++, now);
                ps.setLong(i, now);
                ps.executeUpdate();
                id = c.lastInsertId();
            } else {
                id = n.id();
                PreparedStatement check = c.prepare("SELECT type_id FROM " + kind.table + " WHERE id = ?");
                check.setLong(1, id);
                try (ResultSet rs = check.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotFoundException(kind.label() + " " + id + " does not exist");
                    }
                    if (rs.getLong(1) != type.id()) {
                        throw new InvalidRequestException(kind.label() + " " + id + " is not of type '" + n.type()
                                + "'; the type of a stored node cannot change");
                    }
                }
                String sql = switch (kind) {
                    case ARTIFACT ->
                        "UPDATE artifact SET uri = ?, name = ?, state = ?, external_id = ?, update_time = ? WHERE id = ?";
                    case EXECUTION ->
                        "UPDATE execution SET name = ?, state = ?, external_id = ?, update_time = ? WHERE id = ?";
                    case CONTEXT -> "UPDATE context SET name = ?, external_id = ?, update_time = ? WHERE id = ?";
                };
                PreparedStatement ps = c.prepare(sql);
                int i = 1;
                if (kind == NodeKind.ARTIFACT) {
                    ps.setString(i++, n.uri());
                }
                ps.setString(i++, n.name());
                if (kind != NodeKind.CONTEXT) {
                    setNullableInt(ps, i++, n.state());
                }
                ps.setString(i++, n.externalId());
                ps.setLong(i++, now);
                ps.setLong(i, id);
                ps.executeUpdate();
                PreparedStatement del =
                        c.prepare("DELETE FROM " + kind.propertyTable + " WHERE " + kind.owner + " = ?");
                del.setLong(1, id);
                del.executeUpdate();
            }
        } catch (SQLException e) {
            if (Database.isConstraint(e)) {
                throw new ConflictException(
                        ConflictException.ALREADY_EXISTS,
                        kind == NodeKind.CONTEXT
                                ? "a context of type '" + n.type() + "' named '" + n.name() + "' or with external id '"
                                        + n.externalId() + "' already exists"
                                : "a " + kind.label() + " with external id '" + n.externalId() + "' already exists");
            }
            throw e;
        }
        writeProperties(c, kind, id, n.properties(), false);
        writeProperties(c, kind, id, n.customProperties(), true);
        return id;
    }

    private static void setNullableInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    /** False when a property is not declared (the caller reloads the type once and checks again, strictly). */
    private static boolean checkProperties(NodeKind kind, Type type, Node n, boolean strict) {
        if (n.properties().size() + n.customProperties().size() > MAX_PROPERTIES) {
            throw new InvalidRequestException("a " + kind.label() + " has at most " + MAX_PROPERTIES + " properties");
        }
        for (Map.Entry<String, Value> p : n.properties().entrySet()) {
            checkPropertyName(p.getKey());
            PropertyType declared = type.properties().get(p.getKey());
            if (declared == null) {
                if (!strict) {
                    return false;
                }
                throw new InvalidRequestException("property '" + p.getKey() + "' is not declared by " + kind.label()
                        + " type '" + type.name() + "' (declared: "
                        + String.join(", ", new TreeMap<>(type.properties()).keySet())
                        + "); put it in customProperties or add it to the type");
            }
            if (p.getValue() == null || !declared.accepts(p.getValue())) {
                throw new InvalidRequestException("property '" + p.getKey() + "' of " + kind.label() + " type '"
                        + type.name() + "' is " + declared + " but the value is "
                        + (p.getValue() == null ? "null" : p.getValue().type()));
            }
        }
        for (Map.Entry<String, Value> p : n.customProperties().entrySet()) {
            checkPropertyName(p.getKey());
            if (p.getValue() == null) {
                throw new InvalidRequestException("custom property '" + p.getKey() + "' has no value");
            }
        }
        return true;
    }

    private static void writeProperties(Conn c, NodeKind kind, long id, Map<String, Value> props, boolean custom)
            throws SQLException {
        if (props.isEmpty()) {
            return;
        }
        PreparedStatement ps = c.prepare("INSERT INTO " + kind.propertyTable + " (" + kind.owner
                + ", name, is_custom, int_value, double_value, string_value, bool_value, struct_value)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        for (Map.Entry<String, Value> p : props.entrySet()) {
            ps.setLong(1, id);
            ps.setString(2, p.getKey());
            ps.setInt(3, custom ? 1 : 0);
            for (int i = 4; i <= 8; i++) {
                ps.setNull(i, Types.NULL);
            }
            Value v = p.getValue();
            if (v instanceof Value.IntValue iv) {
                ps.setLong(4, iv.value());
            } else if (v instanceof Value.DoubleValue dv) {
                if (!Double.isNaN(dv.value())) {
                    ps.setDouble(5, dv.value());
                }
            } else if (v instanceof Value.StringValue sv) {
                if (sv.value().length() > MAX_STRING_VALUE) {
                    throw new InvalidRequestException(
                            "property '" + p.getKey() + "' is longer than " + MAX_STRING_VALUE + " characters");
                }
                ps.setString(6, sv.value());
            } else if (v instanceof Value.BoolValue bv) {
                ps.setInt(7, bv.value() ? 1 : 0);
            } else if (v instanceof Value.StructValue st) {
                String json;
                try {
                    json = Json.mapper().writeValueAsString(st.value());
                } catch (JsonProcessingException e) {
                    throw new InvalidRequestException(
                            "property '" + p.getKey() + "' is not a JSON-like structure: " + e.getOriginalMessage());
                }
                if (json.length() > MAX_STRUCT_JSON) {
                    throw new InvalidRequestException(
                            "property '" + p.getKey() + "' is larger than " + MAX_STRUCT_JSON + " bytes");
                }
                ps.setString(8, json);
            }
            ps.addBatch();
        }
        ps.executeBatch();
    }

    /** Nodes matching the query, newest first, with their properties. */
    List<Node> findNodes(Conn c, NodeKind kind, MlmdQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT n.id, t.name, n.name, ")
                .append(kind == NodeKind.ARTIFACT ? "n.uri" : "NULL")
                .append(", ")
                .append(kind == NodeKind.CONTEXT ? "NULL" : "n.state")
                .append(", n.external_id, n.create_time, n.update_time FROM ")
                .append(kind.table)
                .append(" n JOIN type t ON t.id = n.type_id WHERE 1=1");
        List<Object> params = new ArrayList<>();
        if (!q.ids().isEmpty()) {
            if (q.ids().size() > MlmdQuery.MAX_LIMIT) {
                throw new InvalidRequestException("ask for at most " + MlmdQuery.MAX_LIMIT + " ids at once");
            }
            sql.append(" AND n.id IN (").append(placeholders(q.ids().size())).append(')');
            params.addAll(q.ids());
        }
        if (q.type() != null) {
            sql.append(" AND t.name = ?");
            params.add(q.type());
        }
        if (q.name() != null) {
            sql.append(" AND n.name = ?");
            params.add(q.name());
        }
        if (q.uri() != null) {
            requireKind(kind, "uri", NodeKind.ARTIFACT);
            sql.append(" AND n.uri = ?");
            params.add(q.uri());
        }
        if (q.contextId() != null) {
            requireKind(kind, "contextId", NodeKind.ARTIFACT, NodeKind.EXECUTION);
            sql.append(
                    kind == NodeKind.ARTIFACT
                            ? " AND n.id IN (SELECT artifact_id FROM attribution WHERE context_id = ?)"
                            : " AND n.id IN (SELECT execution_id FROM association WHERE context_id = ?)");
            params.add(q.contextId());
        }
        if (q.artifactId() != null) {
            requireKind(kind, "artifactId", NodeKind.EXECUTION, NodeKind.CONTEXT);
            sql.append(
                    kind == NodeKind.EXECUTION
                            ? " AND n.id IN (SELECT execution_id FROM event WHERE artifact_id = ?)"
                            : " AND n.id IN (SELECT context_id FROM attribution WHERE artifact_id = ?)");
            params.add(q.artifactId());
        }
        if (q.executionId() != null) {
            requireKind(kind, "executionId", NodeKind.ARTIFACT, NodeKind.CONTEXT);
            sql.append(
                    kind == NodeKind.ARTIFACT
                            ? " AND n.id IN (SELECT artifact_id FROM event WHERE execution_id = ?)"
                            : " AND n.id IN (SELECT context_id FROM association WHERE execution_id = ?)");
            params.add(q.executionId());
        }
        if (q.parentsOf() != null) {
            requireKind(kind, "parentsOf", NodeKind.CONTEXT);
            sql.append(" AND n.id IN (SELECT parent_context_id FROM parent_context WHERE context_id = ?)");
            params.add(q.parentsOf());
        }
        if (q.childrenOf() != null) {
            requireKind(kind, "childrenOf", NodeKind.CONTEXT);
            sql.append(" AND n.id IN (SELECT context_id FROM parent_context WHERE parent_context_id = ?)");
            params.add(q.childrenOf());
        }
        int limit = q.limit() == null ? MlmdQuery.MAX_LIMIT : q.limit();
        if (limit < 1 || limit > MlmdQuery.MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MlmdQuery.MAX_LIMIT);
        }
        sql.append(" AND t.kind = ? ORDER BY n.id DESC LIMIT ?");
        params.add(kind.typeKind.ordinal());
        params.add(limit);
        List<Node> rows = new ArrayList<>();
        try (PreparedStatement ps = c.jdbc.prepareStatement(sql.toString())) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Node(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getObject(5) == null ? null : rs.getInt(5),
                            rs.getString(6),
                            Map.of(),
                            Map.of(),
                            rs.getLong(7),
                            rs.getLong(8)));
                }
            }
        }
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, Map<String, Value>> props = new HashMap<>();
        Map<Long, Map<String, Value>> custom = new HashMap<>();
        List<Long> ids = rows.stream().map(Node::id).toList();
        try (PreparedStatement pp = c.jdbc.prepareStatement("SELECT " + kind.owner + ", name, is_custom, int_value,"
                + " double_value, string_value, bool_value, struct_value FROM " + kind.propertyTable + " WHERE "
                + kind.owner
                + " IN (" + placeholders(ids.size()) + ") ORDER BY " + kind.owner + ", is_custom, name")) {
            bind(pp, ids);
            try (ResultSet rs = pp.executeQuery()) {
                while (rs.next()) {
                    Map<Long, Map<String, Value>> target = rs.getInt(3) == 1 ? custom : props;
                    target.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), readValue(rs));
                }
            }
        }
        List<Node> out = new ArrayList<>(rows.size());
        for (Node n : rows) {
            out.add(new Node(
                    n.id(),
                    n.type(),
                    n.name(),
                    n.uri(),
                    n.state(),
                    n.externalId(),
                    props.getOrDefault(n.id(), Map.of()),
                    custom.getOrDefault(n.id(), Map.of()),
                    n.createTime(),
                    n.updateTime()));
        }
        return out;
    }

    private static Value readValue(ResultSet rs) throws SQLException {
        Object i = rs.getObject(4);
        if (i != null) {
            return Value.of(rs.getLong(4));
        }
        Object d = rs.getObject(5);
        if (d != null) {
            return Value.of(rs.getDouble(5));
        }
        String s = rs.getString(6);
        if (s != null) {
            return Value.of(s);
        }
        Object b = rs.getObject(7);
        if (b != null) {
            return Value.of(rs.getInt(7) != 0);
        }
        String json = rs.getString(8);
        if (json != null) {
            try {
                return new Value.StructValue(Json.mapper().readValue(json, Object.class));
            } catch (JsonProcessingException e) {
                throw new SQLException("corrupt struct property: " + e.getMessage(), e);
            }
        }
        return Value.of(Double.NaN);
    }

    private static void requireKind(NodeKind kind, String condition, NodeKind... allowed) {
        for (NodeKind k : allowed) {
            if (k == kind) {
                return;
            }
        }
        throw new InvalidRequestException("'" + condition + "' does not apply to " + kind.label() + "s");
    }

    // ---------------------------------------------------------------- events and links

    void putEvent(Conn c, Event e) throws SQLException {
        requireExists(c, NodeKind.ARTIFACT, e.artifactId());
        requireExists(c, NodeKind.EXECUTION, e.executionId());
        if (e.path().size() > 100) {
            throw new InvalidRequestException("an event path has at most 100 steps");
        }
        PreparedStatement ps =
                c.prepare("INSERT INTO event (artifact_id, execution_id, type, time) VALUES (?, ?, ?, ?)");
        ps.setLong(1, e.artifactId());
        ps.setLong(2, e.executionId());
        ps.setInt(3, e.type().ordinal());
        ps.setLong(4, e.time() == null ? System.currentTimeMillis() : e.time());
        ps.executeUpdate();
        long id = c.lastInsertId();
        PreparedStatement pp =
                c.prepare("INSERT INTO event_path (event_id, step, step_index, step_key) VALUES (?, ?, ?, ?)");
        for (int i = 0; i < e.path().size(); i++) {
            Event.Step s = e.path().get(i);
            if (s.key() != null && s.key().length() > Limits.MAX_KEY_LENGTH) {
                throw new InvalidRequestException(
                        "event path keys have at most " + Limits.MAX_KEY_LENGTH + " characters");
            }
            pp.setLong(1, id);
            pp.setInt(2, i);
            if (s.index() != null) {
                pp.setLong(3, s.index());
            } else {
                pp.setNull(3, Types.INTEGER);
            }
            pp.setString(4, s.key());
            pp.executeUpdate();
        }
    }

    /**
     * Events touching the artifacts or executions; when {@code types} is not null, only events of those types.
     */
    List<Event> findEvents(Conn c, Collection<Long> artifactIds, Collection<Long> executionIds, List<Event.Type> types)
            throws SQLException {
        if (artifactIds.isEmpty() && executionIds.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT id, artifact_id, execution_id, type, time FROM event WHERE (");
        List<Object> params = new ArrayList<>();
        if (!artifactIds.isEmpty()) {
            sql.append("artifact_id IN (")
                    .append(placeholders(artifactIds.size()))
                    .append(')');
            params.addAll(artifactIds);
        }
        if (!executionIds.isEmpty()) {
            sql.append(artifactIds.isEmpty() ? "" : " OR ")
                    .append("execution_id IN (")
                    .append(placeholders(executionIds.size()))
                    .append(')');
            params.addAll(executionIds);
        }
        sql.append(')');
        if (types != null) {
            sql.append(" AND type IN (").append(placeholders(types.size())).append(')');
            for (Event.Type t : types) {
                params.add(t.ordinal());
            }
        }
        sql.append(" ORDER BY id");
        PreparedStatement ps = c.jdbc.prepareStatement(sql.toString());
        try (ps) {
            bind(ps, params);
            record Row(long id, long artifact, long execution, int type, long time) {}
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getLong(5)));
                }
            }
            Map<Long, List<Event.Step>> paths = new HashMap<>();
            if (!rows.isEmpty()) {
                List<Long> ids = rows.stream().map(Row::id).toList();
                for (int from = 0; from < ids.size(); from += 500) {
                    List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                    try (PreparedStatement pp = c.jdbc.prepareStatement(
                            "SELECT event_id, step_index, step_key FROM event_path" + " WHERE event_id IN ("
                                    + placeholders(chunk.size()) + ") ORDER BY event_id, step")) {
                        bind(pp, chunk);
                        try (ResultSet rs = pp.executeQuery()) {
                            while (rs.next()) {
                                Object index = rs.getObject(2);
                                Event.Step step = index != null
                                        ? Event.Step.index(rs.getLong(2))
                                        : Event.Step.key(rs.getString(3));
                                paths.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                        .add(step);
                            }
                        }
                    }
                }
            }
            List<Event> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new Event(
                        r.artifact(), r.execution(), Event.Type.values()[r.type()], paths.get(r.id()), r.time()));
            }
            return out;
        }
    }

    void attribute(Conn c, long contextId, long artifactId) throws SQLException {
        requireExists(c, NodeKind.CONTEXT, contextId);
        requireExists(c, NodeKind.ARTIFACT, artifactId);
        PreparedStatement ps = c.prepare("INSERT OR IGNORE INTO attribution (context_id, artifact_id) VALUES (?, ?)");
        ps.setLong(1, contextId);
        ps.setLong(2, artifactId);
        ps.executeUpdate();
    }

    void associate(Conn c, long contextId, long executionId) throws SQLException {
        requireExists(c, NodeKind.CONTEXT, contextId);
        requireExists(c, NodeKind.EXECUTION, executionId);
        PreparedStatement ps = c.prepare("INSERT OR IGNORE INTO association (context_id, execution_id) VALUES (?, ?)");
        ps.setLong(1, contextId);
        ps.setLong(2, executionId);
        ps.executeUpdate();
    }

    private void putParentContext(Conn c, ParentContext pc) throws SQLException {
        requireExists(c, NodeKind.CONTEXT, pc.childContextId());
        requireExists(c, NodeKind.CONTEXT, pc.parentContextId());
        if (pc.childContextId() == pc.parentContextId()) {
            throw new InvalidRequestException("context " + pc.childContextId() + " cannot be its own parent");
        }
        // the child must not already be an ancestor of the parent
        PreparedStatement cycle = c.prepare("WITH RECURSIVE ancestor(id) AS (SELECT ? UNION SELECT p.parent_context_id"
                + " FROM parent_context p JOIN ancestor a ON p.context_id = a.id) SELECT 1 FROM ancestor WHERE id = ?");
        cycle.setLong(1, pc.parentContextId());
        cycle.setLong(2, pc.childContextId());
        try (ResultSet rs = cycle.executeQuery()) {
            if (rs.next()) {
                throw new InvalidRequestException("making context " + pc.parentContextId() + " a parent of "
                        + pc.childContextId() + " would create a cycle");
            }
        }
        PreparedStatement ps =
                c.prepare("INSERT OR IGNORE INTO parent_context (context_id, parent_context_id) VALUES (?, ?)");
        ps.setLong(1, pc.childContextId());
        ps.setLong(2, pc.parentContextId());
        ps.executeUpdate();
    }

    static void requireExists(Conn c, NodeKind kind, long id) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT 1 FROM " + kind.table + " WHERE id = ?");
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new NotFoundException(kind.label() + " " + id + " does not exist");
            }
        }
    }

    private static void checkCount(String what, List<?> list) {
        if (list == null) {
            throw new InvalidRequestException(what + " must not be null");
        }
        if (list.size() > MlmdQuery.MAX_LIMIT) {
            throw new InvalidRequestException(
                    InvalidRequestException.BATCH_TOO_LARGE,
                    "at most " + MlmdQuery.MAX_LIMIT + " " + what + " per request");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new InvalidRequestException(what + "[" + i + "] must not be null");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    static String placeholders(int n) {
        StringBuilder sb = new StringBuilder(n * 3);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.toString();
    }

    static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (p instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else if (p instanceof String s) {
                ps.setString(i + 1, s);
            } else if (p == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                throw new IllegalArgumentException("cannot bind " + p.getClass());
            }
        }
    }
}
