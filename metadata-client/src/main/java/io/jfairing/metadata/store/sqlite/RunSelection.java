package io.jfairing.metadata.store.sqlite;

import io.jfairing.metadata.query.Ast;
import io.jfairing.metadata.query.SqlCompiler;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What selects the ids of one page of a run search: the {@link SortWindow} where one applies, else (or when the
 * window holds too few matches) the general query, which sorts every match.
 */
final class RunSelection {
    private final Set<Long> experiments;
    private final Ast.Expr filter;
    private final SqlCompiler.Flavor flavor;
    private final List<Ast.OrderBy> orderBy;
    private final long offset;
    private final int limit;
    private final SortWindow window;

    /**
     * @param experiments the experiments searched (none: all)
     * @param limit the rows wanted from {@code offset} on (a page and one more, to know whether another follows)
     */
    RunSelection(
            Set<Long> experiments,
            Ast.Expr filter,
            SqlCompiler.Flavor flavor,
            List<Ast.OrderBy> orderBy,
            long offset,
            int limit) {
        this.experiments = Collections.unmodifiableSortedSet(new TreeSet<>(experiments)); // a fixed order
        this.filter = filter;
        this.flavor = flavor;
        this.orderBy = List.copyOf(orderBy);
        this.offset = offset;
        this.limit = limit;
        this.window = SortWindow.of(this, limit);
    }

    /** The experiments searched, in a fixed order (none: all). */
    Set<Long> experiments() {
        return experiments;
    }

    Ast.Expr filter() {
        return filter;
    }

    SqlCompiler.Flavor flavor() {
        return flavor;
    }

    List<Ast.OrderBy> orderBy() {
        return orderBy;
    }

    /** The sort-order window, or null when the search's first ordering has none. */
    SortWindow window() {
        return window;
    }

    long offset() {
        return offset;
    }

    /** The general query: the ids of every match sorted, rows {@code offset .. offset + limit}. */
    SqlCompiler.Sql everyMatch() {
        SqlCompiler.Sql where = SqlCompiler.where(filter, flavor);
        SqlCompiler.Sql joins = SqlCompiler.orderJoins(orderBy);
        SqlCompiler.Sql order = SqlCompiler.orderBy(orderBy);
        StringBuilder sql =
                new StringBuilder("SELECT r.id FROM run r").append(joins.text()).append(" WHERE ");
        List<Object> params = new ArrayList<>(joins.params());
        if (!experiments.isEmpty()) {
            sql.append("r.experiment_id IN (")
                    .append(SqliteMlmd.placeholders(experiments.size()))
                    .append(") AND ");
            params.addAll(experiments);
        }
        sql.append(where.text()).append(" ORDER BY ").append(order.text()).append(" LIMIT ? OFFSET ?");
        params.addAll(where.params());
        params.addAll(order.params());
        params.add(limit);
        params.add(offset);
        return new SqlCompiler.Sql(sql.toString(), params);
    }

    /** The page's ids in order, statement by statement (the window's two, then the general query if needed). */
    List<Long> ids(Conn c) throws SQLException {
        List<Long> ids = window == null ? null : window.firstRows(c);
        return ids != null ? ids : SortWindow.ids(c, everyMatch());
    }
}
