package io.jfairing.fairing.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trainer v2 ({@code trainer.kubeflow.org/v1alpha1}) TrainJob: {@code spec.runtimeRef.name} and
 * {@code spec.trainer.{image, command, args, env, numNodes, resourcesPerNode}}; everything else comes from the runtime.
 */
public final class TrainJobGenerator implements ManifestGenerator {

    @Override
    public GenericKubernetesResource generate(JobSpec spec) {
        if (spec.kind() != JobKind.TRAIN_JOB) {
            throw new InvalidJobSpecException("this generator makes TrainJob, the spec is a "
                    + spec.kind().kind());
        }
        Map<String, Object> trainer = new LinkedHashMap<>();
        trainer.put("image", spec.image());
        if (!spec.command().isEmpty()) {
            trainer.put("command", spec.command());
        }
        if (!spec.args().isEmpty()) {
            trainer.put("args", spec.args());
        }
        if (!spec.env().isEmpty()) {
            trainer.put(
                    "env",
                    PodTemplates.envVars(spec, Map.of()).stream()
                            .map(PodTemplates::toMap)
                            .toList());
        }
        trainer.put("numNodes", spec.workers());
        if (spec.numProcPerNode() != null) {
            trainer.put("numProcPerNode", spec.numProcPerNode());
        }
        Resources resources = spec.resources(null);
        if (!resources.isEmpty()) {
            trainer.put("resourcesPerNode", PodTemplates.toMap(PodTemplates.requirements(resources)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runtimeRef", Map.of("name", spec.runtimeRef()));
        body.put("trainer", trainer);
        if (spec.runPolicy().activeDeadlineSeconds() != null) {
            body.put("activeDeadlineSeconds", spec.runPolicy().activeDeadlineSeconds());
        }
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(JobKind.TRAIN_JOB.apiVersion());
        r.setKind(JobKind.TRAIN_JOB.kind());
        r.setMetadata(PodTemplates.metadata(spec));
        r.setAdditionalProperty("spec", body);
        return r;
    }
}
