package io.jfairing.metadata.store.sqlite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jfairing.metadata.RunInfo;
import io.jfairing.metadata.RunStatus;
import io.jfairing.metadata.mlmd.SystemTypes;
import io.jfairing.metadata.mlmd.TypeKind;
import io.jfairing.metadata.query.SqlCompiler;
import io.jfairing.metadata.wire.Json;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A page of a run search on PostgreSQL in one statement, one round trip to the server: whether the experiments
 * searched exist, the sort-order window's edge and rows (or the general query), and the page's runs with their
 * params, tags and latest metrics as JSON objects. Each statement is one more wake-up of the server's backend
 * process, which on a loaded machine waits for a core each time: a search made of 8-9 statements had a p99 of 226 ms
 * at a load of 10 on 2 cores. When the window holds too few matches (a filter matching few runs) the general query
 * follows in a second statement: inside the first, PostgreSQL planned it on every search, which cost more than the
 * round trip it saved (about 4 ms of planning at a load of 9).
 */
final class PostgresRunPage {
    private static final JsonFactory JSON = Json.mapper().getFactory();

    /** The page's runs, and how many of the experiments searched exist. */
    record Result(long experimentsFound, List<RunInfo> runs) {}

    private PostgresRunPage() {}

    /**
     * Runs the search: one statement, or, when the sort-order window holds too few matches (a filter matching few
     * runs, or a small store), a second one with the general query. A statement needs no transaction of its own: it
     * sees one snapshot.
     */
    static Result read(Conn c, RunSelection selection) throws SQLException {
        SortWindow window = selection.window();
        if (window != null && selection.offset() < Integer.MAX_VALUE) {
            Result found = run(c, statement(selection, true), window.need());
            if (found != null) {
                return found;
            }
        }
        return run(c, statement(selection, false), 0);
    }

    /** The statement's result, or null when it selected fewer than {@code need} runs. */
    private static Result run(Conn c, SqlCompiler.Sql sql, long need) throws SQLException {
        PreparedStatement ps = c.prepare(sql.text());
        SqliteMlmd.bind(ps, sql.params());
        try (ResultSet rs = ps.executeQuery()) {
            rs.next(); // one row
            if (rs.getLong(2) < need) {
                return null;
            }
            return new Result(
                    rs.getLong(1),
                    runs(
                            rs.getString(3),
                            nested(rs.getString(4), PostgresRunPage::texts),
                            nested(rs.getString(5), PostgresRunPage::texts),
                            nested(rs.getString(6), PostgresRunPage::metrics)));
        } catch (IOException | RuntimeException e) {
            throw new SQLException("unreadable run search result from the database: " + e.getMessage(), e);
        }
    }

    /**
     * The statement: {@code found}, how many of the experiments exist; {@code sel}, the ids the selecting query
     * found, in the search's order (the window's first offset + limit, or the general query's page); {@code page},
     * the page's ids (for the window: none unless it found offset + limit); then one row: the number of experiments
     * found, of ids selected, the page's runs as a JSON array of arrays in the page's order, and their params, tags
     * and latest metrics as JSON objects by run id (each table read once, for all the page's ids). Scalar subqueries,
     * not joins: PostgreSQL plans each alone (a join of the six was about 1 ms more planning on every search, at
     * a load of 1). The CTEs are MATERIALIZED: each query runs once however often it is named.
     */
    private static SqlCompiler.Sql statement(RunSelection selection, boolean viaWindow) {
        Set<Long> experiments = selection.experiments();
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("WITH found (n) AS (");
        if (experiments.isEmpty()) {
            sql.append("SELECT 0");
        } else {
            sql.append("SELECT count(*) FROM context c JOIN type t ON t.id = c.type_id")
                    .append(" WHERE t.kind = ? AND t.name = ? AND c.id IN (")
                    .append(SqliteMlmd.placeholders(experiments.size()))
                    .append(')');
            params.add(TypeKind.CONTEXT.ordinal());
            params.add(SystemTypes.EXPERIMENT);
            params.addAll(experiments);
        }
        sql.append("), ");
        if (viaWindow) {
            SortWindow window = selection.window();
            append(sql, params, "edge (v) AS (", window.edge(), "), ");
            SqlCompiler.Sql rows = window.rows(new SqlCompiler.Sql("(SELECT v FROM edge)", List.of()));
            append(sql, params, "sel (ids) AS MATERIALIZED (SELECT ARRAY(", rows, ")), ");
            sql.append("page (ids) AS MATERIALIZED (SELECT CASE WHEN cardinality(ids) >= ? THEN ids[?:] END FROM sel)");
            params.add(window.need());
            params.add((int) selection.offset() + 1);
        } else {
            append(sql, params, "sel (ids) AS MATERIALIZED (SELECT ARRAY(", selection.everyMatch(), ")), ");
            sql.append("page (ids) AS MATERIALIZED (SELECT ids FROM sel)");
        }
        // a NaN metric is NULL in latest_metric: JSON null; infinities are the strings "Infinity", "-Infinity"
        sql.append(" SELECT (SELECT n FROM found), (SELECT cardinality(ids) FROM sel),")
                .append(" (SELECT json_agg(json_build_array(r.id, e.external_id, r.experiment_id, r.name, r.status,")
                .append(" r.start_time, r.end_time) ORDER BY p.n)")
                .append(" FROM unnest((SELECT ids FROM page)) WITH ORDINALITY AS p (id, n)")
                .append(" JOIN run r ON r.id = p.id JOIN execution e ON e.id = r.id), ")
                .append(byRun("param"))
                .append(", ")
                .append(byRun("tag"))
                .append(", ")
                .append(byRun("latest_metric"));
        return new SqlCompiler.Sql(sql.toString(), params);
    }

    /** The page's runs' key-value rows of {@code table} as one JSON object per run, in an object by run id. */
    private static String byRun(String table) {
        return "(SELECT json_object_agg(x.run_id, x.j) FROM (SELECT v.run_id, json_object_agg(v.key, v.value) AS j"
                + " FROM " + table + " v WHERE v.run_id = ANY ((SELECT ids FROM page)::bigint[]) GROUP BY v.run_id) x)";
    }

    private static void append(
            StringBuilder sql, List<Object> params, String before, SqlCompiler.Sql part, String after) {
        sql.append(before).append(part.text()).append(after);
        params.addAll(part.params());
    }

    /** Reads one value of a JSON object from the parser, its current token the value's first. */
    private interface ValueReader<T> {
        T read(JsonParser p) throws IOException;
    }

    /** A JSON object by run id of JSON objects ({@code {"7": {"lr": "0.1"}}}), each read by {@code reader}. */
    private static <T> Map<Long, T> nested(String json, ValueReader<T> reader) throws IOException {
        Map<Long, T> out = new HashMap<>();
        if (json == null) {
            return out;
        }
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                long runId = Long.parseLong(p.currentName());
                p.nextToken();
                out.put(runId, reader.read(p));
            }
        }
        return out;
    }

    /** A JSON object of strings (params or tags), the parser at its start. */
    private static Map<String, String> texts(JsonParser p) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            expect(p, JsonToken.VALUE_STRING);
            out.put(key, p.getText());
        }
        return out;
    }

    /** A JSON object of latest metric values, the parser at its start: numbers as printed, null for NaN. */
    private static Map<String, Double> metrics(JsonParser p) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            // parsed from the text: exact, "-0" stays negative zero, "Infinity" and "-Infinity" are strings
            out.put(key, t == JsonToken.VALUE_NULL ? Double.NaN : Double.parseDouble(p.getText()));
        }
        return out;
    }

    /** The page's runs from their JSON array of {@code [id, uuid, experiment, name, status, start, end]}. */
    private static List<RunInfo> runs(
            String json,
            Map<Long, Map<String, String>> params,
            Map<Long, Map<String, String>> tags,
            Map<Long, Map<String, Double>> metrics)
            throws IOException {
        List<RunInfo> out = new ArrayList<>();
        if (json == null) {
            return out; // no runs
        }
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_ARRAY) {
                long id = nextLong(p);
                String uuid = p.nextTextValue();
                long experiment = nextLong(p);
                String name = p.nextTextValue();
                RunStatus status = RunStatus.valueOf(p.nextTextValue());
                long start = nextLong(p);
                Long end = p.nextToken() == JsonToken.VALUE_NULL ? null : p.getLongValue();
                expect(p, JsonToken.END_ARRAY);
                out.add(new RunInfo(
                        id, uuid, experiment, name, status, start, end, params.get(id), tags.get(id), metrics.get(id)));
            }
        }
        return out;
    }

    private static long nextLong(JsonParser p) throws IOException {
        expect(p, JsonToken.VALUE_NUMBER_INT);
        return p.getLongValue();
    }

    private static void expect(JsonParser p, JsonToken token) throws IOException {
        JsonToken found = p.nextToken();
        if (found != token) {
            throw new IOException(token + " expected, found " + found + " at " + p.currentLocation());
        }
    }
}
