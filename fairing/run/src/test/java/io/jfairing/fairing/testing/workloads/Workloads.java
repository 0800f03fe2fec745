package io.jfairing.fairing.testing.workloads;

import io.jfairing.fairing.job.LocalProgram;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Test workloads as {@link LocalProgram}s: a main class of this package on the test JVM's class path. */
public final class Workloads {
    private Workloads() {}

    /** The test JVM's class path (test classes, main classes, every dependency). */
    public static List<Path> classpath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .toList();
    }

    public static LocalProgram program(Class<?> main, String... args) {
        return LocalProgram.ofMainClass(classpath(), main.getName(), args);
    }
}
