package io.jfairing.fairing.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The CRD schema check of {@link CrdSchemaValidator} for tests outside this package: picks the CRD file in
 * {@code ../shared/crds} by the manifest's {@code apiVersion} and {@code kind}.
 */
public final class CrdManifests {
    /** The CRD file of each custom kind jfairing creates or reads. */
    public static final Map<String, String> FILES = Map.of(
            "kubeflow.org/v1/PyTorchJob", "kubeflow.org_pytorchjobs.yaml",
            "kubeflow.org/v1/TFJob", "kubeflow.org_tfjobs.yaml",
            "kubeflow.org/v1/MPIJob", "kubeflow.org_mpijobs.yaml",
            "kubeflow.org/v1/XGBoostJob", "kubeflow.org_xgboostjobs.yaml",
            "trainer.kubeflow.org/v1alpha1/TrainJob", "trainer.kubeflow.org_trainjobs.yaml",
            "trainer.kubeflow.org/v1alpha1/ClusterTrainingRuntime", "trainer.kubeflow.org_clustertrainingruntimes.yaml",
            "kubeflow.org/v1beta1/Experiment", "kubeflow.org_experiments.yaml");

    private CrdManifests() {}

    /** The folder of CRD files ({@code ../shared/crds}, or {@code -Djfairing.crds}). */
    public static Path folder() {
        return CrdSchemaValidator.crdFolder();
    }

    /**
     * Every way {@code manifest} breaks its CRD's schema (empty when it is valid).
     *
     * @throws IllegalArgumentException when no CRD of the folder describes its kind
     */
    public static List<String> problems(Object manifest) {
        var node = CrdSchemaValidator.JSON.valueToTree(manifest);
        String key = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
        String file = FILES.get(key);
        if (file == null) {
            throw new IllegalArgumentException("no CRD for " + key);
        }
        return CrdSchemaValidator.load(file).validate(manifest);
    }
}
