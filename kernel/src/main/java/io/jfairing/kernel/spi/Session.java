package io.jfairing.kernel.spi;

import java.nio.file.Path;
import java.util.List;

/** The kernel session's state that tools packaging a notebook need. */
public interface Session {
    /** Every cell run so far, in order, including failed ones (see {@link ExecutedCell#status()}). */
    List<ExecutedCell> executedCells();

    /** Jars and folders added to the session's class path ({@code %maven}, {@code %jars}, {@code %classpath}), in order. */
    List<Path> classpath();

    /** The loader of the session's classes: snippets and added jars. */
    ClassLoader classLoader();

    /** Adds a jar or class folder to the class path of the session's compiler and code. */
    void addToClasspath(Path path);

    /** Evaluates Java code in the session, as a cell would, and returns the value of a trailing expression. */
    Object evaluate(String code) throws CellException;
}
