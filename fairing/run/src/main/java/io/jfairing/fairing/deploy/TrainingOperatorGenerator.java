package io.jfairing.fairing.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training Operator v1 ({@code kubeflow.org/v1}) PyTorchJob, TFJob, MPIJob, XGBoostJob: one replica spec per role
 * under {@code pytorchReplicaSpecs} (and the like), the container named as the operator expects
 * ({@code pytorch}, {@code tensorflow}, ...), {@code spec.runPolicy} from the {@link RunPolicy}.
 */
public final class TrainingOperatorGenerator implements ManifestGenerator {
    private final JobKind kind;

    public TrainingOperatorGenerator(JobKind kind) {
        if (!kind.isTrainingOperator()) {
            throw new IllegalArgumentException(kind.kind() + " is not a Training Operator kind");
        }
        this.kind = kind;
    }

    @Override
    public GenericKubernetesResource generate(JobSpec spec) {
        if (spec.kind() != kind) {
            throw new InvalidJobSpecException("this generator makes " + kind.kind() + ", the spec is a "
                    + spec.kind().kind());
        }
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(kind.apiVersion());
        r.setKind(kind.kind());
        r.setMetadata(PodTemplates.metadata(spec));
        r.setAdditionalProperty("spec", spec(spec, kind, Map.of()));
        return r;
    }

    static Map<String, Object> spec(JobSpec spec, JobKind kind, Map<String, String> extraEnv) {
        Map<String, Object> replicaSpecs = new LinkedHashMap<>();
        spec.replicasByRole(kind).forEach((role, n) -> {
            Map<String, Object> rs = new LinkedHashMap<>();
            rs.put("replicas", n);
            rs.put("restartPolicy", "Never");
            rs.put("template", PodTemplates.toMap(PodTemplates.template(spec, kind, role, extraEnv)));
            replicaSpecs.put(role.key(), rs);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(kind.replicaSpecsField(), replicaSpecs);
        if (kind == JobKind.MPI_JOB) {
            if (spec.slotsPerWorker() != null) body.put("slotsPerWorker", spec.slotsPerWorker());
            if (spec.mainContainer() != null) body.put("mainContainer", spec.mainContainer());
        }
        if (kind == JobKind.PYTORCH_JOB && spec.nprocPerNode() != null) {
            body.put("nprocPerNode", spec.nprocPerNode());
        }
        Map<String, Object> runPolicy = PodTemplates.runPolicy(spec.runPolicy());
        if (!runPolicy.isEmpty()) {
            body.put("runPolicy", runPolicy);
        }
        return body;
    }
}
