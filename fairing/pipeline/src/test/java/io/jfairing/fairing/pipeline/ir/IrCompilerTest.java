package io.jfairing.fairing.pipeline.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.pipeline.ExamplePipelines;
import io.jfairing.fairing.pipeline.Pipeline;
import io.jfairing.fairing.pipeline.PipelineException;
import io.jfairing.fairing.pipeline.Step;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import ml_pipelines.PipelineSpecOuterClass.PipelineDeploymentConfig;
import ml_pipelines.PipelineSpecOuterClass.PipelineSpec;
import ml_pipelines.PipelineSpecOuterClass.PipelineTaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IrCompilerTest {
    static Map<String, IrCompiler.StepImage> images(Pipeline pipeline) {
        Map<String, IrCompiler.StepImage> images = new LinkedHashMap<>();
        for (Step step : pipeline.steps()) {
            images.put(
                    step.name(),
                    new IrCompiler.StepImage(
                            "registry.example/" + pipeline.name() + "-" + step.name() + ":1",
                            List.of(
                                    "java",
                                    "-cp",
                                    "/app/runner:/app/code/classes",
                                    "Runner",
                                    "/app/code/program.txt")));
        }
        return images;
    }

    static String official(String name) throws IOException {
        try (InputStream in = IrCompilerTest.class.getResourceAsStream("/kfp/ir/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void irOfANotebookPipelineParsesBackAsThePipelineSpecItWasMadeFrom() throws Exception {
        Pipeline pipeline = ExamplePipelines.diamond(null).build();
        PipelineSpec spec = IrCompiler.compile(pipeline, images(pipeline));

        String yaml = PipelineYaml.write(spec);
        PipelineSpec parsed = PipelineYaml.read(yaml);

        assertThat(parsed).isEqualTo(spec);
        assertThat(parsed.getComponentsMap())
                .containsOnlyKeys("comp-load", "comp-split", "comp-train-a", "comp-train-b", "comp-evaluate");
        PipelineDeploymentConfig deployment = PipelineYaml.deploymentConfig(parsed.getDeploymentSpec());
        assertThat(deployment
                        .getExecutorsMap()
                        .get("exec-evaluate")
                        .getContainer()
                        .getArgsList())
                .containsSubsequence("--step-input", "scoreA={{$.inputs.parameters['scoreA']}}")
                .containsSubsequence("--step-output", "bestModel={{$.outputs.artifacts['bestModel'].path}}");
        assertThat(deployment
                        .getExecutorsMap()
                        .get("exec-train-a")
                        .getContainer()
                        .getArgsList())
                .containsSubsequence("--step-input-path", "split={{$.inputs.artifacts['split'].path}}");
        PipelineTaskSpec evaluate = parsed.getRoot().getDag().getTasksMap().get("evaluate");
        assertThat(evaluate.getDependentTasksList()).containsExactly("train-a", "train-b");
        assertThat(evaluate.getInputs()
                        .getParametersMap()
                        .get("scoreB")
                        .getTaskOutputParameter()
                        .getProducerTask())
                .isEqualTo("train-b");
        assertThat(parsed.getComponentsMap()
                        .get("comp-evaluate")
                        .getOutputDefinitions()
                        .getArtifactsMap()
                        .get("bestModel")
                        .getArtifactType()
                        .getSchemaTitle())
                .isEqualTo("system.Model");
        assertThat(parsed.getRoot()
                        .getInputDefinitions()
                        .getParametersMap()
                        .get("rate")
                        .getDefaultValue()
                        .getNumberValue())
                .isEqualTo(0.5);
        assertThat(yaml).startsWith("# PIPELINE DEFINITION\n# Name: diamond\n");
    }

    @Test
    void resourcesAndRetriesGoWhereKfpReadsThem() throws Exception {
        Pipeline pipeline = Pipeline.builder("gpu")
                .step(Step.builder("train")
                        .code("int epochs = 1;")
                        .resources(io.jfairing.fairing.pipeline.StepResources.parse("cpu=2,memory=4Gi,gpu=1"))
                        .retries(3))
                .build();
        PipelineSpec spec = PipelineYaml.read(PipelineYaml.write(IrCompiler.compile(pipeline, images(pipeline))));

        var resources = PipelineYaml.deploymentConfig(spec.getDeploymentSpec())
                .getExecutorsMap()
                .get("exec-train")
                .getContainer()
                .getResources();
        assertThat(resources.getResourceCpuLimit()).isEqualTo("2");
        assertThat(resources.getResourceMemoryLimit()).isEqualTo("4Gi");
        assertThat(resources.getAccelerator().getResourceType()).isEqualTo("nvidia.com/gpu");
        assertThat(resources.getAccelerator().getResourceCount()).isEqualTo("1");
        assertThat(spec.getRoot()
                        .getDag()
                        .getTasksMap()
                        .get("train")
                        .getRetryPolicy()
                        .getMaxRetryCount())
                .isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "artifacts_simple",
                "container_io",
                "parallel_for_after_dependency",
                "pipeline_with_after",
                "pipeline_with_condition",
                "pipeline_with_loops",
                "two_step_pipeline_containerized"
            })
    void theOfficialSdksIrParsesWithTheGeneratedClasses(String name) throws Exception {
        PipelineSpec spec = PipelineYaml.read(official(name));

        assertThat(spec.getPipelineInfo().getName()).isNotBlank();
        assertThat(spec.getRoot().getDag().getTasksCount()).isPositive();
        assertThat(PipelineYaml.deploymentConfig(spec.getDeploymentSpec()).getExecutorsCount())
                .isPositive();
    }

    @Test
    void aFieldThePipelineSpecDoesNotHaveIsRefused() throws Exception {
        String yaml = official("two_step_pipeline_containerized")
                .replace(
                        "    executorLabel: exec-component1\n",
                        "    executorLabel: exec-component1\n    executorLable: typo\n");

        assertThatThrownBy(() -> PipelineYaml.read(yaml))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("executorLable");
    }

    @Test
    void aMisspeltExecutorFieldIsRefusedToo() throws Exception {
        String yaml = official("two_step_pipeline_containerized")
                .replace("        image: alpine\n", "        imag: alpine\n");

        assertThatThrownBy(() -> PipelineYaml.read(yaml))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("imag");
    }

    @Test
    void twoStepsPassingAParameterThenAnArtifactHaveTheOfficialShape() throws Exception {
        Pipeline pipeline = Pipeline.builder("containerized-two-step-pipeline")
                .imports("import java.nio.file.*;")
                .parameters("String text = \"Hello KFP Containerized!\";")
                .step(Step.builder("component1")
                        .code("Path gcs = Files.writeString(Files.createTempFile(\"o\", \".txt\"), text);"))
                .step(Step.builder("component2").code("System.out.println(Files.readString(gcs));"))
                .build();

        assertThat(shape(IrCompiler.compile(pipeline, images(pipeline))))
                .isEqualTo(shape(PipelineYaml.read(official("two_step_pipeline_containerized"))));
    }

    @Test
    void stepsRunAfterOthersHaveTheOfficialShape() throws Exception {
        Pipeline pipeline = Pipeline.builder("pipeline-with-after")
                .step(Step.builder("print-text").code("System.out.println(\"1st task\");"))
                .step(Step.builder("print-text-2")
                        .code("System.out.println(\"2nd task\");")
                        .after("print-text"))
                .step(Step.builder("print-text-3")
                        .code("System.out.println(\"3rd task\");")
                        .after("print-text", "print-text-2"))
                .build();

        Map<String, String> ours = shape(IrCompiler.compile(pipeline, images(pipeline)));
        Map<String, String> theirs = shape(PipelineYaml.read(official("pipeline_with_after")));
        // the SDK passes each task's text as a constant (runtimeValue); a notebook step has its text in its code
        theirs.replaceAll((task, s) -> s.replaceAll(" inputs=\\[[^]]*]", " inputs=[]"));
        assertThat(ours).isEqualTo(theirs);
    }

    /** The official {@code pipeline_with_condition}: flip a coin, print it, and under {@code coin == 'heads'} flip again. */
    static Pipeline.Builder singleCondition() throws PipelineException {
        return Pipeline.builder("single-condition-pipeline")
                .parameters("String text = \"condition test\";")
                .step(Step.builder("flip-coin-op")
                        .code("String coin = new java.util.Random().nextBoolean() ? \"heads\" : \"tails\";"))
                .step(Step.builder("print-op").code("System.out.println(coin);"))
                .step(Step.builder("flip-coin-op-2")
                        .code("String coin2 = new java.util.Random().nextBoolean() ? \"heads\" : \"tails\";")
                        .when("coin == heads"))
                .step(Step.builder("print-op-2")
                        .code("System.out.println(coin2);")
                        .when("coin == heads"))
                .step(Step.builder("print-op-3")
                        .code("System.out.println(text);")
                        .when("coin == 'heads'"));
    }

    @Test
    void stepsUnderAConditionHaveTheOfficialShape() throws Exception {
        Pipeline pipeline = singleCondition().build();
        PipelineSpec ours = PipelineYaml.read(PipelineYaml.write(IrCompiler.compile(pipeline, images(pipeline))));
        PipelineSpec theirs = PipelineYaml.read(official("pipeline_with_condition"));

        // the SDK's flip-coin-op turns caching off (set_caching_options(False)); a notebook step caches
        assertThat(nestedShape(ours)).isEqualTo(nestedShape(theirs));
        assertThat(nestedShape(theirs))
                .containsEntry(
                        "condition-1",
                        "dag after=[flip-coin-op] inputs=[parameter-from:flip-coin-op, pipeline-parameter:STRING]"
                                + " if inputs.parameter_values[parameter-from:flip-coin-op] == 'heads'")
                .containsEntry(
                        "condition-1/print-op-2",
                        "container after=[flip-coin-op-2] inputs=[parameter-from:flip-coin-op-2]")
                .containsEntry("condition-1/print-op-3", "container after=[] inputs=[pipeline-parameter:STRING]");
        PipelineTaskSpec condition = ours.getRoot().getDag().getTasksMap().get("condition-1");
        assertThat(condition.getTriggerPolicy().getCondition())
                .isEqualTo("inputs.parameter_values['pipelinechannel--flip-coin-op-coin'] == 'heads'");
        assertThat(ours.getComponentsMap()
                        .get("comp-condition-1")
                        .getInputDefinitions()
                        .getParametersMap())
                .containsOnlyKeys("pipelinechannel--flip-coin-op-coin", "pipelinechannel--text");
        assertThat(ours.getComponentsMap()
                        .get("comp-condition-1")
                        .getDag()
                        .getTasksMap()
                        .get("print-op-3")
                        .getInputs()
                        .getParametersMap()
                        .get("text")
                        .getComponentInputParameter())
                .isEqualTo("pipelinechannel--text");
    }

    @Test
    void stepsRunForEachElementOfAListHaveTheOfficialLoopShape() throws Exception {
        Pipeline pipeline = Pipeline.builder("pipeline-with-loops")
                .imports("import java.util.*;")
                .parameters("List<String> loop_parameter = List.of(\"a\", \"b\");")
                .step(Step.builder("print-text")
                        .code("System.out.println(msg);")
                        .forEach("msg", "loop_parameter"))
                .step(Step.builder("args-generator-op")
                        .code("List<Map<String, String>> args = List.of(Map.of(\"A_a\", \"1\", \"B_b\", \"2\"));"))
                .step(Step.builder("print-struct")
                        .code("System.out.println(struct);")
                        .forEach("struct", "args"))
                .build();
        PipelineSpec ours = PipelineYaml.read(PipelineYaml.write(IrCompiler.compile(pipeline, images(pipeline))));
        Map<String, String> theirs = nestedShape(PipelineYaml.read(official("pipeline_with_loops")));
        Map<String, String> shape = nestedShape(ours);

        for (String task : List.of("for-loop-1", "for-loop-1/print-text", "for-loop-2", "for-loop-2/print-struct")) {
            assertThat(shape.get(task)).as(task).isNotNull().isEqualTo(theirs.get(task));
        }
        assertThat(theirs.get("for-loop-2/print-struct"))
                .isEqualTo("container after=[] inputs=[element-of:parameter-from:args-generator-op]");
        var loop = ours.getRoot().getDag().getTasksMap().get("for-loop-2");
        assertThat(loop.getParameterIterator().getItemInput())
                .isEqualTo("pipelinechannel--args-generator-op-args-loop-item");
        assertThat(loop.getParameterIterator().getItems().getInputParameter())
                .isEqualTo("pipelinechannel--args-generator-op-args");
        assertThat(ours.getComponentsMap()
                        .get("comp-for-loop-2")
                        .getInputDefinitions()
                        .getParametersMap()
                        .get("pipelinechannel--args-generator-op-args-loop-item")
                        .getParameterType()
                        .name())
                .isEqualTo("STRUCT");
    }

    /**
     * The official {@code collected_parameters}' inner pipeline: split ids, prepend to each in a loop, and consume the
     * collected values after the loop ({@code dsl.Collected(prepend_id_op.output)}).
     */
    static Pipeline.Builder collectedParameters() {
        return Pipeline.builder("collecting-parameters")
                .imports("import java.util.*;")
                .parameters("String model_ids = \"\";")
                .step(Step.builder("split-ids").code("List<String> ids = Arrays.asList(model_ids.split(\",\"));"))
                .step(Step.builder("prepend-id")
                        .code("String Output = \"model_id_\" + content;")
                        .forEach("content", "ids"))
                .step(Step.builder("consume-ids")
                        .code("for (String id : ids2) System.out.println(\"Consuming: \" + id);")
                        .collect("ids2", "Output"));
    }

    @Test
    void valuesOfALoopCollectedAfterItHaveTheSdksCollectedShape() throws Exception {
        Pipeline pipeline = collectedParameters().build();
        PipelineSpec ours = PipelineYaml.read(PipelineYaml.write(IrCompiler.compile(pipeline, images(pipeline))));
        // written down from test_data/sdk_compiled_pipelines/valid/critical/collected_parameters.yaml
        // (kubeflow/pipelines
        // at 7b70c7b, kfp-2.14.2), component comp-collecting-parameters: the loop's DAG outputs the value of its
        // task as a LIST, and consume-ids reads it from the loop's task
        PipelineSpec theirs = PipelineYaml.read("""
                components:
                  comp-consume-ids:
                    executorLabel: exec-consume-ids
                    inputDefinitions:
                      parameters:
                        ids:
                          parameterType: LIST
                  comp-for-loop-1:
                    dag:
                      outputs:
                        parameters:
                          pipelinechannel--prepend-id-Output:
                            valueFromParameter:
                              outputParameterKey: Output
                              producerSubtask: prepend-id
                    outputDefinitions:
                      parameters:
                        pipelinechannel--prepend-id-Output:
                          parameterType: LIST
                root:
                  dag:
                    tasks:
                      consume-ids:
                        componentRef:
                          name: comp-consume-ids
                        dependentTasks:
                        - for-loop-1
                        inputs:
                          parameters:
                            ids:
                              taskOutputParameter:
                                outputParameterKey: pipelinechannel--prepend-id-Output
                                producerTask: for-loop-1
                        taskInfo:
                          name: consume-ids
                """);
        var loop = ours.getComponentsOrThrow("comp-for-loop-1");
        var theirLoop = theirs.getComponentsOrThrow("comp-for-loop-1");
        assertThat(loop.getDag().getOutputs()).isEqualTo(theirLoop.getDag().getOutputs());
        assertThat(loop.getOutputDefinitions()).isEqualTo(theirLoop.getOutputDefinitions());

        var consume = ours.getRoot().getDag().getTasksOrThrow("consume-ids");
        var theirConsume = theirs.getRoot().getDag().getTasksOrThrow("consume-ids");
        assertThat(consume.getDependentTasksList()).isEqualTo(theirConsume.getDependentTasksList());
        // the SDK names the input after the function's argument (ids), the notebook after its variable (ids2)
        assertThat(consume.getInputs().getParametersOrThrow("ids2"))
                .isEqualTo(theirConsume.getInputs().getParametersOrThrow("ids"));
        assertThat(ours.getComponentsOrThrow("comp-consume-ids")
                        .getInputDefinitions()
                        .getParametersOrThrow("ids2"))
                .isEqualTo(theirs.getComponentsOrThrow("comp-consume-ids")
                        .getInputDefinitions()
                        .getParametersOrThrow("ids"));
        assertThat(ours.getComponentsOrThrow("comp-prepend-id")
                        .getOutputDefinitions()
                        .getParametersOrThrow("Output")
                        .getParameterType()
                        .name())
                .isEqualTo("STRING");
        assertThat(PipelineYaml.deploymentConfig(ours.getDeploymentSpec())
                        .getExecutorsOrThrow("exec-consume-ids")
                        .getContainer()
                        .getArgsList())
                .containsSubsequence("--step-input", "ids2={{$.inputs.parameters['ids2']}}");
        assertThat(nestedShape(ours))
                .containsEntry("consume-ids", "container after=[for-loop-1] inputs=[parameter-from:for-loop-1]");
    }

    @Test
    void collectingIsRefusedWhereItCannotWorkWithTheReason() {
        assertThatThrownBy(() -> Pipeline.builder("once")
                        .step(Step.builder("a").code("int x = 1;"))
                        .step(Step.builder("b").code("System.out.println(xs);").collect("xs", "x"))
                        .build())
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("step a that makes it runs once");
        assertThatThrownBy(() -> Pipeline.builder("files")
                        .imports("import java.util.*;\nimport java.nio.file.*;")
                        .step(Step.builder("a").code("List<Integer> ns = List.of(1, 2);"))
                        .step(Step.builder("b")
                                .code("Path p = Path.of(\"f\" + n);")
                                .forEach("n", "ns"))
                        .step(Step.builder("c").code("System.out.println(ps);").collect("ps", "p"))
                        .build())
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("passed as a file")
                .hasMessageContaining("pvc:CLAIM:/PATH");
        assertThatThrownBy(() -> Pipeline.builder("looped")
                        .imports("import java.util.*;")
                        .step(Step.builder("a").code("List<Integer> ns = List.of(1, 2);"))
                        .step(Step.builder("b").code("int sq = n * n;").forEach("n", "ns"))
                        .step(Step.builder("c")
                                .code("System.out.println(sqs);")
                                .collect("sqs", "sq")
                                .forEach("m", "ns"))
                        .build())
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("runs once, after the loop");
        assertThatThrownBy(() -> Step.builder("d").collect("sq", "sq"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("collect:sqs=sq");
    }

    @Test
    void aLoopOverAnythingButAListOrAValueReadFromALoopIsRefused() {
        assertThatThrownBy(() -> Pipeline.builder("not-a-list")
                        .step(Step.builder("a").code("String s = \"x\";"))
                        .step(Step.builder("b").code("System.out.println(c);").forEach("c", "s"))
                        .build())
                .isInstanceOf(PipelineException.class);
        assertThatThrownBy(() -> Pipeline.builder("read-loop")
                        .imports("import java.util.*;")
                        .step(Step.builder("a").code("List<Integer> ns = List.of(1, 2);"))
                        .step(Step.builder("b").code("int sq = n * n;").forEach("n", "ns"))
                        .step(Step.builder("c").code("System.out.println(sq);"))
                        .build())
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("step c reads sq from step b, which runs for n in ns")
                .hasMessageContaining("collect:sqs=sq");
    }

    @Test
    void aConditionOnANumberComparesItAsTheSdkDoes() throws Exception {
        Pipeline pipeline = Pipeline.builder("numbers")
                .parameters("int threshold = 2;")
                .step(Step.builder("count").code("int n = 3;"))
                .step(Step.builder("big").code("System.out.println(n);").when("n > 2"))
                .step(Step.builder("small")
                        .code("System.out.println(threshold);")
                        .when("threshold <= 2"))
                .build();
        PipelineSpec spec = IrCompiler.compile(pipeline, images(pipeline));

        var tasks = spec.getRoot().getDag().getTasksMap();
        assertThat(tasks).containsOnlyKeys("count", "condition-1", "condition-2");
        assertThat(tasks.get("condition-1").getTriggerPolicy().getCondition())
                .isEqualTo("int(inputs.parameter_values['pipelinechannel--count-n']) > 2");
        assertThat(tasks.get("condition-1").getDependentTasksList()).containsExactly("count");
        assertThat(tasks.get("condition-2").getTriggerPolicy().getCondition())
                .isEqualTo("int(inputs.parameter_values['pipelinechannel--threshold']) <= 2");
        assertThat(tasks.get("condition-2").getDependentTasksList()).isEmpty();
        assertThat(tasks.get("condition-2")
                        .getInputs()
                        .getParametersMap()
                        .get("pipelinechannel--threshold")
                        .getComponentInputParameter())
                .isEqualTo("threshold");
    }

    @Test
    void aStepAfterAConditionalStepRunsAfterItsConditionTask() throws Exception {
        Pipeline pipeline = Pipeline.builder("after-condition")
                .step(Step.builder("flip").code("String coin = \"heads\";"))
                .step(Step.builder("celebrate").code("System.out.println(1);").when("coin==heads"))
                .step(Step.builder("done").code("System.out.println(2);").after("celebrate"))
                .build();
        PipelineSpec spec = IrCompiler.compile(pipeline, images(pipeline));

        assertThat(spec.getRoot().getDag().getTasksMap().get("done").getDependentTasksList())
                .containsExactly("condition-1");
    }

    @Test
    void aValueMadeUnderAConditionCannotBeReadOutsideIt() {
        assertThatThrownBy(() -> Pipeline.builder("leak")
                        .step(Step.builder("flip").code("String coin = \"heads\";"))
                        .step(Step.builder("win").code("int prize = 1;").when("coin == heads"))
                        .step(Step.builder("spend").code("System.out.println(prize);"))
                        .build())
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("step spend reads prize from step win, which runs only if coin == heads")
                .hasMessageContaining("if:coin==heads");
    }

    @Test
    void aConditionOnAnUnknownVariableOrAFileIsRefused() {
        assertThatThrownBy(() -> Pipeline.builder("unknown")
                        .step(Step.builder("a").code("int x = 1;").when("y == 1"))
                        .build())
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("no step before it and no pipeline parameter declares y");
        assertThatThrownBy(() -> Pipeline.builder("file")
                        .imports("import java.nio.file.*;")
                        .step(Step.builder("a").code("Path p = Path.of(\"x\");"))
                        .step(Step.builder("b").code("int x = 1;").when("p == x"))
                        .build())
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("passed as a file");
        assertThatThrownBy(() -> Step.builder("c").when("x ~ 1"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("VARIABLE OP VALUE");
    }

    /**
     * The shape of every DAG, nested ones too: each task's component kind (a DAG or a container), the tasks it runs
     * after in its DAG, where each input comes from (through a condition's {@code pipelinechannel--} input back to
     * its source outside), and its trigger condition with the channel's name replaced by its source. Value names and
     * caching are left out.
     */
    static Map<String, String> nestedShape(PipelineSpec spec) {
        Map<String, String> shape = new TreeMap<>();
        Map<String, String> rootSources = new TreeMap<>();
        spec.getRoot()
                .getInputDefinitions()
                .getParametersMap()
                .forEach((name, p) -> rootSources.put(name, "pipeline-parameter:" + p.getParameterType()));
        dagShape(spec, spec.getRoot().getDag(), "", rootSources, shape);
        shape.put("(pipeline)", spec.getPipelineInfo().getName() + " schema " + spec.getSchemaVersion());
        return shape;
    }

    private static void dagShape(
            PipelineSpec spec,
            ml_pipelines.PipelineSpecOuterClass.DagSpec dag,
            String prefix,
            Map<String, String> sources,
            Map<String, String> shape) {
        dag.getTasksMap().forEach((name, task) -> {
            var component = spec.getComponentsMap().get(task.getComponentRef().getName());
            Map<String, String> bound = new TreeMap<>();
            task.getInputs()
                    .getParametersMap()
                    .forEach((key, p) -> bound.put(
                            key,
                            switch (p.getKindCase()) {
                                case COMPONENT_INPUT_PARAMETER -> sources.get(p.getComponentInputParameter());
                                case TASK_OUTPUT_PARAMETER ->
                                    "parameter-from:"
                                            + p.getTaskOutputParameter().getProducerTask();
                                default -> "constant";
                            }));
            task.getInputs()
                    .getArtifactsMap()
                    .forEach((key, a) -> bound.put(
                            key,
                            a.hasTaskOutputArtifact()
                                    ? "artifact-from:"
                                            + a.getTaskOutputArtifact().getProducerTask()
                                    : sources.get(a.getComponentInputArtifact())));
            if (task.hasParameterIterator()) {
                var iterator = task.getParameterIterator();
                bound.put(
                        iterator.getItemInput(),
                        "element-of:" + bound.get(iterator.getItems().getInputParameter()));
            }
            String condition = task.getTriggerPolicy().getCondition();
            for (var e : bound.entrySet()) {
                condition = condition.replace("'" + e.getKey() + "'", e.getValue());
            }
            shape.put(
                    prefix + name,
                    (component.hasDag() ? "dag" : "container") + " after="
                            + new TreeSet<>(task.getDependentTasksList()) + " inputs=" + new TreeSet<>(bound.values())
                            + (condition.isEmpty() ? "" : " if " + condition)
                            + (task.hasParameterIterator()
                                    ? " for-each "
                                            + bound.get(
                                                    task.getParameterIterator().getItemInput())
                                    : ""));
            if (component.hasDag()) {
                dagShape(spec, component.getDag(), prefix + name + "/", bound, shape);
            }
        });
    }

    /**
     * What the comparison keeps of an IR, with value names left out (the SDK names a component's input and output
     * apart; a notebook has one variable): each task's component, the tasks it runs after, and where each of its
     * inputs comes from (pipeline parameter, a task's output parameter or artifact, a constant), with the type.
     */
    static Map<String, String> shape(PipelineSpec spec) throws Exception {
        Map<String, String> shape = new TreeMap<>();
        var executors = PipelineYaml.deploymentConfig(spec.getDeploymentSpec()).getExecutorsMap();
        spec.getRoot().getDag().getTasksMap().forEach((name, task) -> {
            var component = spec.getComponentsMap().get(task.getComponentRef().getName());
            TreeSet<String> inputs = new TreeSet<>();
            task.getInputs()
                    .getParametersMap()
                    .forEach((key, p) -> inputs.add(
                            switch (p.getKindCase()) {
                                case COMPONENT_INPUT_PARAMETER ->
                                    "pipeline-parameter:"
                                            + spec.getRoot()
                                                    .getInputDefinitions()
                                                    .getParametersMap()
                                                    .get(p.getComponentInputParameter())
                                                    .getParameterType();
                                case TASK_OUTPUT_PARAMETER ->
                                    "parameter-from:"
                                            + p.getTaskOutputParameter().getProducerTask();
                                default -> "constant";
                            }));
            task.getInputs()
                    .getArtifactsMap()
                    .forEach((key, a) -> inputs.add("artifact-from:"
                            + a.getTaskOutputArtifact().getProducerTask() + ":"
                            + component
                                    .getInputDefinitions()
                                    .getArtifactsMap()
                                    .get(key)
                                    .getArtifactType()
                                    .getSchemaTitle()));
            TreeSet<String> outputs = new TreeSet<>();
            component
                    .getOutputDefinitions()
                    .getArtifactsMap()
                    .values()
                    .forEach(a -> outputs.add(a.getArtifactType().getSchemaTitle()));
            component
                    .getOutputDefinitions()
                    .getParametersMap()
                    .values()
                    .forEach(p -> outputs.add(p.getParameterType().name()));
            boolean container = executors.get(component.getExecutorLabel()).hasContainer();
            shape.put(
                    name,
                    "after=" + new TreeSet<>(task.getDependentTasksList()) + " inputs=" + inputs + " outputs=" + outputs
                            + " container=" + container + " cache="
                            + task.getCachingOptions().getEnableCache());
        });
        shape.put("(pipeline)", spec.getPipelineInfo().getName() + " schema " + spec.getSchemaVersion());
        return shape;
    }
}
