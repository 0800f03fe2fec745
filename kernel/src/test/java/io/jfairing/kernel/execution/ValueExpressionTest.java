package io.jfairing.kernel.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueExpressionTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "1+1",
                "x * 2;",
                "list",
                "flag ? 1 : 2.0",
                "\"a\" + b",
                "counter++",
                "x instanceof String s",
                "arr[1]",
                "(Object) 3",
                "a < b",
                "Integer.MAX_VALUE",
                "x != y"
            })
    void plainValueExpressionsAreHeldByAnObjectVariable(String source) {
        String expression = source.endsWith(";") ? source.substring(0, source.length() - 1) : source;
        assertThat(ValueExpression.asDeclaration(source))
                .contains("Object " + ValueExpression.HOLDER + " = " + expression + ";");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "System.out.println(x)", // may be void
                "list.size()",
                "x = 4", // an assignment shows no value
                "int x = 5",
                "var y = 1",
                "String s",
                "List<String> names;",
                "Foo[] all",
                "final int z = 1",
                "for (int i = 0; i < 3; i++) sum += i",
                "if (a) b",
                "return 1",
                "class A",
                "import java.util.*",
                "new int[] {1, 2}",
                "() -> 1",
                "String::length",
                "1 + 1 // a comment",
                "x \\u003d 5", // an assignment in a Unicode escape
                "@Deprecated int old",
                "",
                ";"
            })
    void anythingElseIsEvaluatedAsWritten(String source) {
        assertThat(ValueExpression.asDeclaration(source)).isEmpty();
    }
}
