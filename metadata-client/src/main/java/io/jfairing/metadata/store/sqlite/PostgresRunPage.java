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
    static Result read(Conn c, RunSelection selection, Set<Long> experiments) throws SQLException {
        SortWindow window = selection.window();
        if (window != null && selection.offset() < Integer.MAX_VALUE) {
            Result found = run(c, statement(selection, experiments, true), window.need());
            if (found != null) {
                return found;
            }
        }
        return run(c, statement(selection, experiments, false), 0);
    }

    /** The statement's result, or null when it selected fewer than {@code need} runs. */
    private static Result run(Conn c, SqlCompiler.Sql sql, long need) throws SQLException {
        PreparedStatement ps = c.prepare(sql.text());
        SqliteMlmd.bind(ps, sql.params());
        long found = 0;
        List<RunInfo> runs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found = rs.getLong(1);
                if (rs.getLong(2) < need) {
                    return null;
                }
                rs.getLong(3);
                if (rs.wasNull()) {
                    continue; // no runs: the row only says how many experiments exist
                }
                long end = rs.getLong(9);
                Long endTime = rs.wasNull() ? null : end;
                runs.add(new RunInfo(
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getString(6),
                        RunStatus.valueOf(rs.getString(7)),
                        rs.getLong(8),
                        endTime,
                        texts(rs.getString(10)),
                        texts(rs.getString(11)),
                        metrics(rs.getString(12))));
            }
        }
        return new Result(found, runs);
    }

    /**
     * The statement: {@code found}, how many of the experiments exist; {@code sel}, the ids the selecting query
     * found, in the search's order (the window's first offset + limit, or the general query's page); {@code page},
     * the page's ids (for the window: none unless it found offset + limit); then per run of the page, numbered WITH
     * ORDINALITY, its row with its params, tags and latest metrics as JSON objects (each table read once, for all
     * the page's ids). The CTEs are MATERIALIZED: each query runs once however often it is named.
     */
    static SqlCompiler.Sql statement(RunSelection selection, Set<Long> experiments, boolean viaWindow) {
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
        sql.append(" SELECT f.n, (SELECT cardinality(ids) FROM sel), r.id, e.external_id, r.experiment_id,")
                .append(" r.name, r.status, r.start_time, r.end_time, pa.j, ta.j, me.j")
                .append(" FROM found f LEFT JOIN (unnest((SELECT ids FROM page)) WITH ORDINALITY AS p (id, n)")
                .append(" JOIN run r ON r.id = p.id JOIN execution e ON e.id = r.id")
                .append(aggregate("param", "pa"))
                .append(aggregate("tag", "ta"))
                .append(aggregate("latest_metric", "me"))
                .append(") ON true ORDER BY p.n");
        return new SqlCompiler.Sql(sql.toString(), params);
    }

    /** A LEFT JOIN of the page's runs' key-value rows of {@code table} as one JSON object per run. */
    private static String aggregate(String table, String alias) {
        return " LEFT JOIN (SELECT v.run_id, json_object_agg(v.key, v.value) AS j FROM " + table + " v"
                + " WHERE v.run_id = ANY ((SELECT ids FROM page)::bigint[]) GROUP BY v.run_id) " + alias + " ON "
                + alias + ".run_id = r.id";
    }

    private static void append(
            StringBuilder sql, List<Object> params, String before, SqlCompiler.Sql part, String after) {
        sql.append(before).append(part.text()).append(after);
        params.addAll(part.params());
    }

    /** A JSON object of strings ({@code json_object_agg} of params or tags); null for none. */
    static Map<String, String> texts(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, JsonToken.START_OBJECT, json);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                expect(p, JsonToken.VALUE_STRING, json);
                out.put(key, p.getText());
            }
        } catch (IOException e) {
            throw new SQLException("unreadable JSON from the database: " + json, e);
        }
        return out;
    }

    /** A JSON object of latest metric values: numbers exactly as PostgreSQL prints them, null for NaN. */
    static Map<String, Double> metrics(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, JsonToken.START_OBJECT, json);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                // parsed from the text: exact, and "-0" stays negative zero
                out.put(key, t == JsonToken.VALUE_NULL ? Double.NaN : Double.parseDouble(p.getText()));
            }
        } catch (IOException | NumberFormatException e) {
            throw new SQLException("unreadable JSON from the database: " + json, e);
        }
        return out;
    }

    private static void expect(JsonParser p, JsonToken token, String json) throws IOException, SQLException {
        if (p.nextToken() != token) {
            throw new SQLException("unexpected JSON from the database (" + token + " expected): " + json);
        }
    }
}
