package io.jfairing.fairing.teamserver;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Puts a team metadata server into a cluster: the token's Secret (a random token, made once: an existing Secret is
 * kept, so clients keep working), the database password's Secret when given, then the manifests, created or
 * updated.
 */
public final class TeamServerDeployer {
    private final KubernetesClient client;

    public TeamServerDeployer(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param databasePassword the PostgreSQL password to store in its Secret; null to use the Secret as it is
     * @return what was applied, the Secrets first
     */
    public List<HasMetadata> deploy(TeamServerSpec spec, String databasePassword) {
        Secret existing = client.secrets()
                .inNamespace(spec.namespace())
                .withName(spec.tokenSecret())
                .get();
        List<HasMetadata> applied = new java.util.ArrayList<>();
        if (existing == null) {
            byte[] token = new byte[32];
            new SecureRandom().nextBytes(token);
            applied.add(client.resource(
                            TeamServerManifests.tokenSecret(spec, HexFormat.of().formatHex(token)))
                    .create());
        }
        if (spec.postgres() && databasePassword != null) {
            applied.add(client.resource(TeamServerManifests.passwordSecret(spec, databasePassword))
                    .createOr(NonDeletingOperation::update));
        }
        for (HasMetadata m : TeamServerManifests.manifests(spec)) {
            if (m instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource g) {
                applied.add(client.genericKubernetesResources(TeamServerManifests.POD_DEFAULTS)
                        .inNamespace(spec.namespace())
                        .resource(g)
                        .createOr(NonDeletingOperation::update));
            } else {
                applied.add(client.resource(m).createOr(NonDeletingOperation::update));
            }
        }
        return applied;
    }
}
