package io.jfairing.runtime.runner;

/**
 * A class that trains: the entry point of a workload made from one class ({@code jfairing build Train.java}).
 * The runner instantiates it with its no-argument constructor and calls {@link #train()}.
 */
@FunctionalInterface
public interface Trainer {
    void train() throws Exception;
}
