package io.jfairing.metadata.server;

import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.registry.ModelRegistry;
import io.jfairing.metadata.registry.VersionSpec;
import io.jfairing.metadata.wire.Wire;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The model registry's routes, {@code /api/v1/models/...} (documented in openapi.yaml and the README). */
final class RegistryRoutes {
    private static final String MODEL = "/api/v1/models/{name}";
    private static final String VERSION = MODEL + "/versions/{version}";

    private RegistryRoutes() {}

    static List<Route> of(ModelRegistry registry) {
        return List.of(
                new Route("GET", "/api/v1/models", false, Set.of(), req -> Map.of("models", registry.listModels())),
                new Route("POST", "/api/v1/models", true, Set.of(), req -> {
                    Wire.CreateModelRequest body = req.body(Wire.CreateModelRequest.class);
                    return Response.json(201, registry.createModel(body.name(), body.description()));
                }),
                new Route("GET", MODEL, false, Set.of(), req -> registry.getModel(req.path("name"))),
                new Route("PATCH", MODEL, true, Set.of(), req -> {
                    Wire.UpdateRequest body = req.body(Wire.UpdateRequest.class);
                    return registry.updateModel(req.path("name"), body.description(), body.changes());
                }),
                new Route(
                        "GET",
                        MODEL + "/versions",
                        false,
                        Set.of(),
                        req -> Map.of("versions", registry.listVersions(req.path("name")))),
                new Route(
                        "POST",
                        MODEL + "/versions",
                        true,
                        Set.of(),
                        req -> Response.json(
                                201, registry.registerVersion(req.path("name"), req.body(VersionSpec.class)))),
                new Route("GET", VERSION, false, Set.of(), req -> registry.getVersion(req.path("name"), version(req))),
                new Route("PATCH", VERSION, true, Set.of(), req -> {
                    Wire.UpdateRequest body = req.body(Wire.UpdateRequest.class);
                    return registry.updateVersion(req.path("name"), version(req), body.description(), body.changes());
                }),
                new Route("DELETE", VERSION, true, Set.of(), req -> {
                    registry.deleteVersion(req.path("name"), version(req));
                    return Response.noContent();
                }),
                new Route(
                        "GET",
                        MODEL + "/aliases/{alias}",
                        false,
                        Set.of(),
                        req -> registry.aliasTarget(req.path("name"), req.path("alias"))),
                new Route(
                        "PUT",
                        MODEL + "/aliases/{alias}",
                        true,
                        Set.of(),
                        req -> registry.setAlias(
                                req.path("name"),
                                req.path("alias"),
                                req.body(Wire.AliasRequest.class).version())),
                new Route("DELETE", MODEL + "/aliases/{alias}", true, Set.of(), req -> {
                    registry.removeAlias(req.path("name"), req.path("alias"));
                    return Response.noContent();
                }),
                new Route(
                        "PUT",
                        MODEL + "/deployments/{deployment}",
                        true,
                        Set.of(),
                        req -> registry.recordDeployment(
                                req.path("name"),
                                req.body(Wire.DeploymentRequest.class).version(),
                                req.path("deployment"))),
                new Route("DELETE", MODEL + "/deployments/{deployment}", true, Set.of(), req -> {
                    registry.removeDeployment(req.path("name"), req.path("deployment"));
                    return Response.noContent();
                }));
    }

    private static int version(Request req) {
        long v = req.pathLong("version");
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new InvalidRequestException("model version numbers start at 1, got " + v);
        }
        return (int) v;
    }
}
