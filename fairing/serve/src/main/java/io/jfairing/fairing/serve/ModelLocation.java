package io.jfairing.fairing.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the model server finds the artifact, per kind of URI: an http(s) URL or a path in the image as they are, a
 * PVC mounted read-only at {@code /mnt/pvc/CLAIM}, a cloud storage URI downloaded by KServe's storage initializer
 * into {@code /mnt/models} (InferenceServices only).
 */
record ModelLocation(Map<String, String> env, Optional<String> claim, String mountPath) {
    static final String KSERVE_MODEL_DIR = "/mnt/models";
    static final String PVC_ROOT = "/mnt/pvc/";

    static ModelLocation of(ServingSpec spec, boolean kserve) {
        Map<String, String> env = new LinkedHashMap<>();
        String uri = spec.modelUri().orElse(null);
        if (uri == null) {
            return new ModelLocation(env, Optional.empty(), null);
        }
        String scheme = ServingSpec.scheme(uri);
        if (scheme.equals("models")) {
            throw ServedModel.unresolved(uri);
        }
        switch (scheme) {
            case "http", "https", "file" -> {
                env.put("FAIRING_MODEL_URI", uri);
                return new ModelLocation(env, Optional.empty(), null);
            }
            case "pvc" -> {
                String rest = uri.substring("pvc://".length());
                int slash = rest.indexOf('/');
                String claim = slash < 0 ? rest : rest.substring(0, slash);
                String path = slash < 0 ? "" : rest.substring(slash);
                String mount = PVC_ROOT + claim;
                env.put("FAIRING_MODEL_URI", mount + path);
                return new ModelLocation(env, Optional.of(claim), mount);
            }
            default -> {
                if (!kserve) {
                    throw new InvalidServingSpecException(
                            "a " + scheme + ":// model URI needs KServe's storage initializer: "
                                    + "deploy an InferenceService, or give an http(s) URL or pvc://CLAIM/PATH");
                }
                env.put("STORAGE_URI", uri);
                env.put("FAIRING_MODEL_URI", KSERVE_MODEL_DIR);
                return new ModelLocation(env, Optional.empty(), null);
            }
        }
    }
}
