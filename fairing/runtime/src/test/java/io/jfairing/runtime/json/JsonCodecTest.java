package io.jfairing.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Point(double x, String label) {}

    @Test
    void parsesValues() {
        Object value = JsonCodec.parse(
                " {\"a\": [1, -2.5, 1e3, 0, true, false, null, \"\\u00e9\\n\\ud83d\\ude00\"], \"b\": {}} ");
        assertThat(value)
                .isEqualTo(Map.of("a", Arrays.asList(1L, -2.5, 1000.0, 0L, true, false, null, "é\n😀"), "b", Map.of()));
        assertThat(JsonCodec.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(JsonCodec.parse("9223372036854775808")).isEqualTo(9.223372036854775808e18);
        assertThat(JsonCodec.parse("[6.8, 2.8]")).isEqualTo(List.of(6.8, 2.8));
    }

    @Test
    void rejectsWhatIsNotStrictJson() {
        for (String bad : List.of(
                "",
                "{",
                "[1,]",
                "{\"a\":1,}",
                "01",
                "1.",
                ".5",
                "-",
                "1e",
                "+1",
                "NaN",
                "'a'",
                "\"a\tb\"",
                "\"\\x\"",
                "\"\\ud800\"",
                "{\"a\":1,\"a\":2}",
                "[1] 2",
                "{a:1}",
                "tru",
                "[1 2]",
                "1e999",
                "[".repeat(200) + "]".repeat(200),
                "// c\n1")) {
            assertThatThrownBy(() -> JsonCodec.parse(bad))
                    .as(bad)
                    .isInstanceOf(JsonCodec.JsonException.class)
                    .hasMessageContaining("malformed JSON at offset");
        }
    }

    @Test
    void writesValues() {
        assertThat(JsonCodec.write(JsonCodec.fields(
                        "s",
                        "q\"\\\n\u0001",
                        "n",
                        null,
                        "f",
                        6.8f,
                        "d",
                        0.1,
                        "i",
                        3,
                        "l",
                        4L,
                        "arr",
                        new double[] {1.5, 2},
                        "nested",
                        new int[][] {{1}, {2}},
                        "list",
                        List.of(true),
                        "rec",
                        new Point(1, "p"))))
                .isEqualTo(
                        "{\"s\":\"q\\\"\\\\\\n\\u0001\",\"n\":null,\"f\":6.8,\"d\":0.1,\"i\":3,\"l\":4,"
                                + "\"arr\":[1.5,2.0],\"nested\":[[1],[2]],\"list\":[true],\"rec\":{\"x\":1.0,\"label\":\"p\"}}");
        assertThatThrownBy(() -> JsonCodec.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonCodec.write(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTrips() {
        String text =
                "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":[6.8,2.8,-1.0E-5,\"\\u2028\"]}]}";
        assertThat(JsonCodec.write(JsonCodec.parse(text))).isEqualTo(text);
    }
}
