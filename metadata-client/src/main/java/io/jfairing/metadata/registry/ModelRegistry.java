package io.jfairing.metadata.registry;

import io.jfairing.metadata.ConflictException;
import io.jfairing.metadata.Lineage;
import io.jfairing.metadata.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry of a metadata store ({@link io.jfairing.metadata.MetadataStore#registry()}): registered models,
 * numbered versions made from runs' model artifacts, aliases, tags and descriptions, and the deployments serving a
 * version. Every change is one transaction: an alias moves from one version to another atomically, and a version
 * that an alias points to or a deployment serves cannot be deleted.
 *
 * <pre>{@code
 * ModelVersion v = store.registry().registerVersion("wine", VersionSpec.ofRun(run.id()));
 * store.registry().setAlias("wine", "champion", v.version());
 * ModelVersion served = store.registry().resolve(ModelReference.parse("models:/wine@champion"));
 * }</pre>
 */
public interface ModelRegistry {
    /** Error code of a refused delete: an alias points to the version or a deployment serves it (HTTP 409). */
    String VERSION_IN_USE = "MODEL_VERSION_IN_USE";

    /**
     * Registers a model with no versions yet.
     *
     * @throws ConflictException when a model of that name exists
     */
    RegisteredModel createModel(String name, String description);

    Optional<RegisteredModel> findModel(String name);

    /** @throws NotFoundException when there is no such model */
    default RegisteredModel getModel(String name) {
        return findModel(name).orElseThrow(() -> new NotFoundException("no registered model '" + name + "'"));
    }

    /** Every registered model, by name. */
    List<RegisteredModel> listModels();

    /**
     * Sets a model's description (null leaves it) and tags (a null value removes the tag); returns the model.
     */
    RegisteredModel updateModel(String name, String description, Map<String, String> tags);

    /**
     * Registers the next version of {@code name} (creating the model when missing) from a run's model artifact.
     *
     * @throws NotFoundException when the run or artifact does not exist
     * @throws io.jfairing.metadata.InvalidRequestException when the run wrote no model, or several and none is named
     */
    ModelVersion registerVersion(String name, VersionSpec spec);

    /** @throws NotFoundException when there is no such model or version */
    ModelVersion getVersion(String name, int version);

    /** The model's versions, newest first. */
    List<ModelVersion> listVersions(String name);

    /** Sets a version's description (null leaves it) and tags (a null value removes the tag). */
    ModelVersion updateVersion(String name, int version, String description, Map<String, String> tags);

    /**
     * Points {@code alias} at {@code version}, moving it from the version it pointed to, in one transaction.
     *
     * @return the version the alias now points to
     */
    ModelVersion setAlias(String name, String alias, int version);

    /** Removes an alias. @throws NotFoundException when the model has no such alias */
    void removeAlias(String name, String alias);

    /** The version an alias points to now. @throws NotFoundException when there is no such alias */
    ModelVersion aliasTarget(String name, String alias);

    /** The version a reference names now: a fixed version, or what its alias points to. */
    default ModelVersion resolve(ModelReference reference) {
        return reference.alias() != null
                ? aliasTarget(reference.model(), reference.alias())
                : getVersion(reference.model(), reference.version());
    }

    /** As {@link #resolve(ModelReference)}, parsing {@code models:/NAME/VERSION} or {@code models:/NAME@ALIAS}. */
    default ModelVersion resolve(String reference) {
        return resolve(ModelReference.parse(reference));
    }

    /**
     * Records that {@code deployment} (a serving name, {@code NAMESPACE/NAME} in a cluster) serves the version,
     * replacing what it served before; the version cannot be deleted while it is recorded.
     */
    ModelVersion recordDeployment(String name, int version, String deployment);

    /** Forgets a deployment of the model (it was deleted); nothing when there is none. */
    void removeDeployment(String name, String deployment);

    /**
     * Deletes a version (its artifact and lineage stay in the store).
     *
     * @throws ConflictException with code {@value #VERSION_IN_USE} when an alias points to it or a deployment serves
     *     it: the message names them
     */
    void deleteVersion(String name, int version);

    /** Where a version came from: its artifact's upstream lineage (the run, the datasets the run read). */
    Lineage lineage(String name, int version, int maxHops);
}
