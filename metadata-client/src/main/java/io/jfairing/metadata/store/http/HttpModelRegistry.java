package io.jfairing.metadata.store.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.jfairing.metadata.Lineage;
import io.jfairing.metadata.LineageDirection;
import io.jfairing.metadata.NotFoundException;
import io.jfairing.metadata.registry.ModelRegistry;
import io.jfairing.metadata.registry.ModelVersion;
import io.jfairing.metadata.registry.RegisteredModel;
import io.jfairing.metadata.registry.RegistryNames;
import io.jfairing.metadata.registry.VersionSpec;
import io.jfairing.metadata.wire.Wire;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of a metadata server, through its {@code /api/v1/models} routes. */
final class HttpModelRegistry implements ModelRegistry {
    private final HttpMetadataStore http;

    HttpModelRegistry(HttpMetadataStore http) {
        this.http = http;
    }

    private static String model(String name) {
        RegistryNames.checkModel(name);
        return "/api/v1/models/" + name;
    }

    private static String version(String name, int version) {
        RegistryNames.checkVersion(version);
        return model(name) + "/versions/" + version;
    }

    @Override
    public RegisteredModel createModel(String name, String description) {
        RegistryNames.checkModel(name);
        return http.call(
                "POST", "/api/v1/models", new Wire.CreateModelRequest(name, description), false, RegisteredModel.class);
    }

    @Override
    public Optional<RegisteredModel> findModel(String name) {
        try {
            return Optional.of(http.call("GET", model(name), null, true, RegisteredModel.class));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<RegisteredModel> listModels() {
        JsonNode n = http.call("GET", "/api/v1/models", null, true, JsonNode.class);
        return HttpMetadataStore.convert(n.get("models"), new TypeReference<List<RegisteredModel>>() {});
    }

    @Override
    public RegisteredModel updateModel(String name, String description, Map<String, String> tags) {
        return http.call("PATCH", model(name), Wire.UpdateRequest.of(description, tags), true, RegisteredModel.class);
    }

    @Override
    public ModelVersion registerVersion(String name, VersionSpec spec) {
        return http.call("POST", model(name) + "/versions", spec, false, ModelVersion.class);
    }

    @Override
    public ModelVersion getVersion(String name, int version) {
        return http.call("GET", version(name, version), null, true, ModelVersion.class);
    }

    @Override
    public List<ModelVersion> listVersions(String name) {
        JsonNode n = http.call("GET", model(name) + "/versions", null, true, JsonNode.class);
        return HttpMetadataStore.convert(n.get("versions"), new TypeReference<List<ModelVersion>>() {});
    }

    @Override
    public ModelVersion updateVersion(String name, int version, String description, Map<String, String> tags) {
        return http.call(
                "PATCH", version(name, version), Wire.UpdateRequest.of(description, tags), true, ModelVersion.class);
    }

    @Override
    public ModelVersion setAlias(String name, String alias, int version) {
        RegistryNames.checkAlias(alias);
        return http.call(
                "PUT", model(name) + "/aliases/" + alias, new Wire.AliasRequest(version), true, ModelVersion.class);
    }

    @Override
    public void removeAlias(String name, String alias) {
        RegistryNames.checkAlias(alias);
        http.call("DELETE", model(name) + "/aliases/" + alias, null, false, Void.class);
    }

    @Override
    public ModelVersion aliasTarget(String name, String alias) {
        RegistryNames.checkAlias(alias);
        return http.call("GET", model(name) + "/aliases/" + alias, null, true, ModelVersion.class);
    }

    @Override
    public ModelVersion recordDeployment(String name, int version, String deployment) {
        RegistryNames.checkDeployment(deployment);
        return http.call(
                "PUT",
                model(name) + "/deployments/" + HttpMetadataStore.enc(deployment),
                new Wire.DeploymentRequest(version),
                true,
                ModelVersion.class);
    }

    @Override
    public void removeDeployment(String name, String deployment) {
        RegistryNames.checkDeployment(deployment);
        http.call("DELETE", model(name) + "/deployments/" + HttpMetadataStore.enc(deployment), null, true, Void.class);
    }

    @Override
    public void deleteVersion(String name, int version) {
        http.call("DELETE", version(name, version), null, false, Void.class);
    }

    @Override
    public Lineage lineage(String name, int version, int maxHops) {
        return http.lineage(getVersion(name, version).artifactId(), LineageDirection.UPSTREAM, maxHops);
    }
}
