package io.jfairing.fairing.job;

/**
 * The environment every replica gets from jfairing, on every backend, on top of what its kind's operator injects
 * ({@code MASTER_ADDR}, {@code MASTER_PORT}, {@code WORLD_SIZE}, {@code RANK}, {@code TF_CONFIG}, {@code PET_*}, which
 * the local backends inject themselves). Read inside the job through {@code io.jfairing.runtime.runner.TrainingContext}.
 * Credentials never go here as values: the metadata token reaches a pod through a secret reference.
 */
public final class JobEnvironment {
    /** The job's name. */
    public static final String JOB_NAME = "JFAIRING_JOB_NAME";
    /** The replica's role in lower case: {@code master}, {@code worker}, {@code chief}, {@code ps}, {@code launcher}. */
    public static final String REPLICA_ROLE = "JFAIRING_REPLICA_ROLE";
    /** The replica's index within its role. */
    public static final String REPLICA_INDEX = "JFAIRING_REPLICA_INDEX";
    /** The metadata store's run id for this job (the job's code logs metrics into it). */
    public static final String RUN_ID = "JFAIRING_RUN_ID";
    /** Where the metadata store is (same name as {@code io.jfairing.metadata.MetadataStore#ENV_URI}). */
    public static final String METADATA_URI = "JFAIRING_METADATA_URI";
    /** The metadata server's token (same name as {@code io.jfairing.metadata.MetadataStore#ENV_TOKEN}). */
    public static final String METADATA_TOKEN = "JFAIRING_METADATA_TOKEN";
    /** Prefix of a tuning trial's parameters: {@code FAIRING_PARAM_LR=0.01} (as Katib trials get them). */
    public static final String PARAMETER_PREFIX = "FAIRING_PARAM_";
    /** Labels jfairing puts on what it creates, so that {@link Backend#list()} finds them. */
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";

    public static final String MANAGED_BY = "jfairing";
    public static final String LABEL_JOB_NAME = "jfairing.io/job-name";

    private JobEnvironment() {}
}
