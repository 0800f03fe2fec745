package io.jfairing.fairing.serve;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * A deployed model: where it answers, whether it is ready, predictions through KServe's V1 and V2 protocols, its logs,
 * and its removal. Get one from {@link ServingBackend#deploy}.
 *
 * <pre>{@code
 * ServingHandle iris = backend.deploy(spec).waitUntilReady(Duration.ofMinutes(2));
 * List<Object> classes = iris.predict(List.of(List.of(6.8, 2.8, 4.8, 1.4)));   // V1
 * List<Tensor> out = iris.infer(Tensor.fp32("input-0", new double[][]{{6.8, 2.8, 4.8, 1.4}}));  // V2
 * iris.delete();
 * }</pre>
 */
public interface ServingHandle {
    Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

    /** The deployment's name (the spec's). */
    String name();

    /** The model's name in the URLs. */
    String modelName();

    /** The backend: {@code local}, {@code podman} or {@code kubernetes}. */
    String backend();

    /** The model server's base URL ({@code http://127.0.0.1:PORT} locally; the cluster address on Kubernetes). */
    URI url();

    /** Blocks until the model is ready; a deployment that fails or times out throws, with the reason and the logs' tail. */
    ServingHandle waitUntilReady(Duration timeout) throws ServeException;

    /** V1 {@code :predict}: one prediction per instance. */
    default List<Object> predict(List<?> instances) throws ServeException {
        return PredictionClient.predict(url(), modelName(), instances, DEFAULT_CALL_TIMEOUT);
    }

    /** V2 {@code /infer}: the output tensors. */
    default List<Tensor> infer(List<Tensor> inputs) throws ServeException {
        return PredictionClient.infer(url(), modelName(), inputs, DEFAULT_CALL_TIMEOUT);
    }

    default List<Tensor> infer(Tensor... inputs) throws ServeException {
        return infer(List.of(inputs));
    }

    /** What the model server printed (the notebook's cells' output, then the server's). */
    String logs() throws ServeException;

    /**
     * Promotes the canary: the new revision takes all the traffic (KServe removes {@code canaryTrafficPercent}).
     * Only InferenceServices in Serverless mode have canaries.
     */
    default void promote() throws ServeException {
        throw new ServeException(backend() + " deployments have no canary to promote: canary rollouts need a KServe "
                + "InferenceService in Serverless mode");
    }

    /** Rolls the canary back: the previous revision takes all the traffic ({@code canaryTrafficPercent: 0}). */
    default void rollback() throws ServeException {
        throw new ServeException(backend() + " deployments have no canary to roll back: canary rollouts need a KServe "
                + "InferenceService in Serverless mode");
    }

    /** Stops the model server (requests in flight finish) and removes what the deployment made. */
    void delete() throws ServeException;

    /** The metadata store's run recording this deployment, when it is recorded. */
    default OptionalLong metadataRunId() {
        return OptionalLong.empty();
    }
}
