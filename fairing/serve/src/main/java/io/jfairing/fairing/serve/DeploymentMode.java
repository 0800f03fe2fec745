package io.jfairing.fairing.serve;

/** KServe's deployment mode, the {@code serving.kserve.io/deploymentMode} annotation of an InferenceService. */
public enum DeploymentMode {
    /** A Deployment, a Service and an HPA made by KServe: no Knative, no scale to zero, no canary. */
    RAW("RawDeployment"),
    /** A Knative service: scale to zero, concurrency and rps autoscaling, canary traffic splits. */
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

    /** {@code raw}, {@code RawDeployment}, {@code serverless} or {@code Serverless}. */
    public static DeploymentMode parse(String text) {
        for (DeploymentMode mode : values()) {
            if (mode.value.equalsIgnoreCase(text) || mode.name().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new InvalidServingSpecException("unknown deployment mode '" + text + "' (raw or serverless)");
    }
}
