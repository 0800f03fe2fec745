package io.jfairing.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepDataTest {
    record Point(double x, List<Integer> ys, String label) {}

    record Split(List<Point> train, double[][] weights) {}

    @Test
    void valuesReadBackAsTheirDeclaredTypes(@TempDir Path dir) throws Exception {
        Split split = new Split(List.of(new Point(1.5, List.of(1, 2), "a")), new double[][] {{1, 2}, {3, 4}});
        StepData.bind(StepData.OUTPUT_ARG, "split=" + dir.resolve("out/split"));
        StepData.output("split", split);
        assertThat(Files.readString(dir.resolve("out/split")))
                .isEqualTo("{\"train\":[{\"x\":1.5,\"ys\":[1,2],\"label\":\"a\"}],\"weights\":[[1.0,2.0],[3.0,4.0]]}");

        StepData.bind(StepData.INPUT_PATH_ARG, "split=" + dir.resolve("out/split"));
        Split back = StepData.input("split", new StepData.TypeOf<Split>() {});

        assertThat(back.train()).containsExactly(new Point(1.5, List.of(1, 2), "a"));
        assertThat(back.weights()).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
    }

    @Test
    void parametersComeInlineAsKfpFillsThemIn() {
        StepData.bind(StepData.INPUT_ARG, "rate=0.25");
        StepData.bind(StepData.INPUT_ARG, "who=a \"quoted\" name");
        StepData.bind(StepData.INPUT_ARG, "tags=[\"x\",\"y\",\"x\"]");
        StepData.bind(StepData.INPUT_ARG, "sizes={\"a\":1,\"b\":2}");

        assertThat(StepData.input("rate", new StepData.TypeOf<Double>() {})).isEqualTo(0.25);
        assertThat(StepData.input("who", new StepData.TypeOf<String>() {})).isEqualTo("a \"quoted\" name");
        assertThat(StepData.input("tags", new StepData.TypeOf<Set<String>>() {}))
                .containsExactly("x", "y");
        assertThat(StepData.input("sizes", new StepData.TypeOf<Map<String, Long>>() {}))
                .containsEntry("a", 1L)
                .containsEntry("b", 2L);
    }

    @Test
    void aPathIsTheFileItselfAndIsCopiedOut(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("model.txt"), "weights");
        StepData.bind(StepData.OUTPUT_ARG, "model=" + dir.resolve("outputs/model"));
        StepData.output("model", model);
        StepData.bind(StepData.INPUT_PATH_ARG, "model=" + dir.resolve("outputs/model"));

        Path back = StepData.input("model", new StepData.TypeOf<Path>() {});

        assertThat(back).hasContent("weights");
    }

    @Test
    void aMissingOrMalformedInputIsAnErrorNamingIt() {
        assertThatThrownBy(() -> StepData.input("nothing-here", new StepData.TypeOf<Integer>() {}))
                .hasMessageContaining("step input 'nothing-here' was not given");
        StepData.bind(StepData.INPUT_ARG, "count=many");
        assertThatThrownBy(() -> StepData.input("count", new StepData.TypeOf<Integer>() {}))
                .hasMessageContaining("step input 'count' does not read as java.lang.Integer");
        assertThatThrownBy(() -> StepData.bind(StepData.INPUT_ARG, "no-equals"))
                .hasMessageContaining("takes NAME=VALUE");
    }
}
