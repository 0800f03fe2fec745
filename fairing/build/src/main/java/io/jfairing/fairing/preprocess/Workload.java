package io.jfairing.fairing.preprocess;

import io.jfairing.runtime.runner.Program;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What runs in the image, made by the {@link Preprocessor}: the cells in order (with the injected parameters),
 * an optional entry class, the Maven coordinates and the jars they resolved to, input files and parameters.
 * Immutable; make one with {@link #builder(String)}.
 */
public final class Workload {
    private final String name;
    private final List<WorkloadCell> cells;
    private final String entryClass;
    private final List<String> dependencies;
    private final List<String> repositories;
    private final List<Path> classpath;
    private final List<InputFile> inputFiles;
    private final List<LeftOutFile> leftOutFiles;
    private final Map<String, String> parameters;
    private final List<Magic> droppedMagics;
    private final List<Program.MagicValue> magicValues;

    private Workload(Builder builder) {
        this.magicValues = List.copyOf(builder.magicValues);
        this.name = builder.name;
        this.cells = List.copyOf(builder.cells);
        this.entryClass = builder.entryClass;
        this.dependencies = List.copyOf(builder.dependencies);
        this.repositories = List.copyOf(builder.repositories);
        this.classpath = List.copyOf(builder.classpath);
        this.inputFiles = List.copyOf(builder.inputFiles);
        this.leftOutFiles = List.copyOf(builder.leftOutFiles);
        this.parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.parameters));
        this.droppedMagics = List.copyOf(builder.droppedMagics);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder builder = new Builder(name);
        builder.cells.addAll(cells);
        builder.entryClass = entryClass;
        builder.dependencies.addAll(dependencies);
        builder.repositories.addAll(repositories);
        builder.classpath.addAll(classpath);
        builder.inputFiles.addAll(inputFiles);
        builder.leftOutFiles.addAll(leftOutFiles);
        builder.parameters.putAll(parameters);
        builder.droppedMagics.addAll(droppedMagics);
        builder.magicValues.addAll(magicValues);
        return builder;
    }

    /** The source's name: the notebook file name ({@code train.ipynb}), a session name, or a class file name. */
    public String name() {
        return name;
    }

    /** All cells in order, markdown included; {@link WorkloadCell#code()} is what runs. */
    public List<WorkloadCell> cells() {
        return cells;
    }

    /** A class implementing {@code Trainer} that the runner instantiates and trains after the cells, if any. */
    public Optional<String> entryClass() {
        return Optional.ofNullable(entryClass);
    }

    /** Maven coordinates from {@code %maven} ({@code group:artifact:version}). */
    public List<String> dependencies() {
        return dependencies;
    }

    /** Repositories from {@code %mavenRepo} ({@code id url}). */
    public List<String> repositories() {
        return repositories;
    }

    /** The jars (and class folders) the code compiles and runs with: resolved dependencies, {@code %jars}, {@code %classpath}. */
    public List<Path> classpath() {
        return classpath;
    }

    public List<InputFile> inputFiles() {
        return inputFiles;
    }

    /** Files that matched the input globs but stay out of the image (credentials, ignored, links out), with why. */
    public List<LeftOutFile> leftOutFiles() {
        return leftOutFiles;
    }

    /** The injected parameter values as Java literals, by name, in order. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** Magics that have no meaning in an image and were left out ({@code %time}, {@code %%html}, ...). */
    public List<Magic> droppedMagics() {
        return droppedMagics;
    }

    /**
     * The values of the magics the code uses as values ({@code var jars = %maven g:a:v}): the jars and folders each
     * added, as paths of this machine (an image build maps them to where the image has them).
     */
    public List<Program.MagicValue> magicValues() {
        return magicValues;
    }

    public static final class Builder {
        private final String name;
        private final List<WorkloadCell> cells = new ArrayList<>();
        private String entryClass;
        private final List<String> dependencies = new ArrayList<>();
        private final List<String> repositories = new ArrayList<>();
        private final List<Path> classpath = new ArrayList<>();
        private final List<InputFile> inputFiles = new ArrayList<>();
        private final List<LeftOutFile> leftOutFiles = new ArrayList<>();
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final List<Magic> droppedMagics = new ArrayList<>();
        private final List<Program.MagicValue> magicValues = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder addCell(WorkloadCell cell) {
            cells.add(cell);
            return this;
        }

        public Builder setCells(List<WorkloadCell> newCells) {
            cells.clear();
            cells.addAll(newCells);
            return this;
        }

        public Builder setEntryClass(String className) {
            this.entryClass = className;
            return this;
        }

        public Builder addDependency(String coordinates) {
            if (!dependencies.contains(coordinates)) {
                dependencies.add(coordinates);
            }
            return this;
        }

        public Builder addRepository(String repository) {
            if (!repositories.contains(repository)) {
                repositories.add(repository);
            }
            return this;
        }

        public Builder addClasspath(Path entry) {
            Path normal = entry.toAbsolutePath().normalize();
            if (!classpath.contains(normal)) {
                classpath.add(normal);
            }
            return this;
        }

        public Builder addLeftOutFile(LeftOutFile file) {
            leftOutFiles.add(file);
            return this;
        }

        public Builder addInputFile(InputFile file) {
            inputFiles.add(file);
            return this;
        }

        public Builder putParameter(String parameter, String javaLiteral) {
            parameters.put(parameter, javaLiteral);
            return this;
        }

        public Builder addDroppedMagic(Magic magic) {
            droppedMagics.add(magic);
            return this;
        }

        /** The value of a magic used as a value; a later one for the same magic and arguments replaces it. */
        public Builder putMagicValue(Program.MagicValue value) {
            magicValues.removeIf(
                    v -> v.name().equals(value.name()) && v.arguments().equals(value.arguments()));
            magicValues.add(value);
            return this;
        }

        public Workload build() {
            return new Workload(this);
        }
    }
}
