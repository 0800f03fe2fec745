package io.jfairing.fairing.runner;

/**
 * A class that serves predictions (for the serving stages): takes a request's instances, returns predictions.
 *
 * @param <I> an input instance
 * @param <O> a prediction
 */
@FunctionalInterface
public interface Predictor<I, O> {
    O predict(I instance) throws Exception;
}
