package io.jfairing.runtime.server;

import java.nio.file.Path;

/**
 * Loads a model artifact before the server reports ready, apart from the predictor
 * ({@code ModelServer.Builder.loader}); a predictor usually overrides {@code Predictor.load} instead. The server fetches
 * the artifact first: a file path or {@code file:} URI is used as is, an {@code http(s)} URL is downloaded to a
 * temporary file, which is removed once {@code load} returns or throws (keep what the model needs, not the path).
 */
@FunctionalInterface
public interface ModelLoader {
    void load(Path artifact) throws Exception;
}
