package io.jfairing.fairing.pipeline;

import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.jfairing.fairing.deploy.KubernetesRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Kubernetes settings of a step's pod, as the KFP SDK's kfp-kubernetes extension sets them on a task: persistent
 * volume claims mounted, secrets and config maps as environment variables or as volumes, node selector labels,
 * tolerations and image pull secrets. Immutable; names, keys and paths are checked against Kubernetes' rules when
 * added. In a notebook each is a tag of its own ({@link #parseTag}), in {@code %%fairing step} an option of the same
 * name, in Java {@link Step.Builder#kubernetes(StepKubernetes)}:
 *
 * <pre>{@code
 * StepKubernetes.builder()
 *         .mountPvc("training-data", "/data")
 *         .secretAsEnv("db-credentials", "password", "DB_PASSWORD")
 *         .nodeSelector("cloud.google.com/gke-accelerator", "nvidia-tesla-t4")
 *         .toleration(StepKubernetes.Toleration.exists("nvidia.com/gpu", "NoSchedule"))
 *         .build();
 * }</pre>
 */
public final class StepKubernetes {
    public static final StepKubernetes NONE = builder().build();

    // kubernetes pkg/apis/core/validation/validation.go: an env var name (validEnvVarName, the C identifier form)
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // k8s.io/apimachinery pkg/util/validation/validation.go IsConfigMapKey (also for secrets' data keys)
    private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    /** A persistent volume claim mounted at {@code mountPath} ({@code subPath} of it; empty for its root). */
    public record PvcMount(String claim, String mountPath, String subPath) {
        public PvcMount {
            KubernetesRules.dns1123Subdomain("persistent volume claim", claim);
            checkMountPath(mountPath);
            subPath = subPath == null ? "" : subPath;
            if (subPath.startsWith("/") || List.of(subPath.split("/")).contains("..")) {
                throw new IllegalArgumentException(
                        "sub path '" + subPath + "' of claim " + claim + " must be relative and must not contain '..'");
            }
        }
    }

    /** The data key {@code key} of a secret or config map {@code source}, as the environment variable {@code envVar}. */
    public record KeyAsEnv(String source, String key, String envVar) {
        public KeyAsEnv {
            KubernetesRules.dns1123Subdomain("secret or config map name", source);
            if (key == null || key.length() > 253 || !DATA_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("key '" + key + "' of " + source
                        + " must be letters, digits, '-', '_' and '.' (k8s.io/apimachinery IsConfigMapKey)");
            }
            if (envVar == null || !ENV_VAR.matcher(envVar).matches()) {
                throw new IllegalArgumentException("environment variable '" + envVar + "' for " + source + "/" + key
                        + " must be letters, digits and '_', not starting with a digit");
            }
        }
    }

    /** A secret or config map {@code source} mounted as files at {@code mountPath}. */
    public record AsVolume(String source, String mountPath) {
        public AsVolume {
            KubernetesRules.dns1123Subdomain("secret or config map name", source);
            checkMountPath(mountPath);
        }
    }

    /**
     * A toleration of a node taint: {@code operator} {@code Equal} (the key has {@code value}) or {@code Exists} (any
     * value); {@code effect} empty for all effects; {@code seconds} (null: forever) only with {@code NoExecute}.
     */
    public record Toleration(String key, String operator, String value, String effect, Long seconds) {
        public Toleration {
            key = key == null ? "" : key;
            value = value == null ? "" : value;
            effect = effect == null ? "" : effect;
            KubernetesRules.tolerations(
                    "toleration",
                    List.of(new TolerationBuilder()
                            .withKey(key)
                            .withOperator(operator)
                            .withValue(value)
                            .withEffect(effect)
                            .withTolerationSeconds(seconds)
                            .build()));
        }

        /** Tolerates the taint {@code key} of any value with {@code effect}. */
        public static Toleration exists(String key, String effect) {
            return new Toleration(key, "Exists", "", effect, null);
        }

        /** Tolerates the taint {@code key=value} with {@code effect}. */
        public static Toleration equal(String key, String value, String effect) {
            return new Toleration(key, "Equal", value, effect, null);
        }

        /**
         * Reads a taint as {@code kubectl taint} writes it, {@code KEY[=VALUE][:EFFECT]}, with an optional
         * {@code :SECONDS} after a {@code NoExecute} effect.
         */
        static Toleration parse(String text) throws PipelineException {
            String[] parts = text.split(":", -1);
            if (parts.length > 3 || parts[0].isBlank()) {
                throw new PipelineException("toleration '" + text + "' is not KEY[=VALUE][:EFFECT][:SECONDS]"
                        + " (e.g. toleration:nvidia.com/gpu:NoSchedule or toleration:dedicated=ml:NoExecute:600)");
            }
            String[] kv = parts[0].split("=", 2);
            String effect = parts.length > 1 ? parts[1] : "";
            Long seconds = null;
            if (parts.length > 2) {
                try {
                    seconds = Long.parseLong(parts[2]);
                } catch (NumberFormatException e) {
                    throw new PipelineException(
                            "toleration '" + text + "': seconds must be a whole number, not '" + parts[2] + "'");
                }
            }
            return new Toleration(
                    kv[0], kv.length == 2 ? "Equal" : "Exists", kv.length == 2 ? kv[1] : "", effect, seconds);
        }
    }

    private final List<PvcMount> pvcMounts;
    private final List<KeyAsEnv> secretsAsEnv;
    private final List<AsVolume> secretsAsVolume;
    private final List<KeyAsEnv> configMapsAsEnv;
    private final List<AsVolume> configMapsAsVolume;
    private final Map<String, String> nodeSelector;
    private final List<Toleration> tolerations;
    private final List<String> imagePullSecrets;

    private StepKubernetes(Builder b) {
        this.pvcMounts = List.copyOf(b.pvcMounts);
        this.secretsAsEnv = List.copyOf(b.secretsAsEnv);
        this.secretsAsVolume = List.copyOf(b.secretsAsVolume);
        this.configMapsAsEnv = List.copyOf(b.configMapsAsEnv);
        this.configMapsAsVolume = List.copyOf(b.configMapsAsVolume);
        this.nodeSelector = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.nodeSelector));
        this.tolerations = List.copyOf(b.tolerations);
        this.imagePullSecrets = List.copyOf(b.imagePullSecrets);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().with(this);
    }

    /** These settings and those of {@code other} (lists joined, node selector labels of {@code other} over these). */
    public StepKubernetes with(StepKubernetes other) {
        return toBuilder().with(other).build();
    }

    /**
     * The settings a notebook tag gives, or null for a tag that gives none: {@code pvc:CLAIM:/PATH[:SUBPATH]},
     * {@code secret-env:SECRET:KEY=ENV_VAR}, {@code secret-volume:SECRET:/PATH}, {@code configmap-env:MAP:KEY=ENV_VAR},
     * {@code configmap-volume:MAP:/PATH}, {@code node-selector:LABEL=VALUE},
     * {@code toleration:KEY[=VALUE][:EFFECT][:SECONDS]}, {@code image-pull-secret:SECRET}.
     *
     * @throws PipelineException for a tag of these kinds with a malformed or invalid value, saying the form
     */
    public static StepKubernetes parseTag(String tag) throws PipelineException {
        int colon = tag.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String kind = tag.substring(0, colon);
        String value = tag.substring(colon + 1);
        Builder b = builder();
        try {
            switch (kind) {
                case "pvc" -> {
                    String[] p = parts(tag, value, 2, 3, "pvc:CLAIM:/PATH[:SUBPATH]");
                    b.mountPvc(p[0], p[1], p.length > 2 ? p[2] : "");
                }
                case "secret-env" -> {
                    String[] p = keyToEnv(tag, value, "secret-env:SECRET:KEY=ENV_VAR");
                    b.secretAsEnv(p[0], p[1], p[2]);
                }
                case "secret-volume" -> {
                    String[] p = parts(tag, value, 2, 2, "secret-volume:SECRET:/PATH");
                    b.secretAsVolume(p[0], p[1]);
                }
                case "configmap-env" -> {
                    String[] p = keyToEnv(tag, value, "configmap-env:CONFIG_MAP:KEY=ENV_VAR");
                    b.configMapAsEnv(p[0], p[1], p[2]);
                }
                case "configmap-volume" -> {
                    String[] p = parts(tag, value, 2, 2, "configmap-volume:CONFIG_MAP:/PATH");
                    b.configMapAsVolume(p[0], p[1]);
                }
                case "node-selector" -> {
                    String[] kv = value.split("=", 2);
                    if (kv.length != 2) {
                        throw new PipelineException(
                                "tag '" + tag + "' is not node-selector:LABEL=VALUE (e.g. node-selector:disktype=ssd)");
                    }
                    b.nodeSelector(kv[0], kv[1]);
                }
                case "toleration" -> b.toleration(Toleration.parse(value));
                case "image-pull-secret" -> b.imagePullSecret(value);
                default -> {
                    return null;
                }
            }
        } catch (IllegalArgumentException e) {
            throw new PipelineException("tag '" + tag + "': " + e.getMessage());
        }
        return b.build();
    }

    /** The tag kinds {@link #parseTag} reads, as {@code %%fairing step} options ({@code --pvc}, ...) too. */
    public static List<String> tagKinds() {
        return List.of(
                "pvc",
                "secret-env",
                "secret-volume",
                "configmap-env",
                "configmap-volume",
                "node-selector",
                "toleration",
                "image-pull-secret");
    }

    private static String[] parts(String tag, String value, int min, int max, String form) throws PipelineException {
        String[] p = value.split(":", max);
        if (p.length < min) {
            throw new PipelineException("tag '" + tag + "' is not " + form);
        }
        return p;
    }

    private static String[] keyToEnv(String tag, String value, String form) throws PipelineException {
        String[] p = value.split(":", 2);
        String[] kv = p.length == 2 ? p[1].split("=", 2) : new String[0];
        if (kv.length != 2) {
            throw new PipelineException("tag '" + tag + "' is not " + form);
        }
        return new String[] {p[0], kv[0], kv[1]};
    }

    private static void checkMountPath(String mountPath) {
        if (mountPath == null || !mountPath.startsWith("/") || mountPath.contains(":")) {
            throw new IllegalArgumentException(
                    "mount path '" + mountPath + "' must be an absolute path without ':' (e.g. /data)");
        }
    }

    public List<PvcMount> pvcMounts() {
        return pvcMounts;
    }

    public List<KeyAsEnv> secretsAsEnv() {
        return secretsAsEnv;
    }

    public List<AsVolume> secretsAsVolume() {
        return secretsAsVolume;
    }

    public List<KeyAsEnv> configMapsAsEnv() {
        return configMapsAsEnv;
    }

    public List<AsVolume> configMapsAsVolume() {
        return configMapsAsVolume;
    }

    public Map<String, String> nodeSelector() {
        return nodeSelector;
    }

    public List<Toleration> tolerations() {
        return tolerations;
    }

    public List<String> imagePullSecrets() {
        return imagePullSecrets;
    }

    public boolean isNone() {
        return equals(NONE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepKubernetes k
                && pvcMounts.equals(k.pvcMounts)
                && secretsAsEnv.equals(k.secretsAsEnv)
                && secretsAsVolume.equals(k.secretsAsVolume)
                && configMapsAsEnv.equals(k.configMapsAsEnv)
                && configMapsAsVolume.equals(k.configMapsAsVolume)
                && nodeSelector.equals(k.nodeSelector)
                && tolerations.equals(k.tolerations)
                && imagePullSecrets.equals(k.imagePullSecrets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                pvcMounts,
                secretsAsEnv,
                secretsAsVolume,
                configMapsAsEnv,
                configMapsAsVolume,
                nodeSelector,
                tolerations,
                imagePullSecrets);
    }

    @Override
    public String toString() {
        return "StepKubernetes[pvcMounts=" + pvcMounts + ", secretsAsEnv=" + secretsAsEnv + ", secretsAsVolume="
                + secretsAsVolume + ", configMapsAsEnv=" + configMapsAsEnv + ", configMapsAsVolume="
                + configMapsAsVolume + ", nodeSelector=" + nodeSelector + ", tolerations=" + tolerations
                + ", imagePullSecrets=" + imagePullSecrets + "]";
    }

    /** Builds a {@link StepKubernetes}; each method checks its names and paths and throws for a bad one. */
    public static final class Builder {
        private final List<PvcMount> pvcMounts = new ArrayList<>();
        private final List<KeyAsEnv> secretsAsEnv = new ArrayList<>();
        private final List<AsVolume> secretsAsVolume = new ArrayList<>();
        private final List<KeyAsEnv> configMapsAsEnv = new ArrayList<>();
        private final List<AsVolume> configMapsAsVolume = new ArrayList<>();
        private final Map<String, String> nodeSelector = new LinkedHashMap<>();
        private final List<Toleration> tolerations = new ArrayList<>();
        private final List<String> imagePullSecrets = new ArrayList<>();

        private Builder() {}

        /** Mounts the persistent volume claim {@code claim} at {@code mountPath}. */
        public Builder mountPvc(String claim, String mountPath) {
            return mountPvc(claim, mountPath, "");
        }

        /** Mounts {@code subPath} of the persistent volume claim {@code claim} at {@code mountPath}. */
        public Builder mountPvc(String claim, String mountPath, String subPath) {
            checkFreePath(mountPath);
            pvcMounts.add(new PvcMount(claim, mountPath, subPath));
            return this;
        }

        /** Sets the environment variable {@code envVar} to the data {@code key} of the secret {@code secret}. */
        public Builder secretAsEnv(String secret, String key, String envVar) {
            checkFreeEnv(envVar);
            secretsAsEnv.add(new KeyAsEnv(secret, key, envVar));
            return this;
        }

        /** Mounts the secret {@code secret}'s data as files at {@code mountPath}. */
        public Builder secretAsVolume(String secret, String mountPath) {
            checkFreePath(mountPath);
            secretsAsVolume.add(new AsVolume(secret, mountPath));
            return this;
        }

        /** Sets the environment variable {@code envVar} to the data {@code key} of the config map {@code configMap}. */
        public Builder configMapAsEnv(String configMap, String key, String envVar) {
            checkFreeEnv(envVar);
            configMapsAsEnv.add(new KeyAsEnv(configMap, key, envVar));
            return this;
        }

        /** Mounts the config map {@code configMap}'s data as files at {@code mountPath}. */
        public Builder configMapAsVolume(String configMap, String mountPath) {
            checkFreePath(mountPath);
            configMapsAsVolume.add(new AsVolume(configMap, mountPath));
            return this;
        }

        /** Runs the step only on nodes labelled {@code label=value}. */
        public Builder nodeSelector(String label, String value) {
            KubernetesRules.qualifiedName("node selector label", label);
            KubernetesRules.labelValue("node selector value of " + label, value);
            nodeSelector.put(label, value);
            return this;
        }

        public Builder toleration(Toleration toleration) {
            tolerations.add(Objects.requireNonNull(toleration, "toleration"));
            return this;
        }

        /** Pulls the step's image with the credentials of the secret {@code secret} (a docker config secret). */
        public Builder imagePullSecret(String secret) {
            KubernetesRules.dns1123Subdomain("image pull secret", secret);
            if (!imagePullSecrets.contains(secret)) {
                imagePullSecrets.add(secret);
            }
            return this;
        }

        /** Adds every setting of {@code other}. */
        public Builder with(StepKubernetes other) {
            other.pvcMounts.forEach(m -> mountPvc(m.claim(), m.mountPath(), m.subPath()));
            other.secretsAsEnv.forEach(e -> secretAsEnv(e.source(), e.key(), e.envVar()));
            other.secretsAsVolume.forEach(v -> secretAsVolume(v.source(), v.mountPath()));
            other.configMapsAsEnv.forEach(e -> configMapAsEnv(e.source(), e.key(), e.envVar()));
            other.configMapsAsVolume.forEach(v -> configMapAsVolume(v.source(), v.mountPath()));
            other.nodeSelector.forEach(this::nodeSelector);
            tolerations.addAll(other.tolerations);
            other.imagePullSecrets.forEach(this::imagePullSecret);
            return this;
        }

        private void checkFreePath(String mountPath) {
            boolean taken = pvcMounts.stream().anyMatch(m -> m.mountPath().equals(mountPath))
                    || secretsAsVolume.stream().anyMatch(v -> v.mountPath().equals(mountPath))
                    || configMapsAsVolume.stream().anyMatch(v -> v.mountPath().equals(mountPath));
            if (taken) {
                throw new IllegalArgumentException("two volumes are mounted at " + mountPath
                        + ": give each its own path (Kubernetes refuses a pod whose mounts share a path)");
            }
        }

        private void checkFreeEnv(String envVar) {
            boolean taken = secretsAsEnv.stream().anyMatch(e -> e.envVar().equals(envVar))
                    || configMapsAsEnv.stream().anyMatch(e -> e.envVar().equals(envVar));
            if (taken) {
                throw new IllegalArgumentException("the environment variable " + envVar
                        + " is set twice: from two secret or config map keys; give each its own name");
            }
        }

        public StepKubernetes build() {
            return new StepKubernetes(this);
        }
    }
}
