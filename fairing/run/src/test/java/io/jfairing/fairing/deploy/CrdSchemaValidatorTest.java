package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator itself catches what the API server would reject or prune. */
class CrdSchemaValidatorTest {
    static final JsonNode SCHEMA = parse("""
            type: object
            required: [spec]
            properties:
              spec:
                type: object
                required: [name]
                properties:
                  name: {type: string, minLength: 1}
                  count: {type: integer, format: int32, minimum: 0}
                  policy: {type: string, enum: [A, B]}
                  port: {x-kubernetes-int-or-string: true}
                  limits:
                    type: object
                    additionalProperties:
                      anyOf: [{type: integer}, {type: string}]
                      x-kubernetes-int-or-string: true
                  free: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  items: {type: array, items: {type: string}}
            """);

    private static JsonNode parse(String yaml) {
        try {
            return CrdSchemaValidator.YAML.readTree(yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> check(Map<String, Object> spec) {
        return CrdSchemaValidator.validate(Map.of("spec", spec), SCHEMA, "");
    }

    @Test
    void acceptsAValidObject() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", "x");
        spec.put("count", 2);
        spec.put("policy", "A");
        spec.put("port", "http");
        spec.put("limits", Map.of("cpu", "500m", "gpu", 1));
        spec.put("free", Map.of("anything", Map.of("goes", 1)));
        spec.put("items", List.of("a", "b"));
        assertThat(check(spec)).isEmpty();
    }

    @Test
    void reportsEachKindOfProblem() {
        assertThat(check(Map.of())).containsExactly("spec: missing required field 'name'");
        assertThat(check(Map.of("name", "x", "count", "2")))
                .containsExactly("spec.count: expected integer, got STRING \"2\"");
        assertThat(check(Map.of("name", "x", "count", -1)))
                .singleElement()
                .asString()
                .contains("below the minimum");
        assertThat(check(Map.of("name", "x", "policy", "C")))
                .singleElement()
                .asString()
                .contains("is not one of");
        assertThat(check(Map.of("name", "x", "port", 1.5)))
                .singleElement()
                .asString()
                .contains("integer or string");
        assertThat(check(Map.of("name", "x", "limits", Map.of("cpu", true))))
                .singleElement()
                .asString()
                .contains("spec.limits.cpu");
        assertThat(check(Map.of("name", "x", "extra", 1)))
                .containsExactly("spec.extra: unknown field (the API server would prune it)");
        assertThat(check(Map.of("name", "x", "items", List.of("a", 2))))
                .singleElement()
                .asString()
                .startsWith("spec.items[1]");
        assertThat(check(Map.of("name", ""))).singleElement().asString().contains("shorter than");
        assertThat(CrdSchemaValidator.validate(Map.of(), SCHEMA, ""))
                .containsExactly(": missing required field 'spec'");
    }

    @Test
    void realCrdRejectsAMisspelledReplicaField() {
        CrdSchemaValidator v = CrdSchemaValidator.load("kubeflow.org_pytorchjobs.yaml");
        Map<String, Object> manifest = Map.of(
                "apiVersion",
                "kubeflow.org/v1",
                "kind",
                "PyTorchJob",
                "metadata",
                Map.of("name", "x"),
                "spec",
                Map.of(
                        "pytorchReplicaSpecs",
                        Map.of(
                                "Master",
                                Map.of(
                                        "replica",
                                        1,
                                        "template",
                                        Map.of("spec", Map.of("containers", List.of(Map.of("name", "pytorch"))))))));
        assertThat(v.validate(manifest))
                .containsExactly(
                        "spec.pytorchReplicaSpecs.Master.replica: unknown field (the API server would prune it)");
        assertThat(v.validate(Map.of("apiVersion", "kubeflow.org/v2", "kind", "PyTorchJob")))
                .singleElement()
                .asString()
                .contains("not served");
    }

    @Test
    void deepUnknownFieldFromAMutatorIsCaught() {
        JobSpec spec = JobSpec.builder("img")
                .kind(JobKind.TF_JOB)
                .replicas(1)
                .resources(Resources.none().cpu("500m"))
                .mutator((t, role) -> t.getSpec().getContainers().get(0).setAdditionalProperty("gpus", 1))
                .build();
        List<String> errors =
                CrdSchemaValidator.load("kubeflow.org_tfjobs.yaml").validate(ManifestGenerator.manifest(spec));
        assertThat(errors)
                .containsExactly(
                        "spec.tfReplicaSpecs.Worker.template.spec.containers[0].gpus: unknown field (the API server would prune it)");
    }

    @Test
    void crdFolderIsFound() {
        assertThat(CrdSchemaValidator.crdFolder().resolve("kubeflow.org_tfjobs.yaml"))
                .isRegularFile();
    }
}
