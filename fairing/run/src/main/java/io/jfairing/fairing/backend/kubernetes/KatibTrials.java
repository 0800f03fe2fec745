package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jfairing.fairing.job.JobPhase;
import io.jfairing.fairing.job.Trial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Katib ({@code kubeflow.org/v1beta1}) Trials and an Experiment's {@code status.currentOptimalTrial} as
 * {@link Trial}s: {@code spec.parameterAssignments}, {@code status.observation.metrics} (latest values), and the phase
 * from the trial's conditions ({@code Succeeded}, {@code EarlyStopped}, {@code Failed}, {@code MetricsUnavailable},
 * {@code Killed}, {@code Running}).
 */
final class KatibTrials {
    static final ResourceDefinitionContext TRIALS = new ResourceDefinitionContext.Builder()
            .withGroup("kubeflow.org")
            .withVersion("v1beta1")
            .withPlural("trials")
            .withKind("Trial")
            .withNamespaced(true)
            .build();
    /** The label Katib puts on an experiment's trials. */
    static final String EXPERIMENT_LABEL = "katib.kubeflow.org/experiment";

    private KatibTrials() {}

    static Trial trial(GenericKubernetesResource trial) {
        String objectiveName = text(trial.get("spec", "objective", "objectiveMetricName"));
        Map<String, Double> metrics = metrics(trial.get("status", "observation"));
        return new Trial(
                trial.getMetadata().getName(),
                assignments(trial.get("spec", "parameterAssignments")),
                phase(trial),
                objectiveName == null ? null : metrics.get(objectiveName),
                metrics);
    }

    /** The experiment's best trial so far, or null when none reported the objective. */
    static Trial best(GenericKubernetesResource experiment) {
        Map<String, Object> optimal = experiment.get("status", "currentOptimalTrial");
        if (optimal == null
                || optimal.get("bestTrialName") == null
                || text(optimal.get("bestTrialName")).isEmpty()) {
            return null;
        }
        String objectiveName = text(experiment.get("spec", "objective", "objectiveMetricName"));
        Map<String, Double> metrics = metrics(optimal.get("observation"));
        Double objective = objectiveName == null ? null : metrics.get(objectiveName);
        if (objective == null) {
            return null;
        }
        return new Trial(
                text(optimal.get("bestTrialName")),
                assignments(optimal.get("parameterAssignments")),
                JobPhase.SUCCEEDED,
                objective,
                metrics);
    }

    static JobPhase phase(GenericKubernetesResource trial) {
        List<Map<String, Object>> conditions = JobSnapshot.conditions(trial);
        String current = null;
        for (Map<String, Object> c : conditions) {
            if ("True".equals(text(c.get("status")))) {
                current = text(c.get("type"));
            }
        }
        if (current == null) {
            return JobPhase.PENDING;
        }
        return switch (current) {
            case "Succeeded", "EarlyStopped" -> JobPhase.SUCCEEDED;
            case "Failed", "MetricsUnavailable" -> JobPhase.FAILED;
            case "Killed" -> JobPhase.CANCELLED;
            case "Running" -> JobPhase.RUNNING;
            default -> JobPhase.PENDING;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> assignments(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("name") != null) {
                    out.put(text(m.get("name")), text(m.get("value")));
                }
            }
        }
        return out;
    }

    private static Map<String, Double> metrics(Object observation) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (observation instanceof Map<?, ?> obs && obs.get("metrics") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("name") != null && m.get("latest") != null) {
                    try {
                        out.put(text(m.get("name")), Double.parseDouble(text(m.get("latest"))));
                    } catch (NumberFormatException e) {
                        // "unavailable": Katib found no value for it
                    }
                }
            }
        }
        return out;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
