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
 *
 * <p>Two statements: the {@linkplain #edge() edge} (the key value of the window's last run) and the
 * {@linkplain #rows rows} inside it. SQLite runs them one after the other ({@link #firstRows}); PostgreSQL nests the
 * edge in the rows' statement ({@link PostgresRunPage}), saving a round trip to the server.
 */
final class SortWindow {
    static final int WINDOW_FACTOR = 50;

    private final RunSelection search;
    private final boolean byMetric;
    private final long need;

    private SortWindow(RunSelection search, boolean byMetric, long need) {
        this.search = search;
        this.byMetric = byMetric;
        this.need = need;
    }

    /** The window of {@code search} for its rows {@code offset .. offset + limit}, or null when none applies. */
    static SortWindow of(RunSelection search, int limit) {
        List<Ast.OrderBy> orderBy = search.orderBy();
        if (orderBy.isEmpty()) {
            return null;
        }
        Ast.Field f = orderBy.get(0).field();
        boolean byMetric = f.entity() == Ast.Entity.METRIC;
        // PostgreSQL already walks run (experiment_id, start_time) backwards for the first page by start time
        // (EXPLAIN ANALYZE at 100,000 runs: 6 ms; with the window, which makes it hash the filter's runs: 20 ms)
        boolean byStart = f.entity() == Ast.Entity.ATTRIBUTE
                && f.attribute() == Ast.Attribute.START_TIME
                && !search.experiments().isEmpty()
                && search.flavor() == SqlCompiler.Flavor.SQLITE;
        if (!byMetric && !byStart) {
            return null;
        }
        return new SortWindow(search, byMetric, search.offset() + limit);
    }

    /** How many rows the window must yield to answer the search: offset + limit. */
    long need() {
        return need;
    }

    /** The key value of the window's last run (no row: fewer runs than the window, which the general query sorts). */
    SqlCompiler.Sql edge() {
        Ast.OrderBy first = search.orderBy().get(0);
        Set<Long> experiments = search.experiments();
        String direction = first.descending() ? "DESC" : "ASC";
        List<Object> params = new ArrayList<>();
        String sql;
        if (byMetric) {
            sql = "SELECT value FROM latest_metric WHERE key = ? AND value IS NOT NULL ORDER BY value " + direction
                    + " LIMIT 1 OFFSET ?";
            params.add(first.field().key());
        } else {
            sql = "SELECT start_time FROM run WHERE experiment_id IN ("
                    + SqliteMlmd.placeholders(experiments.size()) + ") ORDER BY start_time " + direction
                    + " LIMIT 1 OFFSET ?";
            params.addAll(experiments);
        }
        params.add(need * WINDOW_FACTOR - 1);
        return new SqlCompiler.Sql(sql, params);
    }

    /**
     * The ids of the first {@link #need} matching runs of the window, in the search's order.
     *
     * @param edge an expression for the window's edge value: {@code ?} with the value, or a subquery
     */
    SqlCompiler.Sql rows(SqlCompiler.Sql edge) {
        List<Ast.OrderBy> orderBy = search.orderBy();
        Set<Long> experiments = search.experiments();
        Ast.OrderBy first = orderBy.get(0);
        String bound = first.descending() ? " >= " : " <= ";
        SqlCompiler.Sql where = SqlCompiler.where(search.filter(), search.flavor(), SqlCompiler.Access.PROBE);
        SqlCompiler.Sql restJoins = SqlCompiler.orderJoins(shift(orderBy.subList(1, orderBy.size())));
        // the window's first key is a range of values, never NULL: an order the (key, value) index gives as it is
        SqlCompiler.Sql order = SqlCompiler.orderBy(orderBy, true);
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT r.id FROM ");
        if (byMetric) {
            // CROSS JOIN makes SQLite walk the window's index range first; PostgreSQL plans it as an inner join
            sql.append("latest_metric o0 CROSS JOIN run r").append(restJoins.text());
            params.addAll(restJoins.params());
            sql.append(" WHERE r.id = o0.run_id AND o0.key = ? AND o0.value").append(bound);
            params.add(first.field().key());
        } else {
            sql.append("run r").append(restJoins.text());
            params.addAll(restJoins.params());
            sql.append(" WHERE r.start_time").append(bound);
        }
        sql.append(edge.text());
        params.addAll(edge.params());
        if (!experiments.isEmpty()) {
            sql.append(" AND r.experiment_id IN (")
                    .append(SqliteMlmd.placeholders(experiments.size()))
                    .append(')');
            params.addAll(experiments);
        }
        sql.append(" AND ")
                .append(where.text())
                .append(" ORDER BY ")
                .append(order.text())
                .append(" LIMIT ?");
        params.addAll(where.params());
        params.addAll(order.params());
        params.add(need);
        return new SqlCompiler.Sql(sql.toString(), params);
    }

    /**
     * The ids at {@code offset .. offset + limit} of the search, or null when the window cannot answer it (the
     * caller then runs the general query): the edge, then the rows, two statements.
     */
    List<Long> firstRows(Conn c) throws SQLException {
        SqlCompiler.Sql edge = edge();
        PreparedStatement tps = c.prepare(edge.text());
        SqliteMlmd.bind(tps, edge.params());
        Object value;
        try (ResultSet rs = tps.executeQuery()) {
            if (!rs.next()) {
                return null; // fewer runs than the window: the general query sorts few
            }
            value = byMetric ? (Object) rs.getDouble(1) : (Object) rs.getLong(1);
        }
        List<Long> ids = ids(c, rows(new SqlCompiler.Sql("?", List.of(value))));
        if (ids.size() < need) {
            return null;
        }
        return new ArrayList<>(ids.subList((int) search.offset(), ids.size()));
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

    static List<Long> ids(Conn c, SqlCompiler.Sql query) throws SQLException {
        List<Long> ids = new ArrayList<>();
        PreparedStatement ps = c.prepare(query.text());
        SqliteMlmd.bind(ps, query.params());
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
