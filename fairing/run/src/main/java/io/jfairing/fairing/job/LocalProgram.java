package io.jfairing.fairing.job;

import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.image.ImageLayout;
import io.jfairing.fairing.image.RunnerFiles;
import io.jfairing.fairing.preprocess.InputFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a local backend starts in a child JVM: a class path, a main class, its arguments and JVM options, and the
 * files its working folder starts with. The local job backend runs one per replica; the local serving backend runs
 * {@link #serving()} of the same notebook. Containers and pods run the image instead; they ignore this.
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

    private LocalProgram(
            List<Path> classpath, String mainClass, List<String> args, List<String> jvmOptions, Path workingFiles) {
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
        return new LocalProgram(
                cp,
                ImageLayout.RUNNER_MAIN,
                List.of(codeDirectory.resolve(CompiledNotebook.PROGRAM_FILE).toString()),
                List.of(),
                null);
    }

    /**
     * A compiled notebook written to {@code folder} (kept when an earlier call wrote it there already), run as the image
     * would run it, its input files laid out beside it as they are in the image's working folder.
     */
    public static LocalProgram ofCompiledNotebook(CompiledNotebook compiled, Path folder) throws IOException {
        if (!Files.isRegularFile(folder.resolve(CompiledNotebook.PROGRAM_FILE))) {
            compiled.writeTo(folder);
        }
        LocalProgram program = ofNotebook(folder, compiled.workload().classpath());
        if (compiled.workload().inputFiles().isEmpty()) {
            return program;
        }
        Path inputs = Files.createDirectories(folder.resolveSibling(folder.getFileName() + "-inputs"));
        Path work = Files.createTempDirectory(inputs, "work-");
        for (InputFile file : compiled.workload().inputFiles()) {
            Path target = work.resolve(file.target());
            Files.createDirectories(target.getParent());
            Files.copy(file.source(), target);
        }
        return program.withWorkingFiles(work);
    }

    /** The same notebook run by the serving image's entry point (the model server) instead of the runner. */
    public LocalProgram serving() {
        return new LocalProgram(classpath, ImageLayout.SERVING_MAIN, args, jvmOptions, workingFiles);
    }

    /** {@code java [options] [extra options] -cp CP MAIN ARGS}, with the given {@code java} executable. */
    public List<String> javaCommand(String java, List<String> extraJvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(extraJvmOptions);
        command.addAll(jvmOptions);
        if (!classpath.isEmpty()) {
            command.add("-cp");
            command.add(String.join(
                    File.pathSeparator,
                    classpath.stream().map(p -> p.toAbsolutePath().toString()).toList()));
        }
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Copies the {@link #workingFiles()} (if any) into a working folder, as the image has them in its own. */
    public void copyWorkingFilesTo(Path work) throws IOException {
        if (workingFiles == null) {
            return;
        }
        try (var walk = Files.walk(workingFiles)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = work.resolve(workingFiles.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
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
