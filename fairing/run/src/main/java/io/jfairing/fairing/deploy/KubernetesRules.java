package io.jfairing.fairing.deploy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kubernetes' own field rules, the ones the API server applies to a pod (or, for a custom resource, the controller
 * meets only when it creates the pods, so the job would sit without pods). Each check throws an
 * {@link InvalidJobSpecException} "field: rule (source)". The sources are in kubernetes/kubernetes:
 * {@code staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go} (names, label values) and
 * {@code pkg/apis/core/validation/validation.go} (tolerations, resources, service accounts).
 */
public final class KubernetesRules {
    static final String APIMACHINERY = "k8s.io/apimachinery pkg/util/validation/validation.go";
    static final String CORE = "kubernetes pkg/apis/core/validation/validation.go";

    // apimachinery validation.go: dns1123LabelFmt, DNS1123LabelMaxLength = 63
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    // apimachinery validation.go: dns1123SubdomainFmt, DNS1123SubdomainMaxLength = 253
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    // apimachinery validation.go: qualifiedNameFmt, qualifiedNameMaxLength = 63
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    // apimachinery validation.go: labelValueFmt, LabelValueMaxLength = 63
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    // core validation.go validateTaintEffect: NoSchedule, PreferNoSchedule, NoExecute (empty: all effects)
    private static final Set<String> TAINT_EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    // apimachinery api/validation/objectmeta.go: TotalAnnotationSizeLimitB = 256 KiB
    private static final int ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

    private KubernetesRules() {}

    static InvalidJobSpecException error(String field, String value, String rule, String source) {
        return new InvalidJobSpecException(field + ": '" + value + "' " + rule + " (" + source + ")");
    }

    /** A DNS-1123 label: namespaces, container names (IsDNS1123Label). */
    public static void dns1123Label(String field, String value) {
        if (value == null
                || value.length() > 63
                || !DNS1123_LABEL.matcher(value).matches()) {
            throw error(
                    field,
                    value,
                    "must be a DNS-1123 label: at most 63 lower case letters, digits and '-', "
                            + "starting and ending with a letter or digit",
                    APIMACHINERY + " IsDNS1123Label");
        }
    }

    /** A DNS-1123 subdomain: secrets, config maps, claims, service accounts (IsDNS1123Subdomain). */
    public static void dns1123Subdomain(String field, String value) {
        if (value == null
                || value.length() > 253
                || !DNS1123_SUBDOMAIN.matcher(value).matches()) {
            throw error(
                    field,
                    value,
                    "must be a DNS-1123 subdomain: at most 253 lower case letters, digits, '-' and '.', "
                            + "starting and ending with a letter or digit",
                    APIMACHINERY + " IsDNS1123Subdomain");
        }
    }

    /** A label, annotation or node selector key: {@code [prefix/]name} (IsQualifiedName). */
    public static void qualifiedName(String field, String key) {
        String name = key;
        if (key != null && key.contains("/")) {
            int slash = key.indexOf('/');
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()
                    || prefix.length() > 253
                    || !DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
                throw error(
                        field,
                        key,
                        "has an invalid prefix: it must be a DNS-1123 subdomain",
                        APIMACHINERY + " IsQualifiedName");
            }
        }
        if (name == null
                || name.isEmpty()
                || name.length() > 63
                || !QUALIFIED_NAME.matcher(name).matches()) {
            throw error(
                    field,
                    key,
                    "must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 "
                            + "letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
                    APIMACHINERY + " IsQualifiedName");
        }
    }

    /** A label or node selector value (IsValidLabelValue). */
    public static void labelValue(String field, String value) {
        if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
            throw error(
                    field,
                    value,
                    "must be a label value: empty or at most 63 letters, digits, '-', '_' and '.', "
                            + "starting and ending with a letter or digit",
                    APIMACHINERY + " IsValidLabelValue");
        }
    }

    /** Keys qualified names, values label values (metav1validation.ValidateLabels). */
    public static void labels(String field, Map<String, String> labels) {
        labels.forEach((k, v) -> {
            qualifiedName(field + "[" + k + "]", k);
            labelValue(field + "[" + k + "]", v);
        });
    }

    /** Keys qualified names, 256 KiB in all (apimachinery api/validation/objectmeta.go ValidateAnnotations). */
    public static void annotations(String field, Map<String, String> annotations) {
        long size = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            qualifiedName(field + "[" + e.getKey() + "]", e.getKey());
            if (e.getValue() == null) {
                throw error(
                        field + "[" + e.getKey() + "]",
                        null,
                        "has no value",
                        "k8s.io/apimachinery pkg/api/validation/objectmeta.go");
            }
            size += e.getKey().length() + e.getValue().length();
        }
        if (size > ANNOTATIONS_SIZE_LIMIT) {
            throw new InvalidJobSpecException(field + ": " + size + " bytes in all, more than 256 KiB "
                    + "(k8s.io/apimachinery pkg/api/validation/objectmeta.go TotalAnnotationSizeLimitB)");
        }
    }

    /** A service account name (ValidateServiceAccountName: a DNS-1123 subdomain). */
    public static void serviceAccount(String field, String value) {
        dns1123Subdomain(field, value);
    }

    /** Operator, key, value and effect of each toleration (core validation.go ValidateTolerations). */
    public static void tolerations(String field, List<Toleration> tolerations) {
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration t = tolerations.get(i);
            String f = field + "[" + i + "]";
            String source = CORE + " ValidateTolerations";
            if (t.getKey() != null && !t.getKey().isEmpty()) {
                qualifiedName(f + ".key", t.getKey());
            } else if (!"Exists".equals(t.getOperator())) {
                throw error(f + ".operator", t.getOperator(), "must be Exists when the key is empty", source);
            }
            if (t.getTolerationSeconds() != null && !"NoExecute".equals(t.getEffect())) {
                throw error(f + ".effect", t.getEffect(), "must be NoExecute when tolerationSeconds is set", source);
            }
            String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
            switch (op) {
                case "Equal" -> labelValue(f + ".value", t.getValue() == null ? "" : t.getValue());
                case "Exists" -> {
                    if (t.getValue() != null && !t.getValue().isEmpty()) {
                        throw error(f + ".value", t.getValue(), "must be empty when the operator is Exists", source);
                    }
                }
                default -> throw error(f + ".operator", t.getOperator(), "must be Equal or Exists", source);
            }
            if (t.getEffect() != null && !t.getEffect().isEmpty() && !TAINT_EFFECTS.contains(t.getEffect())) {
                throw error(
                        f + ".effect",
                        t.getEffect(),
                        "must be one of NoSchedule, PreferNoSchedule, NoExecute (or empty)",
                        CORE + " validateTaintEffect");
            }
        }
    }

    /** Standard resources are {@code cpu}, {@code memory}, {@code ephemeral-storage}, {@code hugepages-*} and those under kubernetes.io/. */
    static boolean isExtended(String resource) {
        // kubernetes pkg/apis/core/helper/helpers.go IsExtendedResourceName: not in the kubernetes.io/ namespace,
        // not prefixed requests., and with a domain prefix
        return resource.contains("/") && !resource.contains("kubernetes.io/") && !resource.startsWith("requests.");
    }

    /**
     * Resource names qualified names; extended resources (GPUs and other {@code domain/name}) whole numbers, not
     * overcommitted: a request needs a limit equal to it (core validation.go ValidateResourceRequirements).
     */
    static void resources(String field, Map<String, String> requests, Map<String, String> limits) {
        String source = CORE + " ValidateResourceRequirements";
        for (Map<String, String> m : List.of(requests, limits)) {
            for (Map.Entry<String, String> e : m.entrySet()) {
                String f = field + "." + (m == requests ? "requests" : "limits") + "." + e.getKey();
                qualifiedName(f, e.getKey());
                if (isExtended(e.getKey())) {
                    BigDecimal amount = Quantity.getAmountInBytes(Quantity.parse(e.getValue()));
                    if (amount.stripTrailingZeros().scale() > 0) {
                        throw error(
                                f,
                                e.getValue(),
                                "must be a whole number: extended resources such as GPUs are not divisible",
                                CORE
                                        + " validateResourceQuantityValue / ValidateNonnegativeQuantity (isIntegerResourceName)");
                    }
                }
            }
        }
        for (Map.Entry<String, String> e : requests.entrySet()) {
            if (!isExtended(e.getKey())) {
                continue;
            }
            String limit = limits.get(e.getKey());
            if (limit == null) {
                throw error(
                        field + ".limits." + e.getKey(),
                        null,
                        "is required: extended resources cannot be overcommitted, "
                                + "a request needs a limit equal to it (or give only the limit)",
                        source);
            }
            if (Quantity.getAmountInBytes(Quantity.parse(limit))
                            .compareTo(Quantity.getAmountInBytes(Quantity.parse(e.getValue())))
                    != 0) {
                throw error(
                        field + ".requests." + e.getKey(),
                        e.getValue(),
                        "must equal the limit " + limit + ": extended resources cannot be overcommitted",
                        source);
            }
        }
    }
}
