package io.jfairing.fairing.serve;

import io.jfairing.fairing.deploy.ResourceNames;
import io.jfairing.fairing.deploy.Resources;
import io.jfairing.metadata.registry.ModelReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to serve and how: the serving image, the model's name and artifact, resources, replicas and autoscaling,
 * canary traffic and KServe's deployment mode. Immutable; {@link Builder#build()} checks everything, so a bad spec
 * fails before anything is created.
 *
 * <pre>{@code
 * ServingSpec spec = ServingSpec.builder("iris")
 *         .image("registry.example.com/iris@sha256:...")
 *         .modelUri("pvc://models/iris/v3")
 *         .resources(Resources.none().cpu("500m", "1").memory("512Mi", "1Gi"))
 *         .replicas(1, 4).scale(ScaleMetric.CPU, 70)
 *         .deploymentMode(DeploymentMode.STANDARD)
 *         .build();
 * }</pre>
 */
public final class ServingSpec {
    /** Longest name: room for the suffixes KServe and Knative add ({@code -predictor-00001-deployment-...}). */
    public static final int MAX_NAME_LENGTH = 45;

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|API_?KEY|ACCESS_?KEY).*");
    private static final Pattern SIGNED_QUERY = Pattern.compile(
            "(?i)(^|&)(x-amz-signature|x-amz-credential|x-goog-signature|x-goog-credential|sig|signature|token|access_token|api_?key|key)=");
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String name;
    private final String namespace;
    private final String image;
    private final String modelName;
    private final String modelUri;
    private final String predictor;
    private final Resources resources;
    private final Map<String, String> env;
    private final List<String> secretEnv;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final Integer minReplicas;
    private final Integer maxReplicas;
    private final ScaleMetric scaleMetric;
    private final Integer scaleTarget;
    private final Integer canaryTrafficPercent;
    private final DeploymentMode deploymentMode;
    private final String serviceAccount;
    private final List<String> imagePullSecrets;
    private final Integer terminationGraceSeconds;
    private final Long maxRequestBytes;
    private final List<String> warnings;

    private ServingSpec(Builder b) {
        this.warnings = List.copyOf(b.warnings);
        this.maxRequestBytes = b.maxRequestBytes;
        this.name = b.name;
        this.namespace = b.namespace;
        this.image = b.image;
        this.modelName = b.modelName != null ? b.modelName : b.name;
        this.modelUri = b.modelUri;
        this.predictor = b.predictor;
        this.resources = b.resources;
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.secretEnv = List.copyOf(b.secretEnv);
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(b.annotations));
        this.minReplicas = b.minReplicas;
        this.maxReplicas = b.maxReplicas;
        this.scaleMetric = b.scaleMetric;
        this.scaleTarget = b.scaleTarget;
        this.canaryTrafficPercent = b.canaryTrafficPercent;
        this.deploymentMode = b.deploymentMode;
        this.serviceAccount = b.serviceAccount;
        this.imagePullSecrets = List.copyOf(b.imagePullSecrets);
        this.terminationGraceSeconds = b.terminationGraceSeconds;
    }

    /** A spec named {@code name} (made a valid Kubernetes name of at most {@value #MAX_NAME_LENGTH} characters). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.namespace = namespace;
        b.image = image;
        b.modelName = modelName;
        b.modelUri = modelUri;
        b.predictor = predictor;
        b.resources = resources;
        b.env.putAll(env);
        b.secretEnv.addAll(secretEnv);
        b.labels.putAll(labels);
        b.annotations.putAll(annotations);
        b.minReplicas = minReplicas;
        b.maxReplicas = maxReplicas;
        b.scaleMetric = scaleMetric;
        b.scaleTarget = scaleTarget;
        b.canaryTrafficPercent = canaryTrafficPercent;
        b.deploymentMode = deploymentMode;
        b.serviceAccount = serviceAccount;
        b.imagePullSecrets.addAll(imagePullSecrets);
        b.terminationGraceSeconds = terminationGraceSeconds;
        b.maxRequestBytes = maxRequestBytes;
        return b;
    }

    /** The Kubernetes name (a valid RFC 1035 label). */
    public String name() {
        return name;
    }

    public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
    }

    /** The serving image (built with {@code Fairing.notebook(...).serving()}); empty for the local process backend. */
    public Optional<String> image() {
        return Optional.ofNullable(image);
    }

    /** What {@link Builder#build()} accepted but advises against (a deprecated KServe mode name); show them to the user. */
    public List<String> warnings() {
        return warnings;
    }

    /** The model's name in the URLs ({@code /v1/models/NAME:predict}); the spec's name by default. */
    public String modelName() {
        return modelName;
    }

    /** The model artifact: a path in the image, {@code file:}, {@code http(s)://}, {@code pvc://CLAIM/PATH}, or {@code s3://}, {@code gs://}... */
    public Optional<String> modelUri() {
        return Optional.ofNullable(modelUri);
    }

    /** The Predictor class to serve, when the notebook defines several. */
    public Optional<String> predictor() {
        return Optional.ofNullable(predictor);
    }

    public Resources resources() {
        return resources;
    }

    public Map<String, String> env() {
        return env;
    }

    /** Secrets whose keys become environment variables (credentials go here, never in {@link #env()}). */
    public List<String> secretEnv() {
        return secretEnv;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    public Optional<Integer> minReplicas() {
        return Optional.ofNullable(minReplicas);
    }

    public Optional<Integer> maxReplicas() {
        return Optional.ofNullable(maxReplicas);
    }

    public Optional<ScaleMetric> scaleMetric() {
        return Optional.ofNullable(scaleMetric);
    }

    public Optional<Integer> scaleTarget() {
        return Optional.ofNullable(scaleTarget);
    }

    /** The share of traffic (0-100) the new revision gets, the rest going to the previous one; empty: all of it. */
    public Optional<Integer> canaryTrafficPercent() {
        return Optional.ofNullable(canaryTrafficPercent);
    }

    /** KServe's deployment mode; empty: the cluster's default. */
    public Optional<DeploymentMode> deploymentMode() {
        return Optional.ofNullable(deploymentMode);
    }

    public Optional<String> serviceAccount() {
        return Optional.ofNullable(serviceAccount);
    }

    public List<String> imagePullSecrets() {
        return imagePullSecrets;
    }

    public Optional<Integer> terminationGraceSeconds() {
        return Optional.ofNullable(terminationGraceSeconds);
    }

    /** Larger request bodies get 413 (the server's default: 32 MiB). */
    public Optional<Long> maxRequestBytes() {
        return Optional.ofNullable(maxRequestBytes);
    }

    /** The model server's environment for the spec's options (model name, predictor, grace, size limit). */
    Map<String, String> serverEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(io.jfairing.runtime.server.ServingMain.ENV_MODEL_NAME, modelName);
        predictor().ifPresent(p -> env.put(io.jfairing.runtime.server.ServingMain.ENV_PREDICTOR, p));
        terminationGraceSeconds()
                .ifPresent(s -> env.put(io.jfairing.runtime.server.ServingMain.ENV_GRACE_SECONDS, Integer.toString(s)));
        maxRequestBytes()
                .ifPresent(
                        n -> env.put(io.jfairing.runtime.server.ServingMain.ENV_MAX_REQUEST_BYTES, Long.toString(n)));
        return env;
    }

    /** The scheme of the model URI: {@code file} for a plain path. */
    public Optional<String> modelUriScheme() {
        return modelUri().map(ServingSpec::scheme);
    }

    static String scheme(String uri) {
        if (ModelReference.isReference(uri)) {
            return "models";
        }
        int colon = uri.indexOf("://");
        if (colon > 0) {
            return uri.substring(0, colon).toLowerCase(Locale.ROOT);
        }
        return "file";
    }

    @Override
    public String toString() {
        return "ServingSpec{" + name + ", image=" + image + ", model=" + modelName + ", uri=" + modelUri + "}";
    }

    /** Collects the options; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private static final List<String> STORAGE_SCHEMES =
                List.of("s3", "gs", "hdfs", "webhdfs", "oci", "hf", "azure");
        private final String name;
        private String namespace;
        private String image;
        private String modelName;
        private String modelUri;
        private String predictor;
        private Resources resources = Resources.none();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> secretEnv = new ArrayList<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private Integer minReplicas;
        private Integer maxReplicas;
        private ScaleMetric scaleMetric;
        private Integer scaleTarget;
        private Integer canaryTrafficPercent;
        private DeploymentMode deploymentMode;
        private String serviceAccount;
        private final List<String> imagePullSecrets = new ArrayList<>();
        private Integer terminationGraceSeconds;
        private Long maxRequestBytes;
        private final List<String> warnings = new ArrayList<>();

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new InvalidServingSpecException("a serving name is required");
            }
            this.name = ResourceNames.valid(name, MAX_NAME_LENGTH);
        }

        public Builder namespace(String newNamespace) {
            this.namespace = newNamespace;
            return this;
        }

        public Builder image(String reference) {
            this.image = reference;
            return this;
        }

        public Builder modelName(String newModelName) {
            this.modelName = newModelName;
            return this;
        }

        public Builder modelUri(String uri) {
            this.modelUri = uri;
            return this;
        }

        public Builder predictor(String className) {
            this.predictor = className;
            return this;
        }

        public Builder resources(Resources newResources) {
            this.resources = Objects.requireNonNull(newResources, "resources");
            return this;
        }

        public Builder env(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        public Builder secretEnv(String secretName) {
            secretEnv.add(secretName);
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder annotation(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        /** At least {@code min} (0: scale to zero, Serverless only) and at most {@code max} replicas. */
        public Builder replicas(int min, int max) {
            this.minReplicas = min;
            this.maxReplicas = max;
            return this;
        }

        public Builder minReplicas(int min) {
            this.minReplicas = min;
            return this;
        }

        public Builder maxReplicas(int max) {
            this.maxReplicas = max;
            return this;
        }

        /** Autoscale on {@code metric} with {@code target} per replica (percent for cpu and memory). */
        public Builder scale(ScaleMetric metric, int target) {
            this.scaleMetric = Objects.requireNonNull(metric, "metric");
            this.scaleTarget = target;
            return this;
        }

        /** Sends {@code percent} of the traffic to this (new) revision, the rest to the previous one (Serverless only). */
        public Builder canaryTrafficPercent(Integer percent) {
            this.canaryTrafficPercent = percent;
            return this;
        }

        public Builder deploymentMode(DeploymentMode mode) {
            this.deploymentMode = mode;
            return this;
        }

        public Builder serviceAccount(String account) {
            this.serviceAccount = account;
            return this;
        }

        public Builder imagePullSecret(String secretName) {
            imagePullSecrets.add(secretName);
            return this;
        }

        /** How long a replica may take to finish its requests in flight when stopped (Kubernetes default: 30 s). */
        public Builder terminationGraceSeconds(int seconds) {
            this.terminationGraceSeconds = seconds;
            return this;
        }

        /** Larger request bodies get 413 (default 32 MiB). */
        public Builder maxRequestBytes(long bytes) {
            this.maxRequestBytes = bytes;
            return this;
        }

        public ServingSpec build() {
            if (maxRequestBytes != null && maxRequestBytes < 1) {
                throw new InvalidServingSpecException(
                        "the request size limit must be 1 byte or more, got " + maxRequestBytes);
            }
            if (namespace != null && !ResourceNames.isValid(namespace, ResourceNames.MAX_LENGTH)) {
                throw new InvalidServingSpecException(
                        "invalid namespace '" + namespace + "' (lowercase letters, digits and '-')");
            }
            if (image != null && (image.isBlank() || image.chars().anyMatch(Character::isWhitespace))) {
                throw new InvalidServingSpecException("invalid image reference '" + image + "'");
            }
            String model = modelName != null ? modelName : name;
            if (!MODEL_NAME.matcher(model).matches()) {
                throw new InvalidServingSpecException("invalid model name '" + model
                        + "': letters, digits, '.', '_' and '-' (it goes into the URLs /v1/models/NAME:predict)");
            }
            if (modelUri != null) {
                checkModelUri(modelUri);
            }
            env.forEach((k, v) -> {
                if (!ENV_NAME.matcher(k).matches()) {
                    throw new InvalidServingSpecException("invalid environment variable name '" + k + "'");
                }
                if (k.startsWith("FAIRING_") || k.equals("STORAGE_URI") || k.equals("PORT")) {
                    throw new InvalidServingSpecException("environment variable " + k + " is set by jfairing: use the "
                            + "spec's options (model name, model URI, predictor) instead");
                }
                if (SECRET_NAME.matcher(k).matches()) {
                    throw new InvalidServingSpecException(
                            "environment variable " + k + " looks like a credential: put it in "
                                    + "a Kubernetes secret and pass the secret with secretEnv(...), so it never appears in a manifest");
                }
                if (v == null) {
                    throw new InvalidServingSpecException("environment variable " + k + " has no value");
                }
            });
            for (String secret : secretEnv) {
                requireName("secret", secret);
            }
            for (String secret : imagePullSecrets) {
                requireName("image pull secret", secret);
            }
            if (serviceAccount != null) {
                requireName("service account", serviceAccount);
            }
            if (minReplicas != null && minReplicas < 0) {
                throw new InvalidServingSpecException("min replicas must be 0 or more, got " + minReplicas);
            }
            if (maxReplicas != null && maxReplicas < 1) {
                throw new InvalidServingSpecException("max replicas must be 1 or more, got " + maxReplicas);
            }
            if (minReplicas != null && maxReplicas != null && minReplicas > maxReplicas) {
                throw new InvalidServingSpecException(
                        "min replicas (" + minReplicas + ") is more than max replicas (" + maxReplicas + ")");
            }
            if (scaleTarget != null && scaleTarget < 1) {
                throw new InvalidServingSpecException("the scale target must be 1 or more, got " + scaleTarget);
            }
            if (scaleMetric != null
                    && (scaleMetric == ScaleMetric.CPU || scaleMetric == ScaleMetric.MEMORY)
                    && scaleTarget > 100) {
                throw new InvalidServingSpecException("the " + scaleMetric.value()
                        + " target is a percentage of the request (1-100), got " + scaleTarget);
            }
            if (canaryTrafficPercent != null && (canaryTrafficPercent < 0 || canaryTrafficPercent > 100)) {
                throw new InvalidServingSpecException(
                        "canary traffic percent must be between 0 and 100, got " + canaryTrafficPercent);
            }
            warnings.clear();
            String modeAnnotation = annotations.get(DeploymentMode.ANNOTATION);
            if (modeAnnotation != null) {
                DeploymentMode annotated;
                try {
                    annotated = DeploymentMode.parse(modeAnnotation);
                } catch (InvalidServingSpecException e) {
                    // kserve pkg/apis/serving/v1beta1/inference_service_validation.go: the deployment mode is one
                    // KServe knows
                    throw new InvalidServingSpecException("annotations[" + DeploymentMode.ANNOTATION + "]: "
                            + e.getMessage() + " (" + KServeRules.VALIDATION + ")");
                }
                if (deploymentMode != null && deploymentMode.current() != annotated.current()) {
                    throw new InvalidServingSpecException("annotations[" + DeploymentMode.ANNOTATION + "]: '"
                            + modeAnnotation + "' contradicts deploymentMode(" + deploymentMode.value() + ")");
                }
                if (deploymentMode == null && modeAnnotation.equals(annotated.value())) {
                    deploymentMode = annotated;
                }
            }
            if (deploymentMode != null) {
                deploymentMode.deprecationWarning().ifPresent(warnings::add);
            }
            if (deploymentMode != null && deploymentMode.isStandard()) {
                // inference_service_validation.go: canary rollouts and KPA metrics belong to Knative; the Standard
                // (RawDeployment) reconciler makes one Deployment and an HPA (validateScalingHPACompExtension)
                if (canaryTrafficPercent != null) {
                    throw new InvalidServingSpecException(
                            "canaryTrafficPercent: KServe splits canary traffic in Knative "
                                    + "(Serverless mode only): use deploymentMode(KNATIVE), or leave canary traffic out");
                }
                if (scaleMetric != null && scaleMetric.needsServerless()) {
                    throw new InvalidServingSpecException(
                            "scaleMetric: scaling on " + scaleMetric.value() + " needs Serverless "
                                    + "(Knative) mode; Standard (RawDeployment) scales on cpu or memory ("
                                    + KServeRules.VALIDATION + " validateScalingHPACompExtension)");
                }
                if (minReplicas != null && minReplicas == 0) {
                    throw new InvalidServingSpecException(
                            "minReplicas: scale to zero (min replicas 0) needs Knative (Serverless) mode");
                }
            }
            KServeRules.check(deploymentMode, annotations, scaleMetric, minReplicas);
            KServeRules.metadata(labels, annotations);
            KServeRules.kubernetes(() -> resources.validated("resources"));
            if (terminationGraceSeconds != null && terminationGraceSeconds < 0) {
                throw new InvalidServingSpecException("termination grace must be 0 or more seconds");
            }
            return new ServingSpec(this);
        }

        private static void requireName(String what, String value) {
            if (value == null || !value.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || value.length() > 253) {
                throw new InvalidServingSpecException("invalid " + what + " name '" + value + "'");
            }
        }

        private static void checkModelUri(String uri) {
            String scheme = scheme(uri);
            switch (scheme) {
                case "http", "https" -> {
                    URI parsed;
                    try {
                        parsed = URI.create(uri);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidServingSpecException("invalid model URI '" + uri + "': " + e.getMessage());
                    }
                    if (parsed.getHost() == null) {
                        throw new InvalidServingSpecException("invalid model URI '" + uri + "': no host");
                    }
                    if (parsed.getRawUserInfo() != null) {
                        throw new InvalidServingSpecException(
                                "the model URI carries credentials (user:password@): they would "
                                        + "be written into the manifest; serve the artifact without them or from a PVC");
                    }
                    if (parsed.getRawQuery() != null
                            && SIGNED_QUERY.matcher(parsed.getRawQuery()).find()) {
                        throw new InvalidServingSpecException(
                                "the model URI carries a signature or token in its query: it would "
                                        + "be written into the manifest and the logs; use a storage URI with a secret, or a PVC");
                    }
                }
                case "models" -> {
                    try {
                        ModelReference.parse(uri);
                    } catch (io.jfairing.metadata.InvalidRequestException e) {
                        throw new InvalidServingSpecException(e.getMessage());
                    }
                }
                case "pvc" -> {
                    String rest = uri.substring("pvc://".length());
                    String claim = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
                    if (!ResourceNames.isValid(claim, 253) && !claim.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
                        throw new InvalidServingSpecException(
                                "invalid PVC name '" + claim + "' in model URI '" + uri + "' (pvc://CLAIM/PATH)");
                    }
                    if (rest.contains("..")) {
                        throw new InvalidServingSpecException("the model URI '" + uri + "' must not contain '..'");
                    }
                }
                case "file" -> {
                    String path = uri.startsWith("file:") ? URI.create(uri).getPath() : uri;
                    if (path == null || !path.startsWith("/")) {
                        throw new InvalidServingSpecException("a model path must be absolute, got '" + uri + "'");
                    }
                }
                default -> {
                    if (!STORAGE_SCHEMES.contains(scheme)) {
                        throw new InvalidServingSpecException("unsupported model URI '" + uri
                                + "': use a path, file:, http(s)://, " + "pvc://CLAIM/PATH or a KServe storage URI ("
                                + String.join(", ", STORAGE_SCHEMES) + ")");
                    }
                    if (uri.contains("@") && uri.indexOf('@') < uri.indexOf('/', scheme.length() + 3)) {
                        throw new InvalidServingSpecException(
                                "the model URI carries credentials: use KServe's storage secret instead");
                    }
                }
            }
        }
    }
}
