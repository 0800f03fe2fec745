package io.jfairing.metadata.mlmd;

import java.util.List;

/**
 * The types every store has from the start: KFP v2's artifact types {@code system.Dataset}, {@code system.Model},
 * {@code system.Metrics} (with the properties of the kubeflow-metadata SDK's DataSet, Model and Metrics), the
 * execution type of runs and the context type of experiments.
 */
public final class SystemTypes {
    public static final String DATASET = "system.Dataset";
    public static final String MODEL = "system.Model";
    public static final String METRICS = "system.Metrics";
    public static final String RUN = "jfairing.Run";
    public static final String EXPERIMENT = "jfairing.Experiment";

    public static final Type DATASET_TYPE = Type.builder(TypeKind.ARTIFACT, DATASET)
            .description("A data set (KFP system.Dataset; kubeflow-metadata DataSet)")
            .property("version", PropertyType.STRING)
            .property("description", PropertyType.STRING)
            .property("owner", PropertyType.STRING)
            .property("query", PropertyType.STRING)
            .property("labels", PropertyType.STRUCT)
            .build();

    public static final Type MODEL_TYPE = Type.builder(TypeKind.ARTIFACT, MODEL)
            .description("A trained model (KFP system.Model; kubeflow-metadata Model)")
            .property("version", PropertyType.STRING)
            .property("description", PropertyType.STRING)
            .property("owner", PropertyType.STRING)
            .property("model_type", PropertyType.STRING)
            .property("framework", PropertyType.STRING)
            .property("framework_version", PropertyType.STRING)
            .property("hyperparameters", PropertyType.STRUCT)
            .property("labels", PropertyType.STRUCT)
            .build();

    public static final Type METRICS_TYPE = Type.builder(TypeKind.ARTIFACT, METRICS)
            .description(
                    "Evaluation metrics (KFP system.Metrics; kubeflow-metadata Metrics); values are custom properties")
            .property("version", PropertyType.STRING)
            .property("description", PropertyType.STRING)
            .property("owner", PropertyType.STRING)
            .property("metrics_type", PropertyType.STRING)
            .property("data_set_id", PropertyType.INT)
            .property("model_id", PropertyType.INT)
            .property("labels", PropertyType.STRUCT)
            .build();

    public static final Type RUN_TYPE = Type.builder(TypeKind.EXECUTION, RUN)
            .description("A run of the run-centric API")
            .build();

    public static final Type EXPERIMENT_TYPE = Type.builder(TypeKind.CONTEXT, EXPERIMENT)
            .description("An experiment: the runs and artifacts logged in it")
            .build();

    public static final List<Type> ALL = List.of(DATASET_TYPE, MODEL_TYPE, METRICS_TYPE, RUN_TYPE, EXPERIMENT_TYPE);

    private SystemTypes() {}
}
