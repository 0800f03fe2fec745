package io.jfairing.fairing.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A small validator for a CRD's {@code openAPIV3Schema}, in the manner of the API server: types (with
 * {@code x-kubernetes-int-or-string}, {@code anyOf}, {@code nullable}), {@code required}, {@code enum},
 * {@code minimum}/{@code maximum} (and their {@code exclusive*} flags), {@code minLength}/{@code maxLength},
 * {@code pattern}, {@code minItems}/{@code maxItems}, {@code minProperties}/{@code maxProperties},
 * {@code uniqueItems}, int32 range, and the {@code x-kubernetes-validations} CEL rules (by {@link CelRules}, which
 * reports a rule form it does not know as a failure; transition rules, which name {@code oldSelf}, run on updates
 * only, as in the API server); and fields the server would prune (not in {@code properties}, no
 * {@code additionalProperties}, no {@code x-kubernetes-preserve-unknown-fields}) are failures too. Root
 * {@code metadata} is the API server's to check (but the root's CEL rules see it, as TrainJob's name rule does).
 */
public final class CrdSchemaValidator {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, CrdSchemaValidator> CACHE = new ConcurrentHashMap<>();

    private final String kind;
    private final Map<String, JsonNode> schemas;

    private CrdSchemaValidator(String kind, Map<String, JsonNode> schemas) {
        this.kind = kind;
        this.schemas = schemas;
    }

    /** The folder of CRD files: {@code -Djfairing.crds=...}, or {@code shared/crds} next to the repository (walking up from user.dir). */
    public static Path crdFolder() {
        String override = System.getProperty("jfairing.crds");
        if (override != null) {
            return Path.of(override);
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/crds");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "CRD schema folder not found: looked for shared/crds in " + start
                        + " and every folder above it (expected ../shared/crds next to the repository root); set -Djfairing.crds=DIR");
    }

    public static CrdSchemaValidator load(String fileName) {
        Path file = crdFolder().resolve(fileName);
        return CACHE.computeIfAbsent(file, f -> {
            if (!Files.isRegularFile(f)) {
                throw new IllegalStateException("CRD file missing: " + f);
            }
            try {
                JsonNode crd = YAML.readTree(f.toFile());
                Map<String, JsonNode> schemas = new ConcurrentHashMap<>();
                for (JsonNode v : crd.path("spec").path("versions")) {
                    schemas.put(
                            crd.path("spec").path("group").asText() + "/"
                                    + v.path("name").asText(),
                            v.path("schema").path("openAPIV3Schema"));
                }
                return new CrdSchemaValidator(
                        crd.path("spec").path("names").path("kind").asText(), schemas);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + f + ": " + e, e);
            }
        });
    }

    String kind() {
        return kind;
    }

    /** The schema at a dotted path of properties below the root of {@code apiVersion}'s schema. */
    JsonNode schemaAt(String apiVersion, String... properties) {
        JsonNode s = schemas.get(apiVersion);
        for (String p : properties) {
            s = s.path("properties").path(p);
        }
        return s;
    }

    /** All problems of a whole object ({@code apiVersion} and {@code kind} must match this CRD). */
    public List<String> validate(Object manifest) {
        JsonNode node = JSON.valueToTree(manifest);
        List<String> errors = new ArrayList<>();
        String apiVersion = node.path("apiVersion").asText();
        JsonNode schema = schemas.get(apiVersion);
        if (schema == null) {
            errors.add("apiVersion " + apiVersion + " is not served by this CRD (" + schemas.keySet() + ")");
            return errors;
        }
        if (!kind.equals(node.path("kind").asText())) {
            errors.add("kind " + node.path("kind").asText() + " is not " + kind);
        }
        validate(node, schema, "", errors, true);
        return errors;
    }

    /** Problems of {@code value} against a sub-schema. */
    static List<String> validate(Object value, JsonNode schema, String path) {
        List<String> errors = new ArrayList<>();
        validate(JSON.valueToTree(value), schema, path, errors, false);
        return errors;
    }

    private static void validate(JsonNode value, JsonNode schema, String path, List<String> errors, boolean root) {
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                errors.add(path + ": null is not allowed");
            }
            return;
        }
        if (!typeMatches(value, schema)) {
            errors.add(
                    path + ": expected " + expected(schema) + ", got " + value.getNodeType() + " " + abbreviate(value));
            return;
        }
        celRules(value, schema, path, errors);
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum")) {
                int c = value.decimalValue().compareTo(schema.get("minimum").decimalValue());
                boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
                if (c < 0 || (exclusive && c == 0)) {
                    errors.add(path + ": " + value + " is below the " + (exclusive ? "exclusive " : "") + "minimum "
                            + schema.get("minimum"));
                }
            }
            if (schema.has("maximum")) {
                int c = value.decimalValue().compareTo(schema.get("maximum").decimalValue());
                boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
                if (c > 0 || (exclusive && c == 0)) {
                    errors.add(path + ": " + value + " is above the " + (exclusive ? "exclusive " : "") + "maximum "
                            + schema.get("maximum"));
                }
            }
            if ("int32".equals(schema.path("format").asText()) && !value.canConvertToInt()) {
                errors.add(path + ": " + value + " is out of int32 range");
            }
        }
        if (value.isTextual()) {
            String s = value.asText();
            if (schema.has("maxLength") && s.length() > schema.get("maxLength").asInt()) {
                errors.add(path + ": '" + s + "' is longer than " + schema.get("maxLength"));
            }
            if (schema.has("minLength") && s.length() < schema.get("minLength").asInt()) {
                errors.add(path + ": '" + s + "' is shorter than " + schema.get("minLength"));
            }
            if (schema.has("pattern")
                    && !Pattern.compile(schema.get("pattern").asText())
                            .matcher(s)
                            .find()) {
                errors.add(path + ": '" + s + "' does not match "
                        + schema.get("pattern").asText());
            }
        }
        if (value.isArray()) {
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                errors.add(path + ": " + value.size() + " items, more than maxItems " + schema.get("maxItems"));
            }
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                errors.add(path + ": " + value.size() + " items, fewer than minItems " + schema.get("minItems"));
            }
            if (schema.path("uniqueItems").asBoolean(false)) {
                java.util.Set<JsonNode> seen = new java.util.HashSet<>();
                for (JsonNode item : value) {
                    if (!seen.add(item)) {
                        errors.add(path + ": " + item + " is listed twice (uniqueItems)");
                    }
                }
            }
            int i = 0;
            for (JsonNode item : value) {
                if (schema.has("items")) {
                    validate(item, schema.get("items"), path + "[" + i + "]", errors, false);
                }
                i++;
            }
        }
        if (value.isObject()) {
            if (schema.has("maxProperties")
                    && value.size() > schema.get("maxProperties").asInt()) {
                errors.add(path + ": " + value.size() + " properties, more than maxProperties "
                        + schema.get("maxProperties"));
            }
            if (schema.has("minProperties")
                    && value.size() < schema.get("minProperties").asInt()) {
                errors.add(path + ": " + value.size() + " properties, fewer than minProperties "
                        + schema.get("minProperties"));
            }
            for (JsonNode req : schema.path("required")) {
                if (!value.has(req.asText())) {
                    errors.add(path + ": missing required field '" + req.asText() + "'");
                }
            }
            boolean preserve =
                    schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            JsonNode props = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String childPath = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                if (root
                        && (f.getKey().equals("metadata")
                                || f.getKey().equals("apiVersion")
                                || f.getKey().equals("kind"))) {
                    if (f.getKey().equals("metadata") && !f.getValue().isObject()) {
                        errors.add(childPath + ": must be an object");
                    }
                    continue;
                }
                if (props.has(f.getKey())) {
                    validate(f.getValue(), props.get(f.getKey()), childPath, errors, false);
                } else if (additional != null && additional.isObject()) {
                    validate(f.getValue(), additional, childPath, errors, false);
                } else if ((additional != null && additional.asBoolean(false)) || preserve) {
                    // kept as is
                } else if (schema.path("x-kubernetes-embedded-resource").asBoolean(false)
                        && (f.getKey().equals("apiVersion")
                                || f.getKey().equals("kind")
                                || f.getKey().equals("metadata"))) {
                    // embedded object's header
                } else {
                    errors.add(childPath + ": unknown field (the API server would prune it)");
                }
            }
        }
    }

    /** The {@code x-kubernetes-validations} rules of {@code schema} on {@code value}. */
    private static void celRules(JsonNode value, JsonNode schema, String path, List<String> errors) {
        for (JsonNode v : schema.path("x-kubernetes-validations")) {
            String rule = v.path("rule").asText();
            if (CelRules.isTransitionRule(rule)) {
                continue; // evaluated by the API server on updates only; a create never runs it
            }
            String at = path.isEmpty() ? "<root>" : path;
            try {
                if (!CelRules.evaluate(rule, value)) {
                    errors.add(at + ": " + v.path("message").asText("failed rule") + " (x-kubernetes-validations: "
                            + rule + ")");
                }
            } catch (CelRules.UnsupportedRule e) {
                errors.add(at + ": " + e.getMessage());
            } catch (CelRules.EvalError e) {
                errors.add(at + ": rule " + rule + " could not be evaluated: " + e.getMessage());
            }
        }
    }

    private static boolean typeMatches(JsonNode value, JsonNode schema) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return value.isIntegralNumber() || value.isTextual();
        }
        if (schema.has("anyOf") && !schema.has("type")) {
            for (JsonNode alt : schema.get("anyOf")) {
                if (!alt.has("type") || typeMatches(value, alt)) {
                    return true;
                }
            }
            return false;
        }
        String type = schema.path("type").asText("");
        return switch (type) {
            case "" -> true;
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> false;
        };
    }

    private static String expected(JsonNode schema) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return "integer or string";
        }
        return schema.has("type") ? schema.get("type").asText() : "anyOf " + schema.path("anyOf");
    }

    private static String abbreviate(JsonNode value) {
        String s = value.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
