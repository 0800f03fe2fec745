package io.jfairing.fairing.pipeline.ir;

import com.google.protobuf.Value;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jfairing.fairing.pipeline.Pipeline;
import io.jfairing.fairing.pipeline.PipelineParameter;
import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.StepResources;
import io.jfairing.fairing.pipeline.StepValue;
import io.jfairing.runtime.runner.StepData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ml_pipelines.PipelineSpecOuterClass.ArtifactTypeSchema;
import ml_pipelines.PipelineSpecOuterClass.ComponentInputsSpec;
import ml_pipelines.PipelineSpecOuterClass.ComponentOutputsSpec;
import ml_pipelines.PipelineSpecOuterClass.ComponentRef;
import ml_pipelines.PipelineSpecOuterClass.ComponentSpec;
import ml_pipelines.PipelineSpecOuterClass.DagOutputsSpec;
import ml_pipelines.PipelineSpecOuterClass.DagSpec;
import ml_pipelines.PipelineSpecOuterClass.ParameterType.ParameterTypeEnum;
import ml_pipelines.PipelineSpecOuterClass.PipelineDeploymentConfig;
import ml_pipelines.PipelineSpecOuterClass.PipelineDeploymentConfig.PipelineContainerSpec;
import ml_pipelines.PipelineSpecOuterClass.PipelineInfo;
import ml_pipelines.PipelineSpecOuterClass.PipelineSpec;
import ml_pipelines.PipelineSpecOuterClass.PipelineTaskInfo;
import ml_pipelines.PipelineSpecOuterClass.PipelineTaskSpec;
import ml_pipelines.PipelineSpecOuterClass.TaskInputsSpec;

/**
 * Compiles a {@link Pipeline} to KFP v2 IR as the official SDK lays it out: a component {@code comp-STEP} and executor
 * {@code exec-STEP} per step, a root DAG with a task per step ({@code dependentTasks}, inputs from the pipeline's
 * parameters or from the producing task's outputs, caching on, retries), the pipeline's parameters with their
 * defaults as root inputs. Each executor runs the step's image with the runner's command and binds every input and
 * output with {@link StepData}'s arguments and KFP placeholders.
 */
public final class IrCompiler {
    /** The IR schema version written, as the KFP SDK 2.x writes it. */
    public static final String SCHEMA_VERSION = "2.1.0";

    public static final String SDK_VERSION = "jfairing-0.1.0";

    private IrCompiler() {}

    /** What runs a step: its image and the command that starts the runner in it. */
    public record StepImage(String image, List<String> command) {
        public StepImage {
            command = List.copyOf(command);
        }
    }

    public static PipelineSpec compile(Pipeline pipeline, Map<String, StepImage> images) {
        PipelineSpec.Builder spec = PipelineSpec.newBuilder()
                .setPipelineInfo(PipelineInfo.newBuilder().setName(pipeline.name()))
                .setSchemaVersion(SCHEMA_VERSION)
                .setSdkVersion(SDK_VERSION);
        PipelineDeploymentConfig.Builder deployment = PipelineDeploymentConfig.newBuilder();
        DagSpec.Builder dag = DagSpec.newBuilder();
        TaskGroups groups = new TaskGroups(pipeline.steps());
        for (Step step : pipeline.steps()) {
            StepImage image = images.get(step.name());
            if (image == null) {
                throw new IllegalArgumentException("no image for step " + step.name());
            }
            spec.putComponents("comp-" + step.name(), component(step));
            deployment.putExecutors("exec-" + step.name(), executor(step, image));
            if (step.condition() == null && step.loop() == null) {
                dag.putTasks(step.name(), task(step, groups, null));
            }
        }
        for (TaskGroups.Group group : groups.groups()) {
            DagSpec.Builder inner = DagSpec.newBuilder();
            for (Step step : group.steps()) {
                inner.putTasks(step.name(), task(step, groups, group));
            }
            spec.putComponents("comp-" + group.name(), groupComponent(group, inner));
            dag.putTasks(group.name(), groupTask(group, groups));
        }
        ComponentInputsSpec.Builder rootInputs = ComponentInputsSpec.newBuilder();
        for (PipelineParameter parameter : pipeline.parameters()) {
            ComponentInputsSpec.ParameterSpec.Builder p =
                    ComponentInputsSpec.ParameterSpec.newBuilder().setParameterType(parameterType(parameter.value()));
            Value value = defaultValue(parameter);
            if (value != null) {
                p.setDefaultValue(value);
            } else {
                p.setIsOptional(false);
            }
            rootInputs.putParameters(parameter.name(), p.build());
        }
        ComponentSpec.Builder root = ComponentSpec.newBuilder().setDag(dag);
        if (!pipeline.parameters().isEmpty()) {
            root.setInputDefinitions(rootInputs);
        }
        return spec.setDeploymentSpec(PipelineYaml.struct(deployment.build()))
                .setRoot(root)
                .build();
    }

    private static ComponentSpec component(Step step) {
        ComponentInputsSpec.Builder inputs = ComponentInputsSpec.newBuilder();
        for (Step.Input input : step.inputs()) {
            StepValue v = input.value();
            if (v.passing().isArtifact() && !input.fromParameter()) {
                inputs.putArtifacts(
                        v.name(),
                        ComponentInputsSpec.ArtifactSpec.newBuilder()
                                .setArtifactType(artifactType(v))
                                .build());
            } else {
                inputs.putParameters(
                        v.name(),
                        ComponentInputsSpec.ParameterSpec.newBuilder()
                                .setParameterType(parameterType(v))
                                .build());
            }
        }
        ComponentOutputsSpec.Builder outputs = ComponentOutputsSpec.newBuilder();
        for (StepValue v : step.outputs()) {
            if (v.passing().isArtifact()) {
                outputs.putArtifacts(
                        v.name(),
                        ComponentOutputsSpec.ArtifactSpec.newBuilder()
                                .setArtifactType(artifactType(v))
                                .build());
            } else {
                outputs.putParameters(
                        v.name(),
                        ComponentOutputsSpec.ParameterSpec.newBuilder()
                                .setParameterType(parameterType(v))
                                .build());
            }
        }
        ComponentSpec.Builder component = ComponentSpec.newBuilder().setExecutorLabel("exec-" + step.name());
        if (!step.inputs().isEmpty()) {
            component.setInputDefinitions(inputs);
        }
        if (!step.outputs().isEmpty()) {
            component.setOutputDefinitions(outputs);
        }
        return component.build();
    }

    private static PipelineDeploymentConfig.ExecutorSpec executor(Step step, StepImage image) {
        List<String> args = new ArrayList<>();
        for (Step.Input input : step.inputs()) {
            StepValue v = input.value();
            if (v.passing().isArtifact() && !input.fromParameter()) {
                args.add(StepData.INPUT_PATH_ARG);
                args.add(v.name() + "={{$.inputs.artifacts['" + v.name() + "'].path}}");
            } else {
                args.add(v.passing().isArtifact() ? StepData.INPUT_PATH_ARG : StepData.INPUT_ARG);
                args.add(v.name() + "={{$.inputs.parameters['" + v.name() + "']}}");
            }
        }
        for (StepValue v : step.outputs()) {
            args.add(StepData.OUTPUT_ARG);
            args.add(v.name()
                    + (v.passing().isArtifact()
                            ? "={{$.outputs.artifacts['" + v.name() + "'].path}}"
                            : "={{$.outputs.parameters['" + v.name() + "'].output_file}}"));
        }
        PipelineContainerSpec.Builder container = PipelineContainerSpec.newBuilder()
                .setImage(image.image())
                .addAllCommand(image.command())
                .addAllArgs(args);
        if (!step.resources().isNone()) {
            container.setResources(resources(step.resources()));
        }
        return PipelineDeploymentConfig.ExecutorSpec.newBuilder()
                .setContainer(container)
                .build();
    }

    /**
     * The container's resources as the SDK writes them ({@code set_cpu_limit}, {@code set_accelerator_type}, ...): the
     * quantities as given in the {@code resource*} fields, and the deprecated numeric fields beside them (CPUs in
     * cores, memory in GB) for older KFP backends.
     */
    @SuppressWarnings("deprecation") // the SDK writes them, for KFP backends before resource_* fields
    private static PipelineContainerSpec.ResourceSpec resources(StepResources resources) {
        PipelineContainerSpec.ResourceSpec.Builder r = PipelineContainerSpec.ResourceSpec.newBuilder();
        if (resources.cpu() != null) {
            r.setResourceCpuLimit(resources.cpu()).setCpuLimit(amount(resources.cpu()));
        }
        if (resources.memory() != null) {
            r.setResourceMemoryLimit(resources.memory()).setMemoryLimit(amount(resources.memory()) / 1e9);
        }
        if (resources.cpuRequest() != null) {
            r.setResourceCpuRequest(resources.cpuRequest()).setCpuRequest(amount(resources.cpuRequest()));
        }
        if (resources.memoryRequest() != null) {
            r.setResourceMemoryRequest(resources.memoryRequest())
                    .setMemoryRequest(amount(resources.memoryRequest()) / 1e9);
        }
        if (resources.acceleratorCount() > 0) {
            // pipeline_task.py set_accelerator_type: a type without a count asks for one
            String type = resources.accelerator() != null ? resources.accelerator() : StepResources.DEFAULT_ACCELERATOR;
            r.setAccelerator(PipelineContainerSpec.ResourceSpec.AcceleratorConfig.newBuilder()
                    .setResourceType(type)
                    .setResourceCount(Integer.toString(resources.acceleratorCount()))
                    .setType(type)
                    .setCount(resources.acceleratorCount()));
        }
        return r.build();
    }

    private static double amount(String quantity) {
        return Quantity.getAmountInBytes(Quantity.parse(quantity)).doubleValue();
    }

    /**
     * The task of a step in the root DAG ({@code group} null) or in its condition's DAG, where a value from outside
     * the group comes in as the group's {@code pipelinechannel--} input, as the SDK passes it.
     */
    private static PipelineTaskSpec task(Step step, TaskGroups groups, TaskGroups.Group group) {
        TaskInputsSpec.Builder inputs = TaskInputsSpec.newBuilder();
        for (Step.Input input : step.inputs()) {
            StepValue v = input.value();
            if (input.isCollected()) {
                // the loop's task outputs the list (dsl.Collected): collected_parameters.yaml in the SDK's test data
                inputs.putParameters(
                        v.name(),
                        TaskInputsSpec.InputParameterSpec.newBuilder()
                                .setTaskOutputParameter(
                                        TaskInputsSpec.InputParameterSpec.TaskOutputParameterSpec.newBuilder()
                                                .setProducerTask(groups.groupOf(input.producer())
                                                        .name())
                                                .setOutputParameterKey(TaskGroups.channel(input)))
                                .build());
            } else if (group != null && !group.contains(input.producer())) {
                if (v.passing().isArtifact() && !input.fromParameter()) {
                    inputs.putArtifacts(
                            v.name(),
                            TaskInputsSpec.InputArtifactSpec.newBuilder()
                                    .setComponentInputArtifact(group.channelOf(input))
                                    .build());
                } else {
                    inputs.putParameters(
                            v.name(),
                            TaskInputsSpec.InputParameterSpec.newBuilder()
                                    .setComponentInputParameter(group.channelOf(input))
                                    .build());
                }
            } else if (input.fromParameter()) {
                inputs.putParameters(
                        v.name(),
                        TaskInputsSpec.InputParameterSpec.newBuilder()
                                .setComponentInputParameter(v.name())
                                .build());
            } else if (v.passing().isArtifact()) {
                inputs.putArtifacts(
                        v.name(),
                        TaskInputsSpec.InputArtifactSpec.newBuilder()
                                .setTaskOutputArtifact(
                                        TaskInputsSpec.InputArtifactSpec.TaskOutputArtifactSpec.newBuilder()
                                                .setProducerTask(input.producer())
                                                .setOutputArtifactKey(v.name()))
                                .build());
            } else {
                inputs.putParameters(
                        v.name(),
                        TaskInputsSpec.InputParameterSpec.newBuilder()
                                .setTaskOutputParameter(
                                        TaskInputsSpec.InputParameterSpec.TaskOutputParameterSpec.newBuilder()
                                                .setProducerTask(input.producer())
                                                .setOutputParameterKey(v.name()))
                                .build());
            }
        }
        PipelineTaskSpec.Builder task = PipelineTaskSpec.newBuilder()
                .setTaskInfo(PipelineTaskInfo.newBuilder().setName(step.name()))
                .setComponentRef(ComponentRef.newBuilder().setName("comp-" + step.name()))
                .setCachingOptions(PipelineTaskSpec.CachingOptions.newBuilder().setEnableCache(true))
                .addAllDependentTasks(groups.dependentTasks(step.after(), group));
        if (!step.inputs().isEmpty()) {
            task.setInputs(inputs);
        }
        if (step.retries() > 0) {
            task.setRetryPolicy(PipelineTaskSpec.RetryPolicy.newBuilder().setMaxRetryCount(step.retries()));
        }
        return task.build();
    }

    /** A condition's component: its DAG and, as inputs, every value its steps read from outside it. */
    private static ComponentSpec groupComponent(TaskGroups.Group group, DagSpec.Builder dag) {
        ComponentInputsSpec.Builder inputs = ComponentInputsSpec.newBuilder();
        for (Step.Input input : group.channels()) {
            StepValue v = input.value();
            if (v.passing().isArtifact() && !input.fromParameter()) {
                inputs.putArtifacts(
                        TaskGroups.channel(input),
                        ComponentInputsSpec.ArtifactSpec.newBuilder()
                                .setArtifactType(artifactType(v))
                                .build());
            } else {
                inputs.putParameters(
                        TaskGroups.channel(input),
                        ComponentInputsSpec.ParameterSpec.newBuilder()
                                .setParameterType(parameterType(v))
                                .build());
            }
        }
        if (group.loop() != null) {
            inputs.putParameters(
                    group.itemChannel(),
                    ComponentInputsSpec.ParameterSpec.newBuilder()
                            .setParameterType(parameterType(group.item().value()))
                            .build());
        }
        ComponentOutputsSpec.Builder outputs = ComponentOutputsSpec.newBuilder();
        DagOutputsSpec.Builder dagOutputs = DagOutputsSpec.newBuilder();
        for (Step.Input input : group.collected()) {
            String channel = TaskGroups.channel(input);
            dagOutputs.putParameters(
                    channel,
                    DagOutputsSpec.DagOutputParameterSpec.newBuilder()
                            .setValueFromParameter(DagOutputsSpec.ParameterSelectorSpec.newBuilder()
                                    .setProducerSubtask(input.producer())
                                    .setOutputParameterKey(input.producerOutput()))
                            .build());
            outputs.putParameters(
                    channel,
                    ComponentOutputsSpec.ParameterSpec.newBuilder()
                            .setParameterType(ParameterTypeEnum.LIST)
                            .build());
        }
        ComponentSpec.Builder component = ComponentSpec.newBuilder();
        if (!group.collected().isEmpty()) {
            dag.setOutputs(dagOutputs);
            component.setOutputDefinitions(outputs);
        }
        component.setDag(dag);
        if (!group.channels().isEmpty()) {
            component.setInputDefinitions(inputs);
        }
        return component.build();
    }

    /** A condition's task in the root DAG: its channels bound, the tasks it runs after, its trigger policy. */
    private static PipelineTaskSpec groupTask(TaskGroups.Group group, TaskGroups groups) {
        TaskInputsSpec.Builder inputs = TaskInputsSpec.newBuilder();
        for (Step.Input input : group.channels()) {
            StepValue v = input.value();
            String channel = TaskGroups.channel(input);
            if (input.fromParameter()) {
                inputs.putParameters(
                        channel,
                        TaskInputsSpec.InputParameterSpec.newBuilder()
                                .setComponentInputParameter(v.name())
                                .build());
            } else if (v.passing().isArtifact()) {
                inputs.putArtifacts(
                        channel,
                        TaskInputsSpec.InputArtifactSpec.newBuilder()
                                .setTaskOutputArtifact(
                                        TaskInputsSpec.InputArtifactSpec.TaskOutputArtifactSpec.newBuilder()
                                                .setProducerTask(input.producer())
                                                .setOutputArtifactKey(v.name()))
                                .build());
            } else {
                inputs.putParameters(
                        channel,
                        TaskInputsSpec.InputParameterSpec.newBuilder()
                                .setTaskOutputParameter(
                                        TaskInputsSpec.InputParameterSpec.TaskOutputParameterSpec.newBuilder()
                                                .setProducerTask(input.producer())
                                                .setOutputParameterKey(v.name()))
                                .build());
            }
        }
        PipelineTaskSpec.Builder task = PipelineTaskSpec.newBuilder()
                .setTaskInfo(PipelineTaskInfo.newBuilder().setName(group.name()))
                .setComponentRef(ComponentRef.newBuilder().setName("comp-" + group.name()))
                .addAllDependentTasks(groups.dependentTasks(group.outsideAfter(), null));
        if (group.loop() != null) {
            task.setParameterIterator(ml_pipelines.PipelineSpecOuterClass.ParameterIteratorSpec.newBuilder()
                    .setItemInput(group.itemChannel())
                    .setItems(ml_pipelines.PipelineSpecOuterClass.ParameterIteratorSpec.ItemsSpec.newBuilder()
                            .setInputParameter(
                                    TaskGroups.channel(group.channels().get(0)))));
        } else {
            task.setTriggerPolicy(PipelineTaskSpec.TriggerPolicy.newBuilder().setCondition(group.celCondition()));
        }
        if (!group.channels().isEmpty()) {
            task.setInputs(inputs);
        }
        return task.build();
    }

    private static ArtifactTypeSchema artifactType(StepValue value) {
        return ArtifactTypeSchema.newBuilder()
                .setSchemaTitle(value.passing().schemaTitle())
                .setSchemaVersion("0.0.1")
                .build();
    }

    private static ParameterTypeEnum parameterType(StepValue value) {
        String type = value.passing().parameterType();
        return type == null ? ParameterTypeEnum.STRING : ParameterTypeEnum.valueOf(type);
    }

    private static Value defaultValue(PipelineParameter parameter) {
        String text = parameter.defaultText();
        if (text == null) {
            return null;
        }
        return switch (parameter.value().passing()) {
            case INTEGER, DOUBLE ->
                Value.newBuilder().setNumberValue(Double.parseDouble(text)).build();
            case BOOLEAN ->
                Value.newBuilder().setBoolValue(Boolean.parseBoolean(text)).build();
            default -> Value.newBuilder().setStringValue(text).build();
        };
    }
}
