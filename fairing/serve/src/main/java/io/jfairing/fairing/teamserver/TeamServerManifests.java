package io.jfairing.fairing.teamserver;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.store.sqlite.PostgresLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manifests of a team metadata server: a Deployment running {@code jfairing metadata serve} (on 0.0.0.0 with the
 * token: every request needs it), a ClusterIP Service, a PVC for the SQLite file (one replica, Recreate) or the
 * PostgreSQL password from a Secret, and a Kubeflow PodDefault that gives labelled pods
 * {@value MetadataStore#ENV_URI} and {@value MetadataStore#ENV_TOKEN}, which {@link MetadataStore#fromEnvironment()}
 * reads. Secrets hold the credentials; no manifest carries a credential itself ({@link #tokenSecret} and
 * {@link #passwordSecret} take the values only when the command creates them in the cluster).
 */
public final class TeamServerManifests {
    public static final ResourceDefinitionContext POD_DEFAULTS = new ResourceDefinitionContext.Builder()
            .withGroup("kubeflow.org")
            .withVersion("v1alpha1")
            .withPlural("poddefaults")
            .withKind("PodDefault")
            .withNamespaced(true)
            .build();
    static final String DATA = "/var/lib/jfairing";

    private TeamServerManifests() {}

    /** Deployment, Service, the PVC (SQLite) and the PodDefault, in the order to apply them. */
    public static List<HasMetadata> manifests(TeamServerSpec spec) {
        List<HasMetadata> out = new ArrayList<>();
        if (!spec.postgres()) {
            out.add(new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                    .withName(spec.name() + "-data")
                    .withNamespace(spec.namespace())
                    .withLabels(labels(spec))
                    .endMetadata()
                    .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withNewResources()
                    .addToRequests("storage", new Quantity(spec.storage()))
                    .endResources()
                    .endSpec()
                    .build());
        }
        out.add(deployment(spec));
        out.add(service(spec));
        out.add(podDefault(spec));
        return out;
    }

    private static Map<String, String> labels(TeamServerSpec spec) {
        return Map.of("app.kubernetes.io/name", "jfairing-metadata", "app.kubernetes.io/instance", spec.name());
    }

    static Deployment deployment(TeamServerSpec spec) {
        List<String> args = new ArrayList<>(List.of(
                "metadata",
                "serve",
                "--host",
                "0.0.0.0",
                "--port",
                Integer.toString(spec.port()),
                "--allowed-host",
                "*"));
        List<EnvVar> env = new ArrayList<>();
        env.add(secretEnv(MetadataStore.ENV_TOKEN, spec.tokenSecret(), TeamServerSpec.TOKEN_KEY));
        if (spec.postgres()) {
            args.addAll(List.of("--database", spec.database()));
            env.add(secretEnv(PostgresLocation.ENV_PASSWORD, spec.passwordSecret(), TeamServerSpec.PASSWORD_KEY));
        } else {
            args.addAll(List.of("--db", DATA + "/metadata.db"));
        }
        DeploymentBuilder b = new DeploymentBuilder()
                .withNewMetadata()
                .withName(spec.name())
                .withNamespace(spec.namespace())
                .withLabels(labels(spec))
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(labels(spec))
                .endSelector()
                // a SQLite file takes one server at a time: the old pod goes before the new one starts
                .withNewStrategy()
                .withType(spec.postgres() ? "RollingUpdate" : "Recreate")
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels(spec))
                .endMetadata()
                .withNewSpec()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(1000L)
                .withFsGroup(1000L)
                .endSecurityContext()
                .addNewContainer()
                .withName("server")
                .withImage(spec.image())
                .withArgs(args)
                .withEnv(env)
                .addNewPort()
                .withName("http")
                .withContainerPort(spec.port())
                .endPort()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/api/v1/health")
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .endReadinessProbe()
                .withNewLivenessProbe()
                .withNewHttpGet()
                .withPath("/api/v1/health")
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .withInitialDelaySeconds(20)
                .endLivenessProbe()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec();
        Deployment d = b.build();
        if (!spec.postgres()) {
            var pod = d.getSpec().getTemplate().getSpec();
            pod.getContainers()
                    .get(0)
                    .setVolumeMounts(List.of(new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                            .withName("data")
                            .withMountPath(DATA)
                            .build()));
            pod.setVolumes(List.of(new io.fabric8.kubernetes.api.model.VolumeBuilder()
                    .withName("data")
                    .withNewPersistentVolumeClaim()
                    .withClaimName(spec.name() + "-data")
                    .endPersistentVolumeClaim()
                    .build()));
        }
        return d;
    }

    static Service service(TeamServerSpec spec) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(spec.name())
                .withNamespace(spec.namespace())
                .withLabels(labels(spec))
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(labels(spec))
                .addNewPort()
                .withName("http")
                .withPort(spec.port())
                .withTargetPort(new IntOrString("http"))
                .endPort()
                .endSpec()
                .build();
    }

    /** Gives pods labelled {@code LABEL: "true"} the server's address and token. */
    static GenericKubernetesResource podDefault(TeamServerSpec spec) {
        List<EnvVar> env = List.of(
                new EnvVarBuilder()
                        .withName(MetadataStore.ENV_URI)
                        .withValue(spec.url())
                        .build(),
                secretEnv(MetadataStore.ENV_TOKEN, spec.tokenSecret(), TeamServerSpec.TOKEN_KEY));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("kubeflow.org/v1alpha1")
                .withKind("PodDefault")
                .withNewMetadata()
                .withName(spec.name())
                .withNamespace(spec.namespace())
                .endMetadata()
                .addToAdditionalProperties(
                        "spec",
                        Map.of(
                                "desc", "jfairing metadata server " + spec.name(),
                                "selector", Map.of("matchLabels", Map.of(spec.podDefaultLabel(), "true")),
                                "env", Serialization.unmarshal(Serialization.asJson(env), List.class)))
                .build();
    }

    /** The token's Secret, with a value the command generated; applied, never printed. */
    public static Secret tokenSecret(TeamServerSpec spec, String token) {
        return secret(spec, spec.tokenSecret(), TeamServerSpec.TOKEN_KEY, token);
    }

    /** The database password's Secret; applied, never printed. */
    public static Secret passwordSecret(TeamServerSpec spec, String password) {
        return secret(spec, spec.passwordSecret(), TeamServerSpec.PASSWORD_KEY, password);
    }

    private static Secret secret(TeamServerSpec spec, String name, String key, String value) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(spec.namespace())
                .withLabels(labels(spec))
                .endMetadata()
                .withType("Opaque")
                .addToStringData(key, value)
                .build();
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(secret)
                .withKey(key)
                .endSecretKeyRef()
                .endValueFrom()
                .build();
    }
}
