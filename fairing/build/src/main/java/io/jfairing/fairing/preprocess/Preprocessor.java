package io.jfairing.fairing.preprocess;

import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookReader;
import io.jfairing.runtime.use.PresetCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a notebook ({@code .ipynb} file, or the cells a kernel session ran), or one Java class implementing
 * {@code Trainer}, into a {@link Workload}: the cells to run (tag {@code fairing:skip} leaves a cell out; when any cell
 * is tagged {@code fairing:include}, only those run), parameters injected papermill-style, {@code %maven},
 * {@code %jars}, {@code %classpath} and {@code %use} turned into the class path ({@code %use} presets found as the
 * kernel finds them, their imports, start-up code and renderers put where the line was), magics used as values
 * given the value they have in the image, other magics dropped, input files collected.
 *
 * <pre>{@code
 * Workload workload = Preprocessor.builder()
 *         .parameter("epochs", 20)
 *         .inputs("data/*.csv")
 *         .build()
 *         .fromNotebook(Path.of("train.ipynb"));
 * }</pre>
 */
public final class Preprocessor {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+[\\w.]+\\s*;", Pattern.MULTILINE);

    private final Map<String, Object> parameters;
    private final List<String> inputGlobs;
    private final Path baseDirectory;
    private final String entryClass;
    private final DependencyResolver resolver;
    private final List<Path> classpath;
    private final Set<Integer> selectedCells;
    private final PresetCatalog presets;

    private Preprocessor(Builder builder) {
        this.presets = builder.presets;
        this.parameters = new LinkedHashMap<>(builder.parameters);
        this.inputGlobs = List.copyOf(builder.inputGlobs);
        this.baseDirectory = builder.baseDirectory;
        this.entryClass = builder.entryClass;
        this.resolver = builder.resolver;
        this.classpath = List.copyOf(builder.classpath);
        this.selectedCells = builder.selectedCells == null ? null : Set.copyOf(builder.selectedCells);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads and preprocesses an {@code .ipynb} file; input globs are relative to its folder unless a base folder was set. */
    public Workload fromNotebook(Path file) throws FairingException {
        Notebook notebook = NotebookReader.read(file);
        Path folder = file.toAbsolutePath().getParent();
        return fromNotebook(notebook, baseDirectory != null ? baseDirectory : folder);
    }

    /** Preprocesses cells that are already in memory (a kernel session's); globs are relative to the base folder or the current one. */
    public Workload fromNotebook(Notebook notebook) throws FairingException {
        return fromNotebook(
                notebook, baseDirectory != null ? baseDirectory : Path.of("").toAbsolutePath());
    }

    /**
     * One Java source file with a class implementing {@code io.jfairing.runtime.runner.Trainer}; the image runs
     * {@code new Name().train()}. The class's name is the file's name.
     */
    public Workload fromClass(Path javaFile) throws FairingException {
        String source;
        try {
            source = Files.readString(javaFile);
        } catch (IOException e) {
            throw new FairingException(javaFile + ": cannot read the class: " + e.getMessage(), e);
        }
        String fileName = javaFile.getFileName().toString();
        if (!fileName.endsWith(".java")) {
            throw new FairingException(javaFile + ": a class source must be a .java file");
        }
        String className = fileName.substring(0, fileName.length() - ".java".length());
        // JShell has no packages: keep the line count so that errors point at the file's own lines
        Matcher pkg = PACKAGE.matcher(source);
        String code = pkg.find()
                ? source.substring(0, pkg.start()) + pkg.group().replaceAll("[^\\n]", " ") + source.substring(pkg.end())
                : source;
        Notebook notebook = new Notebook(fileName, List.of(NotebookCell.code(1, code)));
        Path folder = javaFile.toAbsolutePath().getParent();
        Preprocessor withEntry = toBuilder().entryClass(className).build();
        return withEntry.fromNotebook(notebook, baseDirectory != null ? baseDirectory : folder);
    }

    private Workload fromNotebook(Notebook notebook, Path folder) throws FairingException {
        Workload.Builder workload = Workload.builder(notebook.name());
        Map<String, String> literals = new LinkedHashMap<>();
        List<NotebookCell> cells =
                Parameters.tunable(Parameters.inject(select(notebook.cells()), parameters, literals));
        literals.forEach(workload::putParameter);
        BuildMagics magics = new BuildMagics(folder, presets, workload);
        for (NotebookCell cell : cells) {
            if (!cell.isCode()) {
                workload.addCell(new WorkloadCell(cell, List.of()));
                continue;
            }
            workload.addCell(
                    new WorkloadCell(cell, magics.cell(cell.label(), CellParts.parse(cell.label(), cell.source()))));
        }
        magics.finish(resolver, classpath);
        classpath.forEach(workload::addClasspath);
        if (entryClass != null) {
            workload.setEntryClass(entryClass);
        }
        try {
            InputFiles.Selection inputs = InputFiles.select(folder, inputGlobs, FairingIgnore.load(folder));
            inputs.files().forEach(workload::addInputFile);
            inputs.leftOut().forEach(workload::addLeftOutFile);
        } catch (IOException e) {
            throw new FairingException("cannot list the input files under " + folder + ": " + e.getMessage(), e);
        }
        return workload.build();
    }

    private List<NotebookCell> select(List<NotebookCell> cells) {
        boolean includeTags = cells.stream().anyMatch(c -> c.hasTag(NotebookCell.INCLUDE));
        List<NotebookCell> result = new ArrayList<>();
        for (NotebookCell cell : cells) {
            if (!cell.isCode()) {
                result.add(cell);
                continue;
            }
            boolean parameterCell = cell.isParameters() || cell.hasTag(NotebookCell.INJECTED_PARAMETERS);
            if (cell.hasTag(NotebookCell.SKIP)) {
                continue;
            }
            if (selectedCells != null && !selectedCells.contains(cell.number()) && !parameterCell) {
                continue;
            }
            if (includeTags && !cell.hasTag(NotebookCell.INCLUDE) && !parameterCell) {
                continue;
            }
            result.add(cell);
        }
        return result;
    }

    private Builder toBuilder() {
        Builder builder = new Builder();
        builder.parameters.putAll(parameters);
        builder.inputGlobs.addAll(inputGlobs);
        builder.baseDirectory = baseDirectory;
        builder.entryClass = entryClass;
        builder.resolver = resolver;
        builder.classpath.addAll(classpath);
        builder.selectedCells = selectedCells;
        builder.presets = presets;
        return builder;
    }

    public static final class Builder {
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private final List<String> inputGlobs = new ArrayList<>();
        private Path baseDirectory;
        private String entryClass;
        private DependencyResolver resolver = DependencyResolver.maven();
        private final List<Path> classpath = new ArrayList<>();
        private Set<Integer> selectedCells;
        private PresetCatalog presets;

        private Builder() {}

        /** A parameter value: a number, boolean, string or list, or its text ({@code "20"}, {@code "[1, 2]"}). */
        public Builder parameter(String name, Object value) {
            parameters.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public Builder parameters(Map<String, ?> values) {
            parameters.putAll(values);
            return this;
        }

        /** Globs of input files, relative to the notebook's folder ({@code data/*.csv}, {@code config/}). */
        public Builder inputs(String... globs) {
            inputGlobs.addAll(List.of(globs));
            return this;
        }

        public Builder inputs(List<String> globs) {
            inputGlobs.addAll(globs);
            return this;
        }

        /** The folder input globs, {@code %jars} and {@code %classpath} are relative to (default: the notebook's). */
        public Builder baseDirectory(Path folder) {
            this.baseDirectory = folder.toAbsolutePath().normalize();
            return this;
        }

        /** A class the notebook defines (implementing {@code Trainer}) to instantiate and train after the cells. */
        public Builder entryClass(String className) {
            this.entryClass = className;
            return this;
        }

        public Builder dependencyResolver(DependencyResolver dependencyResolver) {
            this.resolver = Objects.requireNonNull(dependencyResolver, "dependencyResolver");
            return this;
        }

        /** Jars or class folders to add, such as the kernel session's resolved class path. */
        public Builder classpath(List<Path> entries) {
            classpath.addAll(entries);
            return this;
        }

        /** Only these cells (by {@link NotebookCell#number()}) run, with the parameter cells. */
        public Builder selectCells(Set<Integer> numbers) {
            this.selectedCells = Set.copyOf(numbers);
            return this;
        }

        /**
         * Where {@code %use} finds presets (default: as the kernel, {@code JFAIRING_USE_PATH}, then
         * {@code ~/.jfairing/use}, then the built-in ones).
         */
        public Builder presets(PresetCatalog catalog) {
            this.presets = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        public Preprocessor build() {
            if (presets == null) {
                presets = PresetCatalog.fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
            }
            return new Preprocessor(this);
        }
    }
}
