package io.jfairing.metadata.store.sqlite;

import io.jfairing.metadata.query.Ast;
import io.jfairing.metadata.query.SqlCompiler;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds a page of a run search without sorting every match: when the first ordering is a metric or the start time,
 * the search first looks only at the {@value #WINDOW_FACTOR} x (offset + page) runs that sort first by that key
 * alone (a range of the {@code latest_metric (key, value)} or {@code run (experiment_id, start_time)} index, ties at
 * its edge included), checking the filter on each by primary-key lookups. Those runs are a prefix of the full order,
 * so if enough of them match, their first page is the answer; otherwise (a filter matching few runs, which are then
 * cheap to sort) the caller runs the general query.
 */
final class SortWindow {
    static final int WINDOW_FACTOR = 50;

    private SortWindow() {}

    /**
     * The ids at {@code offset .. offset + limit} of the search, or null when the window cannot answer it (the
     * caller then runs the general query).
     */
    static List<Long> firstRows(
            Conn c,
            Set<Long> experiments,
            Ast.Expr filter,
            SqlCompiler.Flavor flavor,
            List<Ast.OrderBy> orderBy,
            long offset,
            int limit)
            throws SQLException {
        if (orderBy.isEmpty()) {
            return null;
        }
        Ast.OrderBy first = orderBy.get(0);
        Ast.Field f = first.field();
        boolean byMetric = f.entity() == Ast.Entity.METRIC;
        // PostgreSQL already walks run (experiment_id, start_time) backwards for the first page by start time
        // (EXPLAIN ANALYZE at 100,000 runs: 6 ms; with the window, which makes it hash the filter's runs: 20 ms)
        boolean byStart = f.entity() == Ast.Entity.ATTRIBUTE
                && f.attribute() == Ast.Attribute.START_TIME
                && !experiments.isEmpty()
                && flavor == SqlCompiler.Flavor.SQLITE;
        if (!byMetric && !byStart) {
            return null;
        }
        long need = offset + limit;
        long window = need * WINDOW_FACTOR;
        String direction = first.descending() ? "DESC" : "ASC";
        String bound = first.descending() ? " >= ?" : " <= ?";
        String in = SqliteMlmd.placeholders(experiments.size());
        // the key value of the window's last run: every run sorting at or before it is in the window
        Object threshold;
        List<Object> thresholdParams = new ArrayList<>();
        String thresholdSql;
        if (byMetric) {
            thresholdSql = "SELECT value FROM latest_metric WHERE key = ? AND value IS NOT NULL ORDER BY value "
                    + direction + " LIMIT 1 OFFSET ?";
            thresholdParams.add(f.key());
        } else {
            thresholdSql = "SELECT start_time FROM run WHERE experiment_id IN (" + in + ") ORDER BY start_time "
                    + direction + " LIMIT 1 OFFSET ?";
            thresholdParams.addAll(experiments);
        }
        thresholdParams.add(window - 1);
        PreparedStatement tps = c.prepare(thresholdSql);
        SqliteMlmd.bind(tps, thresholdParams);
        try (ResultSet rs = tps.executeQuery()) {
            if (!rs.next()) {
                return null; // fewer runs than the window: the general query sorts few
            }
            threshold = byMetric ? (Object) rs.getDouble(1) : (Object) rs.getLong(1);
        }
        SqlCompiler.Sql where = SqlCompiler.where(filter, flavor, SqlCompiler.Access.PROBE);
        List<Ast.OrderBy> rest = orderBy.subList(1, orderBy.size());
        SqlCompiler.Sql restJoins = SqlCompiler.orderJoins(shift(rest));
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT r.id FROM ");
        if (byMetric) {
            // CROSS JOIN makes SQLite walk the window's index range first; PostgreSQL plans it as an inner join
            sql.append("latest_metric o0 CROSS JOIN run r").append(restJoins.text());
            params.addAll(restJoins.params());
            sql.append(" WHERE r.id = o0.run_id AND o0.key = ? AND o0.value").append(bound);
            params.add(f.key());
        } else {
            sql.append("run r").append(restJoins.text());
            params.addAll(restJoins.params());
            sql.append(" WHERE r.start_time").append(bound);
        }
        params.add(threshold);
        if (!experiments.isEmpty()) {
            sql.append(" AND r.experiment_id IN (").append(in).append(')');
            params.addAll(experiments);
        }
        // the window's first key is a range of values, never NULL: an order the (key, value) index gives as it is
        SqlCompiler.Sql order = SqlCompiler.orderBy(orderBy, true);
        sql.append(" AND ")
                .append(where.text())
                .append(" ORDER BY ")
                .append(order.text())
                .append(" LIMIT ?");
        params.addAll(where.params());
        params.add(need);
        List<Long> ids = ids(c, sql.toString(), params);
        if (ids.size() < need) {
            return null;
        }
        return new ArrayList<>(ids.subList((int) offset, ids.size()));
    }

    /**
     * The orderings after the first, placed so that {@link SqlCompiler#orderJoins} names their tables o1, o2, ...
     * as {@link SqlCompiler#orderBy} expects: the first becomes an attribute placeholder that joins nothing.
     */
    private static List<Ast.OrderBy> shift(List<Ast.OrderBy> rest) {
        List<Ast.OrderBy> out = new ArrayList<>();
        out.add(new Ast.OrderBy(new Ast.Field(Ast.Entity.ATTRIBUTE, null, Ast.Attribute.START_TIME, 0), false));
        out.addAll(rest);
        return out;
    }

    static List<Long> ids(Conn c, String sql, List<Object> params) throws SQLException {
        List<Long> ids = new ArrayList<>();
        PreparedStatement ps = c.prepare(sql);
        SqliteMlmd.bind(ps, params);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
