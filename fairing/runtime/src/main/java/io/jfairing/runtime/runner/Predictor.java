package io.jfairing.runtime.runner;

import java.nio.file.Path;
import java.util.List;

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
     * Loads the model artifact (a local file or folder: the server downloads an http(s) URL first, and removes the
     * download once this returns) before the server reports ready. The default does nothing; a predictor served with a model URI must override it.
     */
    default void load(Path artifact) throws Exception {}

    /**
     * The input tensors (Open Inference Protocol model metadata); the server checks requests against them (a row of
     * the wrong shape is a 400 naming the row). The default declares none and checks nothing.
     */
    default List<TensorSpec> inputs() {
        return List.of();
    }

    /**
     * The output tensors. With one, each prediction is a row of it; with several, each prediction is a {@code Map}
     * from output name to that output's row. The default: one output, {@code output-0}, of the datatype found in the
     * predictions.
     */
    default List<TensorSpec> outputs() {
        return List.of();
    }
}
