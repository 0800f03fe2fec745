package io.jfairing.runtime.cell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MagicExpressionsTest {
    private static final String CALL = "io.jfairing.runtime.cell.LineMagicCall.call(";

    @Test
    void aMagicAfterAnAssignmentBecomesACallWithItsArguments() {
        assertThat(MagicExpressions.rewrite("List<String> added = %jars /usr/share/java/*.jar"))
                .isEqualTo("List<String> added = " + CALL + "\"jars\", \"/usr/share/java/*.jar\");");
        assertThat(MagicExpressions.rewrite("var r = %maven g:a:1;\nr.size()"))
                .isEqualTo("var r = " + CALL + "\"maven\", \"g:a:1\");\nr.size()");
        assertThat(MagicExpressions.rewrite("x =%lsmagic")).isEqualTo("x =" + CALL + "\"lsmagic\", \"\");");
    }

    @Test
    void argumentsAreJavaStringLiterals() {
        assertThat(MagicExpressions.rewrite("var o = %sh echo \"a\\b\""))
                .isEqualTo("var o = " + CALL + "\"sh\", \"echo \\\"a\\\\b\\\"\");");
    }

    @Test
    void operatorsStringsAndCommentsAreLeftAlone() {
        for (String code : new String[] {
            "int r = a % b;",
            "boolean same = a ==%b;",
            "x += %y",
            "String s = \"x = %jars a.jar\";",
            "char c = '='; int m = 5 % 2;",
            "// x = %jars a.jar",
            "/* x =\n %jars a.jar */ int y = 1;",
            "String t = \"\"\"\n  x = %jars a.jar\n  \"\"\";",
        }) {
            assertThat(MagicExpressions.rewrite(code)).as(code).isEqualTo(code);
        }
    }

    @Test
    void findListsTheMagicsThatRewriteTurnsIntoCallsWithTheirLines() {
        String code = "int a = 1;\nList<String> added = %jars lib/*.jar\nString s = \"x = %maven g:a:1\";\n"
                + "var jars = %maven g:a:1 --offline;";
        assertThat(MagicExpressions.find(code))
                .containsExactly(
                        new MagicExpressions.Expression("jars", "lib/*.jar", 1),
                        new MagicExpressions.Expression("maven", "g:a:1 --offline", 3));
        assertThat(MagicExpressions.find(code).get(0)).hasToString("%jars lib/*.jar");
        assertThat(MagicExpressions.find("int r = a % b;")).isEmpty();
    }
}
