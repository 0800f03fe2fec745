package io.jfairing.fairing.pipeline.ir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.jfairing.fairing.pipeline.PipelineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import kfp_kubernetes.KubernetesExecutorConfigOuterClass.KubernetesExecutorConfig;
import ml_pipelines.PipelineSpecOuterClass.PipelineDeploymentConfig;
import ml_pipelines.PipelineSpecOuterClass.PipelineSpec;
import ml_pipelines.PipelineSpecOuterClass.PlatformSpec;
import ml_pipelines.PipelineSpecOuterClass.SinglePlatformSpec;

/**
 * KFP v2 pipeline IR as YAML, the form the official SDK writes and the KFP API takes: {@link PipelineSpec} through
 * protobuf's JSON mapping. Reading refuses a field the proto does not have, and reads the deployment spec (a
 * {@code Struct} in the proto) as a {@link PipelineDeploymentConfig} too, so a misspelt executor field is an error.
 */
public final class PipelineYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineYaml() {}

    /** The YAML text of {@code spec}, with a comment header naming the pipeline. */
    public static String write(PipelineSpec spec) {
        try {
            String json = JsonFormat.printer().print(spec);
            return "# PIPELINE DEFINITION\n# Name: " + spec.getPipelineInfo().getName() + "\n"
                    + YAML.writeValueAsString(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The YAML text of {@code spec} and, when it is not empty, {@code platform} as a second document, as the SDK
     * writes a pipeline with kfp-kubernetes settings.
     */
    public static String write(PipelineSpec spec, PlatformSpec platform) {
        if (platform.getPlatformsCount() == 0) {
            return write(spec);
        }
        try {
            return write(spec) + "---\n"
                    + YAML.writeValueAsString(JSON.readTree(JsonFormat.printer().print(platform)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code spec} and {@code platform} as a run's or pipeline version's {@code pipeline_spec} takes them, as the SDK's
     * client sends them: the spec alone when the platform spec is empty, else an object of both under
     * {@code pipeline_spec} and {@code platform_spec}.
     */
    public static JsonNode toJson(PipelineSpec spec, PlatformSpec platform) {
        if (platform.getPlatformsCount() == 0) {
            return toJson(spec);
        }
        try {
            ObjectNode both = JSON.createObjectNode();
            both.set("pipeline_spec", toJson(spec));
            both.set("platform_spec", JSON.readTree(JsonFormat.printer().print(platform)));
            return both;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON text of {@code spec} (as a run's inline {@code pipeline_spec} takes it). */
    public static JsonNode toJson(PipelineSpec spec) {
        try {
            return JSON.readTree(JsonFormat.printer().print(spec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses IR YAML (the first document; a second, the platform spec, is left to {@link #readPlatformSpec}) as a
     * {@link PipelineSpec}, refusing unknown fields.
     */
    public static PipelineSpec read(String yaml) throws PipelineException {
        JsonNode tree;
        try {
            tree = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).next();
        } catch (IOException | RuntimeException e) {
            throw new PipelineException("not YAML: " + e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode)) {
            throw new PipelineException("pipeline IR must be a YAML mapping, not " + tree.getNodeType());
        }
        PipelineSpec.Builder spec = PipelineSpec.newBuilder();
        try {
            ProtoJson.merge(tree, spec, "pipeline");
            deploymentConfig(spec.getDeploymentSpec());
        } catch (PipelineException e) {
            throw new PipelineException("not a KFP PipelineSpec: " + e.getMessage(), e);
        }
        return spec.build();
    }

    /**
     * The platform spec of IR YAML: its second document (empty when there is none), refusing unknown fields, with
     * each Kubernetes executor's config read as a {@link KubernetesExecutorConfig} too.
     */
    public static PlatformSpec readPlatformSpec(String yaml) throws PipelineException {
        List<JsonNode> documents;
        try {
            documents =
                    YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
        } catch (IOException | RuntimeException e) {
            throw new PipelineException("not YAML: " + e.getMessage(), e);
        }
        PlatformSpec.Builder platform = PlatformSpec.newBuilder();
        for (JsonNode document : documents.subList(Math.min(1, documents.size()), documents.size())) {
            if (document == null || document.isNull() || document.isMissingNode()) {
                continue;
            }
            try {
                ProtoJson.merge(document, platform, "platform spec");
            } catch (PipelineException e) {
                throw new PipelineException("not a KFP PlatformSpec: " + e.getMessage(), e);
            }
        }
        PlatformSpec spec = platform.build();
        if (spec.containsPlatforms(KubernetesPlatform.KUBERNETES)) {
            for (String executor : spec.getPlatformsOrThrow(KubernetesPlatform.KUBERNETES)
                    .getDeploymentSpec()
                    .getExecutorsMap()
                    .keySet()) {
                kubernetesConfig(spec, executor);
            }
        }
        return spec;
    }

    /**
     * The Kubernetes config of {@code executor} ({@code exec-STEP}) in {@code platform}, refusing unknown fields;
     * the default instance when it has none.
     */
    public static KubernetesExecutorConfig kubernetesConfig(PlatformSpec platform, String executor)
            throws PipelineException {
        Struct config = platform.getPlatformsOrDefault(
                        KubernetesPlatform.KUBERNETES, SinglePlatformSpec.getDefaultInstance())
                .getDeploymentSpec()
                .getExecutorsOrDefault(executor, Struct.getDefaultInstance());
        try {
            return ProtoJson.merge(
                            JSON.readTree(JsonFormat.printer().print(config)),
                            KubernetesExecutorConfig.newBuilder(),
                            "platforms.kubernetes.deploymentSpec.executors." + executor)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PipelineException e) {
            throw new PipelineException("not a kfp-kubernetes KubernetesExecutorConfig: " + e.getMessage(), e);
        }
    }

    /** The deployment spec (executors) of a pipeline, refusing unknown fields. */
    public static PipelineDeploymentConfig deploymentConfig(Struct deploymentSpec) throws PipelineException {
        try {
            return ProtoJson.merge(
                            JSON.readTree(JsonFormat.printer().print(deploymentSpec)),
                            PipelineDeploymentConfig.newBuilder(),
                            "deploymentSpec")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message as a {@code Struct} in protobuf's JSON mapping (a deployment spec, a platform's executor config). */
    static Struct struct(MessageOrBuilder message) {
        try {
            return ProtoJson.merge(JSON.readTree(JsonFormat.printer().print(message)), Struct.newBuilder(), "config")
                    .build();
        } catch (IOException | PipelineException e) {
            throw new IllegalStateException(e);
        }
    }
}
