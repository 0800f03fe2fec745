package io.jfairing.fairing.deploy;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * A user's change to each generated pod template, applied last (after every option of the {@link JobSpec}).
 * {@code role} is null for kinds with a single template (batch Job, Katib trials made from a Job).
 */
@FunctionalInterface
public interface PodSpecMutator {
    void mutate(PodTemplateSpec template, Role role);
}
