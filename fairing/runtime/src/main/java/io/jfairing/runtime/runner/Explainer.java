package io.jfairing.runtime.runner;

/**
 * A {@link Predictor} that also explains its predictions: the model server answers KServe V1's
 * {@code POST /v1/models/NAME:explain} with {@code {"explanations": [...]}}, one per instance (without it the endpoint
 * answers 501).
 *
 * @param <I> an input instance
 * @param <E> an explanation (a JSON value: map, list, string, number, boolean)
 */
public interface Explainer<I, E> {
    E explain(I instance) throws Exception;
}
