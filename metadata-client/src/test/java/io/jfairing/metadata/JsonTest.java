package io.jfairing.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Value;
import io.jfairing.metadata.store.Downsampling;
import io.jfairing.metadata.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static <T> T roundTrip(T value, Class<T> type) {
        return Json.read(Json.write(value), type);
    }

    @Test
    void valueTypesRoundTripWithNonFiniteNumbers() {
        RunBatch batch = RunBatch.builder()
                .metric(new MetricPoint("a", Double.NaN, 1, 2))
                .metric(new MetricPoint("b", Double.NEGATIVE_INFINITY, 1, 2))
                .param("p", 1)
                .tag("t", "x")
                .build();
        String json = Json.writeString(batch);
        assertThat(json).contains("NaN").contains("-Infinity").doesNotContain("\"empty\"");
        RunBatch back = roundTrip(batch, RunBatch.class);
        assertThat(back.metrics().get(0).value()).isNaN();
        assertThat(back.metrics().get(1).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(back.params()).isEqualTo(batch.params());

        Artifact a = Artifact.builder("system.Model")
                .name("m")
                .property("hyperparameters", Map.of("lr", 0.1))
                .customProperty("n", 3L)
                .customProperty("f", false)
                .customProperty("s", "x")
                .customProperty("d", 2.5)
                .build();
        assertThat(roundTrip(a, Artifact.class)).isEqualTo(a);
        assertThat(Json.writeString(Value.of(7L))).isEqualTo("{\"intValue\":7}");
    }

    @Test
    void aValueHasExactlyOneKnownField() {
        assertThatThrownBy(() -> Json.read(
                        "{\"type\":\"t\",\"properties\":{\"x\":{\"intValue\":1,\"stringValue\":\"a\"}}}"
                                .getBytes(StandardCharsets.UTF_8),
                        Artifact.class))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> Json.read(
                        "{\"type\":\"t\",\"properties\":{\"x\":{}}}".getBytes(StandardCharsets.UTF_8), Artifact.class))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Json.read("{\"properties\":{}}".getBytes(StandardCharsets.UTF_8), Artifact.class))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'type' is required");
    }

    @Test
    void lttbKeepsEndsAndReturnsShortSeriesUnchanged() {
        List<MetricPoint> pts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            pts.add(new MetricPoint("x", i == 500 ? -50 : i % 7, i, i));
        }
        List<MetricPoint> d = Downsampling.lttb(pts, 50);
        assertThat(d).hasSize(50);
        assertThat(d.get(0)).isEqualTo(pts.get(0));
        assertThat(d.get(49)).isEqualTo(pts.get(999));
        assertThat(d).contains(pts.get(500));
        assertThat(Downsampling.lttb(pts.subList(0, 10), 50)).hasSize(10);
        assertThat(Downsampling.lttb(pts, 2)).containsExactly(pts.get(0), pts.get(999));
    }
}
