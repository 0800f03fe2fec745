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
 * searched exist, the sort-order window's edge and rows (or, when the window holds too few matches, the general
 * query), and the page's runs with their params, tags and latest metrics as JSON objects. Each statement is one
 * more wake-up of the server's backend process, which on a loaded machine waits for a core each time: a search
 * made of 8-9 statements had a p99 of 226 ms at a load of 10 on 2 cores.
 */
final class PostgresRunPage {
    private static final JsonFactory JSON = Json.mapper().getFactory();

    /** The page's runs, and how many of the experiments searched exist. */
    record Result(long experimentsFound, List<RunInfo> runs) {}

    private PostgresRunPage() {}

    /** Runs the statement (one, so it needs no transaction of its own: it sees one snapshot). */
    static Result read(Conn c, RunSelection selection, Set<Long> experiments) throws SQLException {
        SqlCompiler.Sql sql = statement(selection, experiments);
        PreparedStatement ps = c.prepare(sql.text());
        SqliteMlmd.bind(ps, sql.params());
        long found = 0;
        List<RunInfo> runs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found = rs.getLong(1);
                rs.getLong(2);
                if (rs.wasNull()) {
                    continue; // no runs: the row only says how many experiments exist
                }
                long end = rs.getLong(8);
                Long endTime = rs.wasNull() ? null : end;
                runs.add(new RunInfo(
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5),
                        RunStatus.valueOf(rs.getString(6)),
                        rs.getLong(7),
                        endTime,
                        texts(rs.getString(9)),
                        texts(rs.getString(10)),
                        metrics(rs.getString(11))));
            }
        }
        return new Result(found, runs);
    }

    static SqlCompiler.Sql statement(RunSelection selection, Set<Long> experiments) {
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
        // each selecting query is an array of ids in the search's order, numbered by WITH ORDINALITY (n: the run's
        // position in the whole order, from 1)
        SortWindow window = selection.window();
        SqlCompiler.Sql everyMatch = selection.everyMatch();
        if (window == null) {
            sql.append("page (id, n) AS (SELECT g.id, g.n + ?");
            params.add(selection.offset());
            append(sql, params, " FROM unnest(ARRAY(", everyMatch, ")) WITH ORDINALITY AS g (id, n))");
        } else {
            // the general query runs only when the window holds too few matches (a one-time filter: never otherwise)
            append(sql, params, "edge (v) AS (", window.edge(), "), ");
            append(
                    sql,
                    params,
                    "win (ids) AS (SELECT ARRAY(",
                    window.rows(new SqlCompiler.Sql("(SELECT v FROM edge)", List.of())),
                    ")), ");
            sql.append("page (id, n) AS (SELECT w.id, w.n FROM win, unnest(win.ids) WITH ORDINALITY AS w (id, n)")
                    .append(" WHERE cardinality(win.ids) >= ? UNION ALL SELECT g.id, g.n + ?");
            params.add(window.need());
            params.add(selection.offset());
            append(sql, params, " FROM unnest(ARRAY(", everyMatch, ")) WITH ORDINALITY AS g (id, n)");
            sql.append(" WHERE (SELECT cardinality(ids) FROM win) < ?)");
            params.add(window.need());
        }
        // a NaN metric is NULL in latest_metric: JSON null; infinities are the strings "Infinity", "-Infinity"
        sql.append(" SELECT f.n, r.id, e.external_id, r.experiment_id, r.name, r.status, r.start_time, r.end_time,")
                .append(" (SELECT json_object_agg(v.key, v.value) FROM param v WHERE v.run_id = r.id),")
                .append(" (SELECT json_object_agg(v.key, v.value) FROM tag v WHERE v.run_id = r.id),")
                .append(" (SELECT json_object_agg(v.key, v.value) FROM latest_metric v WHERE v.run_id = r.id)")
                .append(" FROM found f LEFT JOIN (page p JOIN run r ON r.id = p.id JOIN execution e ON e.id = r.id)")
                .append(" ON p.n > ? ORDER BY p.n");
        params.add(selection.offset());
        return new SqlCompiler.Sql(sql.toString(), params);
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
