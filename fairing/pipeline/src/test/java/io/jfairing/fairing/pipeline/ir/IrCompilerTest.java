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
