package io.jfairing.metadata.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.query.Ast.And;
import io.jfairing.metadata.query.Ast.Attribute;
import io.jfairing.metadata.query.Ast.Comparison;
import io.jfairing.metadata.query.Ast.Entity;
import io.jfairing.metadata.query.Ast.Op;
import io.jfairing.metadata.query.Ast.Or;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterParserTest {

    @Test
    void parsesTheMlflowStyleConjunction() {
        Ast.Expr e = FilterParser.parseFilter("metrics.accuracy > 0.9 and params.lr = '0.01'");
        assertThat(e).isInstanceOf(And.class);
        List<Ast.Expr> terms = ((And) e).terms();
        Comparison metric = (Comparison) terms.get(0);
        assertThat(metric.field().entity()).isEqualTo(Entity.METRIC);
        assertThat(metric.field().key()).isEqualTo("accuracy");
        assertThat(metric.op()).isEqualTo(Op.GT);
        assertThat(metric.values().get(0).value()).isEqualTo(0.9);
        Comparison param = (Comparison) terms.get(1);
        assertThat(param.field().entity()).isEqualTo(Entity.PARAM);
        assertThat(param.values().get(0).value()).isEqualTo("0.01");
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() {
        Ast.Expr e = FilterParser.parseFilter("tags.a = 'x' OR tags.b = 'y' AND tags.c = 'z'");
        assertThat(e).isInstanceOf(Or.class);
        assertThat(((Or) e).terms().get(1)).isInstanceOf(And.class);

        Ast.Expr g = FilterParser.parseFilter("(tags.a = 'x' OR tags.b = 'y') AND tags.c = 'z'");
        assertThat(g).isInstanceOf(And.class);
        assertThat(((And) g).terms().get(0)).isInstanceOf(Or.class);
    }

    @Test
    void quotedKeysAttributesInListsAndLike() {
        Comparison c = (Comparison) FilterParser.parseFilter("metrics.`val loss` <= 1e-3");
        assertThat(c.field().key()).isEqualTo("val loss");
        assertThat(c.values().get(0).value()).isEqualTo(0.001);

        Comparison d = (Comparison) FilterParser.parseFilter("params.\"model.lr\" != 'a''b'");
        assertThat(d.field().key()).isEqualTo("model.lr");
        assertThat(d.values().get(0).value()).isEqualTo("a'b");

        Comparison s = (Comparison) FilterParser.parseFilter("status IN ('finished', 'FAILED')");
        assertThat(s.field().attribute()).isEqualTo(Attribute.STATUS);
        assertThat(s.values()).extracting(Ast.Literal::value).containsExactly("FINISHED", "FAILED");

        Comparison id = (Comparison) FilterParser.parseFilter("attributes.run_id NOT IN (1, 2)");
        assertThat(id.op()).isEqualTo(Op.NOT_IN);
        assertThat(id.values()).extracting(Ast.Literal::value).containsExactly(1L, 2L);

        Comparison like = (Comparison) FilterParser.parseFilter("attributes.run_name ILIKE 'lr-%'");
        assertThat(like.op()).isEqualTo(Op.ILIKE);
        assertThat(FilterParser.parseFilter("  ")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "metrics.accuracy >            | 19 | expected a value",
                "metrics.accuracy ~ 3          | 18 | unexpected character '~'",
                "params.lr = 0.01              | 13 | quote the value",
                "metrics.acc > '0.9'           | 15 | write it without quotes",
                "metrics.acc > 0.9 params.x    | 19 | expected AND, OR or the end",
                "foo.bar = 'x'                 | 1  | unknown field 'foo.bar'",
                "colour = 'red'                | 1  | unknown attribute 'colour'",
                "params.lr = 'unterminated     | 13 | unterminated string",
                "(metrics.a > 1                | 15 | expected ')'",
                "metrics.a LIKE 'x%'           | 11 | LIKE compares strings",
                "status = 'DONE'               | 10 | unknown run status",
                "metrics.a > 1 AND             | 18 | expected a field",
                "params.a = 'x'; DROP TABLE run| 15 | unexpected character ';'",
                "metrics.a IN (1 2)            | 17 | expected ',' or ')'",
            })
    void badSyntaxNamesThePosition(String filter, int position, String message) {
        assertThatThrownBy(() -> FilterParser.parseFilter(filter))
                .isInstanceOfSatisfying(FilterSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.code()).isEqualTo(InvalidRequestException.BAD_FILTER);
                    assertThat(e.httpStatus()).isEqualTo(400);
                })
                .hasMessageContaining("position " + position)
                .hasMessageContaining(message);
    }

    @Test
    void deepNestingAndHugeFiltersAreRejectedNotOverflowed() {
        String deep = "(".repeat(40) + "metrics.a > 1" + ")".repeat(40);
        assertThatThrownBy(() -> FilterParser.parseFilter(deep)).hasMessageContaining("nested deeper");
        String huge = "metrics.a > 1" + " and metrics.a > 1".repeat(300);
        assertThatThrownBy(() -> FilterParser.parseFilter(huge)).isInstanceOf(FilterSyntaxException.class);
    }

    @Test
    void orderByClauses() {
        List<Ast.OrderBy> o =
                FilterParser.parseOrderBy(List.of("metrics.accuracy DESC", "params.lr, attributes.start_time asc"));
        assertThat(o).hasSize(3);
        assertThat(o.get(0).descending()).isTrue();
        assertThat(o.get(1).field().entity()).isEqualTo(Entity.PARAM);
        assertThat(o.get(2).field().attribute()).isEqualTo(Attribute.START_TIME);
        assertThatThrownBy(() -> FilterParser.parseOrderBy(List.of("metrics.accuracy DOWN")))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining("position 18");
    }

    /**
     * NULLS LAST only where a value can be NULL: on a NOT NULL column it keeps PostgreSQL from walking the column's
     * index backwards (it sorted every run of the experiment for the runs page); on a metric, param, tag or the end
     * time it keeps runs without a value last, and a query over a range of a metric's values may drop it.
     */
    @Test
    void nullsLastOnlyWhereAValueCanBeNull() {
        List<Ast.OrderBy> o = FilterParser.parseOrderBy(List.of(
                "attributes.start_time DESC, attributes.run_name, metrics.loss, params.lr DESC, attributes.end_time"));
        assertThat(SqlCompiler.orderBy(o).text())
                .isEqualTo("r.start_time DESC, r.name ASC, o2.value ASC NULLS LAST, o3.value DESC NULLS LAST,"
                        + " r.end_time ASC NULLS LAST, r.start_time DESC, r.id DESC");
        List<Ast.OrderBy> byMetric = FilterParser.parseOrderBy(List.of("metrics.accuracy DESC, metrics.f1"));
        assertThat(SqlCompiler.orderBy(byMetric, true).text())
                .isEqualTo("o0.value DESC, o1.value ASC NULLS LAST, r.start_time DESC, r.id DESC");
        assertThat(SqlCompiler.orderBy(byMetric).text()).startsWith("o0.value DESC NULLS LAST, ");
    }

    /** On PostgreSQL a per-run probe is fenced (OFFSET 0) so the planner keeps it a probe, not a semi-join. */
    @Test
    void probesAreFencedOnPostgresOnly() {
        Ast.Expr e = FilterParser.parseFilter("params.lr = '0.01' and attributes.status = 'FINISHED'");
        assertThat(SqlCompiler.where(e, SqlCompiler.Flavor.POSTGRESQL, SqlCompiler.Access.PROBE)
                        .text())
                .isEqualTo(
                        "(EXISTS (SELECT 1 FROM param v WHERE v.run_id = r.id AND v.key = ? AND v.value = ? OFFSET 0)"
                                + " AND (r.status = ?))");
        assertThat(SqlCompiler.where(e, SqlCompiler.Flavor.SQLITE, SqlCompiler.Access.PROBE)
                        .text())
                .doesNotContain("OFFSET");
        assertThat(SqlCompiler.where(e, SqlCompiler.Flavor.POSTGRESQL, SqlCompiler.Access.MEMBERSHIP)
                        .text())
                .doesNotContain("OFFSET");
    }

    @Test
    void compiledSqlHoldsNoUserText() {
        String evil = "x'); DROP TABLE run; --";
        Ast.Expr e = FilterParser.parseFilter("params.`" + evil + "` = '" + evil.replace("'", "''")
                + "' OR tags.t LIKE '%" + evil.replace("'", "''") + "'");
        SqlCompiler.Sql where = SqlCompiler.where(e);
        assertThat(where.text()).doesNotContain("DROP").doesNotContain(evil).doesNotContain("'");
        assertThat(where.params()).contains(evil, evil);
        List<Ast.OrderBy> orderings = FilterParser.parseOrderBy(List.of("metrics.`" + evil + "` DESC"));
        SqlCompiler.Sql joins = SqlCompiler.orderJoins(orderings);
        SqlCompiler.Sql order = SqlCompiler.orderBy(orderings);
        assertThat(joins.text() + order.text()).doesNotContain("DROP").doesNotContain("'");
        assertThat(joins.params()).containsExactly(evil);
        assertThat(order.params()).isEmpty();
    }

    @Test
    void likePatternsBecomeCaseSensitiveGlobs() {
        assertThat(SqlCompiler.likeToGlob("lr_%")).isEqualTo("lr?*");
        assertThat(SqlCompiler.likeToGlob("a*b?[c")).isEqualTo("a[*]b[?][[]c");
    }
}
