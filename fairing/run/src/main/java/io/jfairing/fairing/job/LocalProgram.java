package io.jfairing.fairing.job;

import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.image.ImageLayout;
import io.jfairing.fairing.image.RunnerFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the local process backend starts in each child JVM: a class path, a main class, its arguments and JVM options.
 * Containers and pods run the image instead; they ignore this.
 *
 * <pre>{@code
 * LocalProgram program = LocalProgram.ofNotebook(compiled.writeTo(dir), libs);      // what the image would run
 * LocalProgram plain = LocalProgram.ofMainClass(List.of(Path.of("target/classes")), "com.example.Train", "--epochs", "3");
 * }</pre>
 */
public final class LocalProgram {
    private final List<Path> classpath;
    private final String mainClass;
    private final List<String> args;
    private final List<String> jvmOptions;
    private final Path workingFiles;

    private LocalProgram(List<Path> classpath, String mainClass, List<String> args, List<String> jvmOptions,
                         Path workingFiles) {
        this.classpath = List.copyOf(classpath);
        this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        this.args = List.copyOf(args);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.workingFiles = workingFiles;
    }

    /** A plain {@code main} method. */
    public static LocalProgram ofMainClass(List<Path> classpath, String mainClass, String... args) {
        return new LocalProgram(classpath, mainClass, List.of(args), List.of(), null);
    }

    /**
     * A compiled notebook as {@link CompiledNotebook#writeTo(Path)} wrote it (a folder with {@code program.txt} and
     * {@code classes/}), run by the same runner as in the image, with the notebook's dependency jars.
     */
    public static LocalProgram ofNotebook(Path codeDirectory, List<Path> libs) {
        List<Path> cp = new ArrayList<>();
        cp.add(RunnerFiles.classesDirectory());
        cp.add(codeDirectory.resolve(CompiledNotebook.CLASSES_DIRECTORY));
        cp.addAll(libs);
        return new LocalProgram(cp, ImageLayout.RUNNER_MAIN,
                List.of(codeDirectory.resolve(CompiledNotebook.PROGRAM_FILE).toString()), List.of(), null);
    }

    /** A copy with these JVM options (such as {@code -Xmx512m}) before the main class. */
    public LocalProgram withJvmOptions(String... options) {
        return new LocalProgram(classpath, mainClass, args, List.of(options), workingFiles);
    }

    /**
     * A copy whose replicas start with the files of {@code folder} in their working folder, as an image has its input
     * files in {@code /app/work} (e.g. {@code data/wine.csv} for code that reads that relative path).
     */
    public LocalProgram withWorkingFiles(Path folder) {
        return new LocalProgram(classpath, mainClass, args, jvmOptions, folder);
    }

    /** The folder copied into each replica's working folder, or null. */
    public Path workingFiles() {
        return workingFiles;
    }

    public List<Path> classpath() {
        return classpath;
    }

    public String mainClass() {
        return mainClass;
    }

    public List<String> args() {
        return args;
    }

    public List<String> jvmOptions() {
        return jvmOptions;
    }
}
