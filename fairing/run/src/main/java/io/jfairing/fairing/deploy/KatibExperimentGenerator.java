package io.jfairing.fairing.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Katib ({@code kubeflow.org/v1beta1}) Experiment: objective, algorithm, parameters with their feasible space, trial
 * counts, the StdOut metrics collector, and a {@code trialTemplate} whose {@code trialSpec} is the same
 * {@link JobSpec} as a {@link Tuning#trialKind()} manifest; each parameter reaches the training container as env
 * {@code FAIRING_PARAM_<NAME>=${trialParameters.<name>}}.
 */
public final class KatibExperimentGenerator implements ManifestGenerator {
    /** The env variable a trial reads a parameter from. */
    public static String parameterEnv(String parameter) {
        return "FAIRING_PARAM_" + parameter.toUpperCase(Locale.ROOT);
    }

    @Override
    public GenericKubernetesResource generate(JobSpec spec) {
        if (spec.kind() != JobKind.EXPERIMENT || spec.tuning() == null) {
            throw new InvalidJobSpecException("this generator makes Katib Experiments, the spec is a "
                    + spec.kind().kind());
        }
        Tuning t = spec.tuning();
        Map<String, Object> objective = new LinkedHashMap<>();
        objective.put("type", t.goal().name().toLowerCase(Locale.ROOT));
        if (t.objectiveGoal() != null) {
            objective.put("goal", t.objectiveGoal());
        }
        objective.put("objectiveMetricName", t.objectiveMetricName());
        if (!t.additionalMetricNames().isEmpty()) {
            objective.put("additionalMetricNames", t.additionalMetricNames());
        }
        List<Map<String, Object>> parameters = new ArrayList<>();
        List<Map<String, Object>> trialParameters = new ArrayList<>();
        Map<String, String> paramEnv = new LinkedHashMap<>();
        for (Tuning.Parameter p : t.parameters()) {
            Map<String, Object> space = new LinkedHashMap<>();
            if (p.min() != null) space.put("min", p.min());
            if (p.max() != null) space.put("max", p.max());
            if (p.step() != null) space.put("step", p.step());
            if (!p.list().isEmpty()) space.put("list", p.list());
            Map<String, Object> param = new LinkedHashMap<>();
            param.put("name", p.name());
            param.put("parameterType", p.type().value());
            param.put("feasibleSpace", space);
            parameters.add(param);
            trialParameters.add(
                    Map.of("name", p.name(), "description", "jfairing parameter " + p.name(), "reference", p.name()));
            paramEnv.put(parameterEnv(p.name()), "${trialParameters." + p.name() + "}");
        }
        JobKind trialKind = t.trialKind();
        Map<String, Object> trialSpec = new LinkedHashMap<>();
        trialSpec.put("apiVersion", trialKind.apiVersion());
        trialSpec.put("kind", trialKind.kind());
        if (trialKind == JobKind.JOB) {
            trialSpec.put("spec", PodTemplates.toMap(BatchJobGenerator.jobSpec(spec, paramEnv)));
        } else {
            trialSpec.put("spec", TrainingOperatorGenerator.spec(spec, trialKind, paramEnv));
        }
        Map<String, Object> trialTemplate = new LinkedHashMap<>();
        trialTemplate.put("primaryContainerName", spec.containerName(trialKind));
        if (trialKind != JobKind.JOB) {
            Map<Role, Integer> roles = spec.replicasByRole(trialKind);
            boolean hasMaster =
                    roles.containsKey(Role.MASTER) || roles.containsKey(Role.CHIEF) || roles.containsKey(Role.LAUNCHER);
            if (hasMaster) {
                trialTemplate.put("primaryPodLabels", Map.of("training.kubeflow.org/job-role", "master"));
            }
            trialTemplate.put("successCondition", "status.conditions.#(type==\"Succeeded\")#|#(status==\"True\")#");
            trialTemplate.put("failureCondition", "status.conditions.#(type==\"Failed\")#|#(status==\"True\")#");
        }
        trialTemplate.put("trialParameters", trialParameters);
        trialTemplate.put("trialSpec", trialSpec);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("objective", objective);
        Map<String, Object> algorithm = new LinkedHashMap<>();
        algorithm.put("algorithmName", t.algorithm());
        if (!t.algorithmSettings().isEmpty()) {
            algorithm.put(
                    "algorithmSettings",
                    t.algorithmSettings().entrySet().stream()
                            .map(e -> Map.of("name", e.getKey(), "value", e.getValue()))
                            .toList());
        }
        body.put("algorithm", algorithm);
        body.put("parallelTrialCount", t.parallelTrialCount());
        body.put("maxTrialCount", t.maxTrialCount());
        body.put("maxFailedTrialCount", t.maxFailedTrialCount());
        body.put("metricsCollectorSpec", Map.of("collector", Map.of("kind", "StdOut")));
        body.put("parameters", parameters);
        body.put("trialTemplate", trialTemplate);
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(JobKind.EXPERIMENT.apiVersion());
        r.setKind(JobKind.EXPERIMENT.kind());
        r.setMetadata(PodTemplates.metadata(spec));
        r.setAdditionalProperty("spec", body);
        return r;
    }
}
