package io.jfairing.runtime.runner;

import java.nio.file.Path;

/**
 * A class that serves predictions (for the serving stages): takes a request's instances, returns predictions.
 * The serving image instantiates it with its no-argument constructor, calls {@link #load(Path)} when a model artifact
 * is given, and then {@link #predict} for each instance of each request, from several threads at once.
 *
 * <pre>{@code
 * class Iris implements Predictor<double[], Integer> {
 *     double[] weights;
 *     public void load(Path artifact) throws IOException { weights = read(artifact); }
 *     public Integer predict(double[] x) { return x[2] > weights[0] ? 2 : 1; }
 * }
 * }</pre>
 *
 * @param <I> an input instance
 * @param <O> a prediction
 */
@FunctionalInterface
public interface Predictor<I, O> {
    O predict(I instance) throws Exception;

    /**
     * Loads the model artifact (a local file or folder: the server downloads an http(s) URL first) before the
     * server reports ready. The default does nothing; a predictor served with a model URI must override it.
     */
    default void load(Path artifact) throws Exception {}
}
