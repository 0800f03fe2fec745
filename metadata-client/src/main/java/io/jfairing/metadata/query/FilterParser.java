package io.jfairing.metadata.query;

import io.jfairing.metadata.Limits;
import io.jfairing.metadata.RunStatus;
import io.jfairing.metadata.query.Ast.Attribute;
import io.jfairing.metadata.query.Ast.Comparison;
import io.jfairing.metadata.query.Ast.Entity;
import io.jfairing.metadata.query.Ast.Expr;
import io.jfairing.metadata.query.Ast.Field;
import io.jfairing.metadata.query.Ast.Literal;
import io.jfairing.metadata.query.Ast.Op;
import io.jfairing.metadata.query.Ast.OrderBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses run filters and order-by clauses (grammar below) into an {@link Ast}, checking types as it goes: metrics
 * compare with numbers, params/tags/names/status with quoted strings.
 *
 * <pre>
 * filter     := or
 * or         := and ( OR and )*
 * and        := primary ( AND primary )*
 * primary    := '(' or ')' | comparison
 * comparison := field op literal | field [NOT] IN '(' literal (',' literal)* ')'
 * op         := = | == | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;= | LIKE | ILIKE
 * field      := (metrics|params|tags|attributes) '.' (key | `quoted key` | "quoted key") | attribute
 * attribute  := run_id | run_name | status | start_time | end_time   (aliases: id, name)
 * literal    := number | 'string' | "string"          (a quote inside is doubled: 'it''s')
 * orderBy    := field [ASC | DESC]
 * </pre>
 */
public final class FilterParser {
    private static final int MAX_DEPTH = 32;
    private static final int MAX_COMPARISONS = 100;
    private static final int MAX_IN_VALUES = 1000;

    private final String what;
    private final String text;
    private final List<Token> tokens;
    private int pos;
    private int comparisons;

    private FilterParser(String what, String text) {
        this.what = what;
        this.text = text;
        if (text.length() > Limits.MAX_FILTER_LENGTH) {
            throw new FilterSyntaxException(
                    what,
                    text.substring(0, 40) + "...",
                    Limits.MAX_FILTER_LENGTH + 1,
                    "longer than " + Limits.MAX_FILTER_LENGTH + " characters");
        }
        this.tokens = Lexer.tokenize(what, text);
    }

    /** The filter's syntax tree, or null for a null or blank filter. */
    public static Expr parseFilter(String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        FilterParser p = new FilterParser("filter", filter);
        Expr e = p.or(0);
        p.expectEof();
        return e;
    }

    /** Each clause is {@code field [ASC|DESC]}; a clause may also hold several, separated by commas. */
    public static List<OrderBy> parseOrderBy(List<String> clauses) {
        List<OrderBy> out = new ArrayList<>();
        for (String clause : clauses) {
            if (clause == null || clause.isBlank()) {
                continue;
            }
            FilterParser p = new FilterParser("order by", clause);
            while (true) {
                Field f = p.field();
                boolean desc = false;
                if (p.peek().isKeyword("DESC")) {
                    p.pos++;
                    desc = true;
                } else if (p.peek().isKeyword("ASC")) {
                    p.pos++;
                }
                out.add(new OrderBy(f, desc));
                if (p.peek().kind() == Token.Kind.COMMA) {
                    p.pos++;
                    continue;
                }
                p.expectEof();
                break;
            }
        }
        if (out.size() > 10) {
            throw new FilterSyntaxException("order by", String.join(", ", clauses), 1, "at most 10 ordering clauses");
        }
        return out;
    }

    private Expr or(int depth) {
        List<Expr> terms = new ArrayList<>();
        terms.add(and(depth));
        while (peek().isKeyword("OR")) {
            pos++;
            terms.add(and(depth));
        }
        return terms.size() == 1 ? terms.get(0) : new Ast.Or(terms);
    }

    private Expr and(int depth) {
        List<Expr> terms = new ArrayList<>();
        terms.add(primary(depth));
        while (peek().isKeyword("AND")) {
            pos++;
            terms.add(primary(depth));
        }
        return terms.size() == 1 ? terms.get(0) : new Ast.And(terms);
    }

    private Expr primary(int depth) {
        Token t = peek();
        if (t.kind() == Token.Kind.LPAREN) {
            if (depth >= MAX_DEPTH) {
                throw error(t, "parentheses nested deeper than " + MAX_DEPTH);
            }
            pos++;
            Expr e = or(depth + 1);
            Token close = peek();
            if (close.kind() != Token.Kind.RPAREN) {
                throw error(
                        close,
                        "expected ')' to close the '(' at position " + t.position() + " but found " + close.describe());
            }
            pos++;
            return e;
        }
        return comparison();
    }

    private Expr comparison() {
        if (++comparisons > MAX_COMPARISONS) {
            throw error(peek(), "more than " + MAX_COMPARISONS + " comparisons");
        }
        Field field = field();
        Token t = peek();
        Op op;
        if (t.kind() == Token.Kind.OP) {
            op = switch (t.text()) {
                case "=" -> Op.EQ;
                case "!=" -> Op.NE;
                case "<" -> Op.LT;
                case "<=" -> Op.LE;
                case ">" -> Op.GT;
                case ">=" -> Op.GE;
                default -> throw error(t, "unknown operator " + t.describe());
            };
            pos++;
        } else if (t.isKeyword("LIKE")) {
            op = Op.LIKE;
            pos++;
        } else if (t.isKeyword("ILIKE")) {
            op = Op.ILIKE;
            pos++;
        } else if (t.isKeyword("IN")) {
            op = Op.IN;
            pos++;
        } else if (t.isKeyword("NOT") && peekAt(1).isKeyword("IN")) {
            op = Op.NOT_IN;
            pos += 2;
        } else {
            throw error(
                    t,
                    "expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after " + field
                            + " but found " + t.describe());
        }
        if ((op == Op.LIKE || op == Op.ILIKE) && field.numeric()) {
            throw error(t, op.sql() + " compares strings; " + field + " is a number");
        }
        List<Literal> values = new ArrayList<>();
        if (op == Op.IN || op == Op.NOT_IN) {
            Token open = peek();
            if (open.kind() != Token.Kind.LPAREN) {
                throw error(open, "expected '(' after " + op.sql() + " but found " + open.describe());
            }
            pos++;
            while (true) {
                values.add(literal(field, op));
                if (values.size() > MAX_IN_VALUES) {
                    throw error(peek(), "more than " + MAX_IN_VALUES + " values in " + op.sql());
                }
                Token sep = peek();
                if (sep.kind() == Token.Kind.COMMA) {
                    pos++;
                } else if (sep.kind() == Token.Kind.RPAREN) {
                    pos++;
                    break;
                } else {
                    throw error(sep, "expected ',' or ')' in the " + op.sql() + " list but found " + sep.describe());
                }
            }
        } else {
            values.add(literal(field, op));
        }
        return new Comparison(field, op, values);
    }

    private Field field() {
        Token t = peek();
        if (t.kind() != Token.Kind.IDENT) {
            throw error(
                    t,
                    "expected a field such as metrics.accuracy, params.lr, tags.team or attributes.status but found "
                            + t.describe());
        }
        pos++;
        String ident = t.text();
        int dot = ident.indexOf('.');
        if (dot < 0) {
            return new Field(Entity.ATTRIBUTE, attributeName(t, ident), attribute(t, ident), t.position());
        }
        String prefix = ident.substring(0, dot).toLowerCase(Locale.ROOT);
        String key = ident.substring(dot + 1);
        if (key.isEmpty()) {
            Token q = peek();
            if ((q.kind() == Token.Kind.BACKTICK || q.kind() == Token.Kind.DOUBLE_QUOTED) && q.position() == t.end()) {
                pos++;
                key = q.text();
            } else {
                throw error(q, "expected a key after '" + ident + "'");
            }
        }
        Entity entity = switch (prefix) {
            case "metrics", "metric" -> Entity.METRIC;
            case "params", "param", "parameters", "parameter" -> Entity.PARAM;
            case "tags", "tag" -> Entity.TAG;
            case "attributes", "attribute", "attr", "run" -> Entity.ATTRIBUTE;
            default ->
                throw error(
                        t,
                        "unknown field '" + prefix + "." + key
                                + "': expected metrics.KEY, params.KEY, tags.KEY or attributes.NAME");
        };
        if (entity == Entity.ATTRIBUTE) {
            return new Field(Entity.ATTRIBUTE, attributeName(t, key), attribute(t, key), t.position());
        }
        if (key.isEmpty() || key.length() > Limits.MAX_KEY_LENGTH) {
            throw error(t, "key must have 1 to " + Limits.MAX_KEY_LENGTH + " characters");
        }
        return new Field(entity, key, null, t.position());
    }

    private Attribute attribute(Token t, String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "run_id", "id" -> Attribute.RUN_ID;
            case "run_name", "name" -> Attribute.RUN_NAME;
            case "status" -> Attribute.STATUS;
            case "start_time" -> Attribute.START_TIME;
            case "end_time" -> Attribute.END_TIME;
            default ->
                throw error(
                        t,
                        "unknown attribute '" + name
                                + "': expected run_id, run_name, status, start_time or end_time (or metrics./params./tags. before a key)");
        };
    }

    private String attributeName(Token t, String name) {
        return attribute(t, name).name().toLowerCase(Locale.ROOT);
    }

    private Literal literal(Field field, Op op) {
        Token t = peek();
        pos++;
        switch (t.kind()) {
            case NUMBER -> {
                if (!field.numeric()) {
                    throw error(
                            t,
                            field + " compares as a string: quote the value, e.g. " + field + " = '" + t.text() + "'");
                }
                double d;
                try {
                    d = Double.parseDouble(t.text());
                } catch (NumberFormatException e) {
                    throw error(t, "malformed number " + t.describe());
                }
                if (Double.isInfinite(d)) {
                    throw error(t, "number out of range " + t.describe());
                }
                if (field.entity() == Entity.ATTRIBUTE) {
                    if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
                        throw error(t, field + " compares with whole numbers");
                    }
                    return new Literal((long) d, t.position());
                }
                return new Literal(d, t.position());
            }
            case SINGLE_QUOTED, DOUBLE_QUOTED -> {
                if (field.numeric()) {
                    throw error(t, field + " compares as a number: write it without quotes, e.g. " + field + " > 0.5");
                }
                String s = t.text();
                if (field.attribute() == Attribute.STATUS && op != Op.LIKE && op != Op.ILIKE) {
                    try {
                        s = RunStatus.parse(s).name();
                    } catch (RuntimeException e) {
                        throw error(t, "unknown run status '" + s + "'; expected RUNNING, FINISHED, FAILED or KILLED");
                    }
                }
                return new Literal(s, t.position());
            }
            default -> {
                pos--;
                throw error(t, "expected a value after " + field + " " + op.sql() + " but found " + t.describe());
            }
        }
    }

    private void expectEof() {
        Token t = peek();
        if (t.kind() != Token.Kind.EOF) {
            throw error(t, "expected AND, OR or the end but found " + t.describe());
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private FilterSyntaxException error(Token t, String problem) {
        return new FilterSyntaxException(what, text, t.position(), problem);
    }
}
