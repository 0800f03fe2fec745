package io.jfairing.fairing.pipeline.ir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.jfairing.fairing.pipeline.PipelineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import ml_pipelines.PipelineSpecOuterClass.PipelineDeploymentConfig;
import ml_pipelines.PipelineSpecOuterClass.PipelineSpec;

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

    /** The JSON text of {@code spec} (as a run's inline {@code pipeline_spec} takes it). */
    public static JsonNode toJson(PipelineSpec spec) {
        try {
            return JSON.readTree(JsonFormat.printer().print(spec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses IR YAML (the first document; a second, the platform spec, is left to {@link #platformSpec}) as a
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

    /** The deployment spec of a {@link PipelineDeploymentConfig}, as {@link PipelineSpec} holds it. */
    static Struct struct(PipelineDeploymentConfig config) {
        try {
            return ProtoJson.merge(JSON.readTree(JsonFormat.printer().print(config)), Struct.newBuilder(), "config")
                    .build();
        } catch (IOException | PipelineException e) {
            throw new IllegalStateException(e);
        }
    }
}
