package io.jfairing.fairing.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineAnalysisTest {
    @Test
    void findsWhatCrossesBetweenStepsAndHowItTravels() throws Exception {
        Pipeline pipeline = ExamplePipelines.diamond(null).build();

        assertThat(pipeline.steps())
                .extracting(Step::name)
                .containsExactly("load", "split", "train-a", "train-b", "evaluate");
        assertThat(pipeline.parameters())
                .extracting(p -> p.name() + ":" + p.value().passing() + "=" + p.defaultText())
                .containsExactly("data:DATASET=data.csv", "rate:DOUBLE=0.5", "rows:INTEGER=4");
        Step load = pipeline.step("load");
        assertThat(load.inputs())
                .extracting(i -> i.value().name() + "<-" + i.producer())
                .containsExactlyInAnyOrder("data<-null", "rows<-null");
        assertThat(load.outputs())
                .extracting(v -> v.name() + ":" + v.javaType() + ":" + v.passing())
                .containsExactly("xs:List<Double>:LIST");
        assertThat(pipeline.step("split").outputs())
                .extracting(StepValue::passing)
                .containsExactly(StepValue.Passing.ARTIFACT);
        assertThat(pipeline.step("train-a").after()).containsExactly("split");
        assertThat(pipeline.step("train-a").outputs())
                .extracting(v -> v.name() + ":" + v.passing())
                .containsExactly("scoreA:DOUBLE");
        assertThat(pipeline.step("evaluate").after()).containsExactlyInAnyOrder("train-a", "train-b");
        assertThat(pipeline.step("evaluate").inputs())
                .extracting(i -> i.value().name() + "<-" + i.producer())
                .containsExactlyInAnyOrder("scoreA<-train-a", "scoreB<-train-b");
    }

    @Test
    void aValueThatCannotCrossIsAnErrorWhenThePipelineIsBuilt() {
        Pipeline.Builder builder = Pipeline.builder("bad")
                .step(Step.builder("a").code("Thread worker = new Thread(() -> {});"))
                .step(Step.builder("b").code("worker.start();"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("'worker' (Thread) cannot cross between steps")
                .hasMessageContaining("read by step b");
    }

    @Test
    void unknownAndCircularPrevStepsAreErrors() {
        assertThatThrownBy(() -> Pipeline.builder("p")
                        .step(Step.builder("a").code("int x = 1;").after("nope"))
                        .build())
                .hasMessageContaining("runs after 'nope', which is no step");
        assertThatThrownBy(() -> Pipeline.builder("p")
                        .step(Step.builder("a").code("int x = 1;").after("b"))
                        .step(Step.builder("b").code("int y = 1;").after("a"))
                        .build())
                .hasMessageContaining("in a circle: a -> b -> a");
    }

    @Test
    void readsStepsFromKaleStyleTagsAndTheStepCellMagic() throws Exception {
        Notebook notebook = Notebook.ofCells(
                "tagged.ipynb",
                List.of(
                        NotebookCell.code(1, "import java.util.*;", "imports"),
                        NotebookCell.code(2, "int n = 3;", "pipeline-parameters"),
                        NotebookCell.markdown(3, "# Load"),
                        NotebookCell.code(4, "List<Integer> xs = new ArrayList<>();", "step:load"),
                        NotebookCell.code(5, "for (int i = 0; i < n; i++) xs.add(i);"),
                        NotebookCell.code(6, "System.out.println(\"debugging\");", "skip"),
                        NotebookCell.code(
                                7,
                                "%%fairing step total --after load --retries 2 --resources cpu=1,gpu=1\n"
                                        + "int total = xs.stream().mapToInt(i -> i).sum();"),
                        NotebookCell.code(8, "String report = \"total \" + total;", "step:report", "prev:load,total"),
                        NotebookCell.code(9, "System.out.println(total);", "pipeline-metrics")));

        Pipeline pipeline = NotebookPipeline.of(notebook).build();

        assertThat(pipeline.name()).isEqualTo("tagged");
        assertThat(pipeline.steps()).extracting(Step::name).containsExactly("load", "total", "report");
        assertThat(pipeline.step("load").cells()).hasSize(2);
        assertThat(pipeline.step("total").retries()).isEqualTo(2);
        assertThat(pipeline.step("total").resources()).isEqualTo(new StepResources("1", null, 1, null));
        assertThat(pipeline.step("total").cells().get(0).source()).doesNotContain("%%fairing");
        assertThat(pipeline.step("report").after()).containsExactlyInAnyOrder("load", "total");
        assertThat(pipeline.step("load").outputs()).extracting(StepValue::name).containsExactly("xs");
        assertThat(pipeline.metrics()).containsExactly("total");
    }

    @Test
    void aCellOutsideAnyStepIsAnErrorThatSaysHowToTagIt() {
        Notebook notebook = Notebook.ofCells("n.ipynb", List.of(NotebookCell.code(1, "int x = 1;")));

        assertThatThrownBy(() -> NotebookPipeline.of(notebook))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("cell 1 belongs to no step: tag it step:NAME");
    }

    @Test
    void anIfTagOrStepOptionRunsAStepUnderAConditionAfterTheStepMakingItsVariable() throws Exception {
        Notebook notebook = Notebook.ofCells(
                "coin.ipynb",
                List.of(
                        NotebookCell.code(1, "String coin = \"heads\";", "step:flip"),
                        NotebookCell.code(2, "System.out.println(\"won\");", "step:celebrate", "if:coin==heads"),
                        NotebookCell.code(3, "%%fairing step mourn --if coin!=heads\nSystem.out.println(\"lost\");"),
                        NotebookCell.code(4, "java.util.List<Integer> ns = java.util.List.of(1, 2);", "step:make"),
                        NotebookCell.code(5, "System.out.println(n + 1);", "step:each", "for:n:ns")));

        Pipeline pipeline = NotebookPipeline.of(notebook).build();

        assertThat(pipeline.step("celebrate").condition()).isEqualTo(new StepCondition("coin", "==", "heads"));
        assertThat(pipeline.step("celebrate").after()).containsExactly("flip");
        assertThat(pipeline.step("celebrate").conditionInput().producer()).isEqualTo("flip");
        assertThat(pipeline.step("mourn").condition()).isEqualTo(new StepCondition("coin", "!=", "heads"));
        assertThat(pipeline.step("flip").outputs()).extracting(StepValue::name).containsExactly("coin");
        assertThat(pipeline.step("each").loop()).isEqualTo(new StepLoop("n", "ns"));
        assertThat(pipeline.step("each").after()).containsExactly("make");
        assertThat(pipeline.step("each").inputs())
                .extracting(i -> i.value().name() + ":" + i.value().javaType() + ":"
                        + i.value().passing())
                .containsExactly("n:Integer:INTEGER");
        assertThat(StepLoop.parse("rate in rates")).isEqualTo(new StepLoop("rate", "rates"));
    }

    @Test
    void aConditionComparesNumbersAsNumbersAndTextOnlyForEquality() throws Exception {
        assertThat(StepCondition.parse("n > 2").holds("10")).isTrue();
        assertThat(StepCondition.parse("n >= 2.5").holds("2")).isFalse();
        assertThat(StepCondition.parse("n == 2").holds("2.0")).isTrue();
        assertThat(StepCondition.parse("s == 'a b'").holds("a b")).isTrue();
        assertThat(StepCondition.parse("s != x").holds("x")).isFalse();
        assertThatThrownBy(() -> StepCondition.parse("s < x").holds("y"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("not both numbers");
        assertThatThrownBy(() -> NotebookPipeline.of(
                        Notebook.ofCells("bad.ipynb", List.of(NotebookCell.code(1, "int x = 1;", "step:a", "if:x")))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("cell 1: condition 'x' is not VARIABLE OP VALUE");
    }

    @Test
    void aCollectTagOrStepOptionGivesAStepAfterALoopTheListOfItsValues() throws Exception {
        Notebook notebook = Notebook.ofCells(
                "fan-in.ipynb",
                List.of(
                        NotebookCell.code(1, "import java.util.*;", "imports"),
                        NotebookCell.code(2, "List<Integer> ns = List.of(1, 2, 3);", "step:make"),
                        NotebookCell.code(3, "int sq = n * n;", "step:square", "for:n:ns"),
                        NotebookCell.code(
                                4,
                                "int total = squares.stream().mapToInt(i -> i).sum();",
                                "step:sum",
                                "collect:squares=sq"),
                        NotebookCell.code(5, "%%fairing step show --collect all=sq\nSystem.out.println(all);")));
        Pipeline pipeline = NotebookPipeline.of(notebook).build();

        Step.Input squares = pipeline.step("sum").inputs().get(0);
        assertThat(squares.value().name()).isEqualTo("squares");
        assertThat(squares.value().javaType()).isEqualTo("List<Integer>");
        assertThat(squares.value().passing()).isEqualTo(StepValue.Passing.LIST);
        assertThat(squares.producer()).isEqualTo("square");
        assertThat(squares.producerOutput()).isEqualTo("sq");
        assertThat(pipeline.step("sum").after()).containsExactly("square");
        assertThat(pipeline.step("show").collects()).containsExactly(new StepCollected("all", "sq"));
        assertThat(pipeline.step("square").outputs())
                .extracting(StepValue::name)
                .containsExactly("sq");
        assertThatThrownBy(() -> NotebookPipeline.of(Notebook.ofCells(
                        "bad.ipynb", List.of(NotebookCell.code(7, "int x = 1;", "step:a", "collect:squares")))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("cell 7")
                .hasMessageContaining("LIST=VALUE");
    }
}
