package io.jfairing.fairing.serve;

import io.jfairing.metadata.MetadataException;
import io.jfairing.metadata.registry.ModelReference;
import io.jfairing.metadata.registry.ModelRegistry;
import io.jfairing.metadata.registry.ModelVersion;
import java.util.Optional;

/**
 * A serving spec whose model URI may be a registry reference ({@code models:/wine@champion}, {@code models:/wine/3}),
 * resolved against a registry when it is deployed: the spec then serves the version's artifact URI, and the version
 * is what the deployment is recorded against. An alias is resolved at each deploy, so redeploying follows it.
 *
 * @param spec the spec with a concrete model URI
 * @param version the registered version served; empty when the spec named a URI directly
 */
public record ServedModel(ServingSpec spec, Optional<ModelVersion> version) {

    /** Resolves the spec's model reference, if it has one. */
    public static ServedModel resolve(ServingSpec spec, ModelRegistry registry) {
        Optional<String> uri = spec.modelUri().filter(ModelReference::isReference);
        if (uri.isEmpty()) {
            return new ServedModel(spec, Optional.empty());
        }
        ModelVersion version;
        try {
            version = registry.resolve(uri.get());
        } catch (MetadataException e) {
            throw new InvalidServingSpecException("cannot serve " + uri.get() + ": " + e.getMessage());
        }
        if (version.uri() == null || version.uri().isBlank()) {
            throw new InvalidServingSpecException(
                    "cannot serve " + uri.get() + ": version " + version.version() + "'s artifact has no uri");
        }
        return new ServedModel(spec.toBuilder().modelUri(version.uri()).build(), Optional.of(version));
    }

    /** The name a deployment is recorded under in the registry: {@code NAMESPACE/NAME}, or the name alone. */
    static String deploymentName(ServingSpec spec) {
        return spec.namespace().map(ns -> ns + "/" + spec.name()).orElse(spec.name());
    }

    /** The error for a reference that reaches a backend unresolved (no metadata store to resolve it in). */
    static InvalidServingSpecException unresolved(String uri) {
        return new InvalidServingSpecException("the model reference " + uri
                + " is resolved in the metadata store's registry: deploy with the store (not --no-record), or give"
                + " the version's URI");
    }
}
