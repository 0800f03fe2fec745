package io.jfairing.metadata.query;

import java.util.List;

/** The syntax tree of a run filter and of order-by clauses. */
public final class Ast {
    private Ast() {}

    /** A boolean expression over a run. */
    public sealed interface Expr permits And, Or, Comparison {}

    public record And(List<Expr> terms) implements Expr {
        public And {
            terms = List.copyOf(terms);
        }
    }

    public record Or(List<Expr> terms) implements Expr {
        public Or {
            terms = List.copyOf(terms);
        }
    }

    /** {@code field op value} or {@code field [NOT] IN (values)}. */
    public record Comparison(Field field, Op op, List<Literal> values) implements Expr {
        public Comparison {
            values = List.copyOf(values);
        }
    }

    public enum Entity {
        METRIC,
        PARAM,
        TAG,
        ATTRIBUTE
    }

    /** A run's attribute that filters and orderings may use. */
    public enum Attribute {
        RUN_ID,
        RUN_NAME,
        STATUS,
        START_TIME,
        END_TIME
    }

    /**
     * What a comparison looks at: a metric, param or tag by key, or an attribute.
     *
     * @param key the metric/param/tag key; the attribute's name for attributes
     * @param attribute set for attributes only
     */
    public record Field(Entity entity, String key, Attribute attribute, int position) {
        /** Whether values compare as numbers (metrics, run id, times) rather than strings. */
        public boolean numeric() {
            return entity == Entity.METRIC
                    || attribute == Attribute.RUN_ID
                    || attribute == Attribute.START_TIME
                    || attribute == Attribute.END_TIME;
        }

        @Override
        public String toString() {
            return switch (entity) {
                case METRIC -> "metrics." + key;
                case PARAM -> "params." + key;
                case TAG -> "tags." + key;
                case ATTRIBUTE -> "attributes." + key;
            };
        }
    }

    public enum Op {
        EQ("="),
        NE("<>"),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">="),
        LIKE("LIKE"),
        ILIKE("ILIKE"),
        IN("IN"),
        NOT_IN("NOT IN");

        private final String sql;

        Op(String sql) {
            this.sql = sql;
        }

        /** The SQL operator (never built from user text). */
        public String sql() {
            return sql;
        }
    }

    /** A literal: a {@link String} or a {@link Double} (a {@link Long} for run ids and times). */
    public record Literal(Object value, int position) {}

    /** One ordering clause. */
    public record OrderBy(Field field, boolean descending) {}
}
