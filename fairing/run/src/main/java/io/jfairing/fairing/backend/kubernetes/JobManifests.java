package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.deploy.ManifestGenerator;
import io.jfairing.fairing.deploy.Role;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.job.JobRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The manifest the backend creates: the kind's generator applied to the request's {@link JobSpec}, plus what every
 * jfairing job carries: the {@link JobEnvironment#LABEL_MANAGED_BY} and {@link JobEnvironment#LABEL_JOB_NAME} labels on
 * the job and its pods, the namespace, the run's annotation, and the replica env ({@link JobEnvironment#JOB_NAME},
 * {@link JobEnvironment#REPLICA_ROLE}, {@link JobEnvironment#REPLICA_INDEX}, {@link JobEnvironment#RUN_ID},
 * {@link JobEnvironment#METADATA_URI}, and {@link JobEnvironment#METADATA_TOKEN} only as a reference to a secret).
 */
final class JobManifests {
    private JobManifests() {}

    /** A secret key holding the metadata server's token. */
    record SecretKey(String secret, String key) {}

    static GenericKubernetesResource manifest(JobRequest request, String namespace, Long runId, SecretKey token) {
        JobSpec spec = request.spec();
        JobKind kind = spec.kind();
        JobSpec.Builder b = spec.toBuilder()
                .namespace(namespace)
                .label(JobEnvironment.LABEL_MANAGED_BY, JobEnvironment.MANAGED_BY)
                .label(JobEnvironment.LABEL_JOB_NAME, spec.name())
                .env(JobEnvironment.JOB_NAME, spec.name());
        if (runId != null) {
            b.env(JobEnvironment.RUN_ID, runId.toString());
        }
        if (request.metadataUri() != null) {
            b.env(JobEnvironment.METADATA_URI, request.metadataUri());
        }
        JobKind podKind = kind == JobKind.EXPERIMENT ? spec.tuning().trialKind() : kind;
        if (kind != JobKind.TRAIN_JOB) {
            b.mutator((template, role) -> replicaEnv(template, podKind, role, token));
        }
        HasMetadata generated = ManifestGenerator.forKind(kind).generate(b.build());
        GenericKubernetesResource manifest =
                Serialization.jsonMapper().convertValue(generated, GenericKubernetesResource.class);
        manifest.getMetadata().setNamespace(namespace);
        if (runId != null) {
            Map<String, String> annotations = manifest.getMetadata().getAnnotations() == null
                    ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(manifest.getMetadata().getAnnotations());
            annotations.put(JobSnapshot.RUN_ID_ANNOTATION, runId.toString());
            manifest.getMetadata().setAnnotations(annotations);
        }
        if (kind == JobKind.TRAIN_JOB && token != null) {
            trainerTokenEnv(manifest, token);
        }
        return manifest;
    }

    private static void replicaEnv(PodTemplateSpec template, JobKind kind, Role role, SecretKey token) {
        List<EnvVar> given = template.getSpec().getContainers().get(0).getEnv();
        List<EnvVar> env = given == null ? new ArrayList<>() : new ArrayList<>(given);
        env.add(new EnvVarBuilder()
                .withName(JobEnvironment.REPLICA_ROLE)
                .withValue(role == null ? "worker" : role.key().toLowerCase(Locale.ROOT))
                .build());
        if (ClusterJobKind.TRAINING_JOB_NAME.equals(ClusterJobKind.of(kind).podLabel())) {
            env.add(new EnvVarBuilder()
                    .withName(JobEnvironment.REPLICA_INDEX)
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("metadata.labels['" + ClusterJobKind.TRAINING_REPLICA_INDEX + "']")
                    .endFieldRef()
                    .endValueFrom()
                    .build());
        }
        if (token != null) {
            env.add(tokenEnv(token));
        }
        template.getSpec().getContainers().get(0).setEnv(env);
    }

    private static EnvVar tokenEnv(SecretKey token) {
        return new EnvVarBuilder()
                .withName(JobEnvironment.METADATA_TOKEN)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(token.secret())
                .withKey(token.key())
                .endSecretKeyRef()
                .endValueFrom()
                .build();
    }

    @SuppressWarnings("unchecked")
    private static void trainerTokenEnv(GenericKubernetesResource manifest, SecretKey token) {
        Map<String, Object> spec =
                (Map<String, Object>) manifest.getAdditionalProperties().get("spec");
        Map<String, Object> trainer = (Map<String, Object>) spec.get("trainer");
        List<Object> env = new ArrayList<>((List<Object>) trainer.getOrDefault("env", List.of()));
        env.add(Serialization.jsonMapper().convertValue(tokenEnv(token), Map.class));
        trainer.put("env", env);
    }
}
