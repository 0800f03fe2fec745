package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the CRD validator skipped before issue 15: CEL rules, maximum, maxItems and the like. */
class CrdRulesValidatorTest {
    static final JsonNode SCHEMA = parse("""
            type: object
            properties:
              spec:
                type: object
                x-kubernetes-validations:
                - rule: "[has(self.a), has(self.b)].filter(x, x).size() <= 1"
                  message: only one of a and b
                - rule: self == oldSelf
                  message: immutable
                properties:
                  a: {type: string}
                  b: {type: string}
                  n:
                    type: integer
                    maximum: 10
                    x-kubernetes-validations:
                    - {rule: self >= 1, message: n must be >= 1}
                  x: {type: number, minimum: 0, exclusiveMinimum: true}
                  list: {type: array, maxItems: 2, minItems: 1, items: {type: string},
                         x-kubernetes-validations: [{rule: "!self.exists(c, c == 'node')", message: no node}]}
                  labels: {type: object, maxProperties: 1, additionalProperties: {type: string}}
                  mode:
                    type: string
                    x-kubernetes-validations:
                    - {rule: "self in ['x', 'y']", message: x or y}
                    - {rule: "self == '' || self.matches('^[a-z]+$')", message: lower case}
                  odd:
                    type: string
                    x-kubernetes-validations:
                    - {rule: "self.startsWith('a')", message: starts with a}
            """);

    private static JsonNode parse(String yaml) {
        try {
            return CrdSchemaValidator.YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> check(Map<String, Object> spec) {
        return CrdSchemaValidator.validate(Map.of("spec", spec), SCHEMA, "");
    }

    @Test
    void celRulesAreEvaluatedAndTransitionRulesLeftToUpdates() {
        assertThat(check(Map.of("a", "1", "n", 5, "mode", "x", "list", List.of("a"))))
                .isEmpty();
        assertThat(check(Map.of("a", "1", "b", "2")))
                .containsExactly("spec: only one of a and b (x-kubernetes-validations: "
                        + "[has(self.a), has(self.b)].filter(x, x).size() <= 1)");
        assertThat(check(Map.of("n", 0))).singleElement().asString().contains("spec.n: n must be >= 1");
        assertThat(check(Map.of("list", List.of("node"))))
                .singleElement()
                .asString()
                .contains("no node");
        assertThat(check(Map.of("mode", "z"))).singleElement().asString().contains("x or y");
        assertThat(check(Map.of("mode", "X"))).hasSize(2);
    }

    @Test
    void anUnknownRuleFormIsAFailureNotASkip() {
        assertThat(check(Map.of("odd", "abc")))
                .singleElement()
                .asString()
                .contains("spec.odd")
                .contains("not supported by the test interpreter")
                .contains("startsWith");
    }

    @Test
    void maximumMaxItemsAndTheLike() {
        assertThat(check(Map.of("n", 11))).singleElement().asString().contains("above the maximum 10");
        assertThat(check(Map.of("x", 0))).singleElement().asString().contains("exclusive minimum");
        assertThat(check(Map.of("list", List.of("a", "b", "c"))))
                .singleElement()
                .asString()
                .contains("more than maxItems 2");
        assertThat(check(Map.of("list", List.of()))).singleElement().asString().contains("fewer than minItems 1");
        assertThat(check(Map.of("labels", Map.of("a", "1", "b", "2"))))
                .singleElement()
                .asString()
                .contains("maxProperties");
    }

    @Test
    void trainJobNameRuleAndNumProcPerNode() {
        Map<String, Object> manifest = new LinkedHashMap<>(CrdSchemaValidator.JSON.convertValue(
                ManifestGenerator.manifest(JobSpec.builder("img")
                        .kind(JobKind.TRAIN_JOB)
                        .runtime("torch-distributed")
                        .build()),
                Map.class));
        CrdSchemaValidator trainJobs = CrdSchemaValidator.load("trainer.kubeflow.org_trainjobs.yaml");
        assertThat(trainJobs.validate(manifest)).isEmpty();
        manifest.put("metadata", Map.of("name", "9-Bad_Name"));
        assertThat(trainJobs.validate(manifest))
                .singleElement()
                .asString()
                .contains("<root>: metadata.name must match RFC 1035");
        manifest.put("metadata", Map.of("name", "a".repeat(64)));
        assertThat(trainJobs.validate(manifest)).singleElement().asString().contains("63 characters");
        @SuppressWarnings("unchecked")
        Map<String, Object> trainer = (Map<String, Object>) ((Map<String, Object>) manifest.get("spec")).get("trainer");
        manifest.put("metadata", Map.of("name", "ok"));
        trainer.put("numProcPerNode", 0);
        assertThat(trainJobs.validate(manifest))
                .singleElement()
                .asString()
                .contains("numProcPerNode must be greater than or equal to 1");
    }

    @Test
    void everyRuleOfTheSharedCrdsIsAFormTheInterpreterKnows() throws IOException {
        List<String> rules = new ArrayList<>();
        try (Stream<Path> files = Files.list(CrdSchemaValidator.crdFolder())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                collect(CrdSchemaValidator.YAML.readTree(f.toFile()), rules);
            }
        }
        assertThat(rules).hasSizeGreaterThan(40);
        for (String rule : rules) {
            CelRules.parse(rule);
        }
        assertThat(rules.stream().filter(CelRules::isTransitionRule).distinct()).containsExactly("self == oldSelf");
    }

    private static void collect(JsonNode n, List<String> rules) {
        if (n.isObject()) {
            n.path("x-kubernetes-validations")
                    .forEach(v -> rules.add(v.path("rule").asText()));
            n.forEach(c -> collect(c, rules));
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, rules));
        }
    }
}
