package io.jfairing.fairing.serve;

import java.util.Optional;

/**
 * KServe's deployment mode, the {@code serving.kserve.io/deploymentMode} annotation of an InferenceService. KServe
 * main renamed the modes: {@code RawDeployment} is now {@code Standard}, {@code Serverless} is now {@code Knative}
 * (kserve pkg/constants/constants.go); the old names are deprecated but still understood. {@link #RAW} and
 * {@link #SERVERLESS} write the old names (for a KServe release from before the rename) and
 * {@link ServingSpec#warnings()} says so.
 */
public enum DeploymentMode {
    /** A Deployment, a Service and an HPA made by KServe: no Knative, no scale to zero, no canary. */
    STANDARD("Standard"),
    /** A Knative service: scale to zero, concurrency and rps autoscaling, canary traffic splits. */
    KNATIVE("Knative"),
    /** @deprecated KServe's old name of {@link #STANDARD}, written as {@code RawDeployment}. */
    @Deprecated
    RAW("RawDeployment"),
    /** @deprecated KServe's old name of {@link #KNATIVE}, written as {@code Serverless}. */
    @Deprecated
    SERVERLESS("Serverless");

    public static final String ANNOTATION = "serving.kserve.io/deploymentMode";

    private final String value;

    DeploymentMode(String value) {
        this.value = value;
    }

    /** The annotation's value. */
    public String value() {
        return value;
    }

    /** {@link #STANDARD} for {@link #RAW}, {@link #KNATIVE} for {@link #SERVERLESS}, else itself. */
    @SuppressWarnings("deprecation")
    public DeploymentMode current() {
        return switch (this) {
            case RAW -> STANDARD;
            case SERVERLESS -> KNATIVE;
            default -> this;
        };
    }

    /** True for Standard (raw Deployment) mode under either name. */
    public boolean isStandard() {
        return current() == STANDARD;
    }

    /** True for Knative (Serverless) mode under either name. */
    public boolean isKnative() {
        return current() == KNATIVE;
    }

    /** True for the deprecated names. */
    public boolean isDeprecated() {
        return current() != this;
    }

    /** The warning for a deprecated name; empty for a current one. */
    public Optional<String> deprecationWarning() {
        return isDeprecated()
                ? Optional.of("deployment mode " + value
                        + " is deprecated in KServe (kserve pkg/constants/constants.go): use "
                        + current().value + " (" + current().name().toLowerCase(java.util.Locale.ROOT)
                        + "), unless the cluster runs a "
                        + "KServe release from before the rename")
                : Optional.empty();
    }

    /**
     * {@code standard}/{@code Standard}, {@code knative}/{@code Knative}, and the deprecated {@code raw},
     * {@code RawDeployment}, {@code serverless}, {@code Serverless} (see {@link #deprecationWarning()}).
     */
    public static DeploymentMode parse(String text) {
        for (DeploymentMode mode : values()) {
            if (mode.value.equalsIgnoreCase(text) || mode.name().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new InvalidServingSpecException(
                "unknown deployment mode '" + text
                        + "' (standard or knative; the deprecated raw/RawDeployment and serverless/Serverless are accepted too)");
    }
}
