package io.jfairing.fairing;

import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.compile.NotebookCompiler;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageBuildEvent;
import io.jfairing.fairing.image.ImageBuildListener;
import io.jfairing.fairing.image.ImageBuilder;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookReader;
import io.jfairing.fairing.preprocess.DependencyResolver;
import io.jfairing.fairing.preprocess.Preprocessor;
import io.jfairing.fairing.preprocess.Workload;
import io.jfairing.runtime.use.PresetCatalog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The whole pipeline in one call: preprocess a notebook, compile it for a JRE, build and push its image.
 * The Java form of {@code jfairing build}.
 *
 * <pre>{@code
 * BuiltImage image = Fairing.notebook(Path.of("train.ipynb"))
 *         .parameter("epochs", 20)
 *         .baseImage("127.0.0.1:5000/jfairing/jre:17")
 *         .insecureRegistries(true)
 *         .build(ImageTarget.registry("127.0.0.1:5000/train:latest"));
 * }</pre>
 *
 * Each stage is usable alone: {@link Preprocessor}, {@link NotebookCompiler}, {@link ImageBuilder}.
 */
public final class Fairing {
    private Fairing() {}

    /** An {@code .ipynb} file. */
    public static Build notebook(Path file) {
        return new Build(Source.FILE, file, null);
    }

    /** Cells in memory, such as those a kernel session ran. */
    public static Build notebook(Notebook notebook) {
        return new Build(Source.CELLS, null, notebook);
    }

    /** One {@code .java} file with a class implementing {@code io.jfairing.runtime.runner.Trainer}. */
    public static Build trainer(Path javaFile) {
        return new Build(Source.CLASS, javaFile, null);
    }

    private enum Source {
        FILE,
        CELLS,
        CLASS
    }

    /** The options of one build; not thread-safe, cheap to make. */
    public static final class Build {
        private final Source source;
        private final Path file;
        private final Notebook notebook;
        private final Preprocessor.Builder preprocessor = Preprocessor.builder();
        private BaseImage base = BaseImage.registry(BaseImage.DEFAULT);
        private boolean insecure;
        private boolean oci;
        private ImageBuildListener listener = ImageBuildListener.NONE;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path cacheDirectory;
        private io.jfairing.fairing.compile.CompilerSession compiler;
        private boolean serving;

        private Build(Source source, Path file, Notebook notebook) {
            this.source = source;
            this.file = file;
            this.notebook = notebook;
        }

        public Build parameter(String name, Object value) {
            preprocessor.parameter(name, value);
            return this;
        }

        public Build parameters(Map<String, ?> values) {
            preprocessor.parameters(values);
            return this;
        }

        public Build inputs(String... globs) {
            preprocessor.inputs(globs);
            return this;
        }

        public Build inputs(List<String> globs) {
            preprocessor.inputs(globs);
            return this;
        }

        public Build baseDirectory(Path folder) {
            preprocessor.baseDirectory(folder);
            return this;
        }

        public Build classpath(List<Path> entries) {
            preprocessor.classpath(entries);
            return this;
        }

        public Build dependencyResolver(DependencyResolver resolver) {
            preprocessor.dependencyResolver(resolver);
            return this;
        }

        /** Where {@code %use} finds presets (default: as the kernel does, from the environment). */
        public Build presets(PresetCatalog catalog) {
            preprocessor.presets(catalog);
            return this;
        }

        public Build entryClass(String className) {
            preprocessor.entryClass(className);
            return this;
        }

        public Build selectCells(Set<Integer> numbers) {
            preprocessor.selectCells(numbers);
            return this;
        }

        public Build baseImage(String reference) {
            this.base = BaseImage.registry(reference);
            return this;
        }

        public Build baseImage(BaseImage image) {
            this.base = Objects.requireNonNull(image, "image");
            return this;
        }

        public Build insecureRegistries(boolean allow) {
            this.insecure = allow;
            return this;
        }

        public Build ociFormat(boolean useOci) {
            this.oci = useOci;
            return this;
        }

        public Build environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Build cacheDirectory(Path directory) {
            this.cacheDirectory = directory;
            return this;
        }

        /**
         * A compiler to reuse: kept across builds (by a kernel session), it recompiles only from the first changed
         * cell. Without one, each build compiles from scratch.
         */
        public Build compiler(io.jfairing.fairing.compile.CompilerSession session) {
            this.compiler = session;
            return this;
        }

        /**
         * Builds a serving image: it runs the cells, then serves the notebook's {@code Predictor} over KServe's V1
         * and V2 protocols on port 8080 (see {@code io.jfairing.runtime.server.ServingMain}).
         */
        public Build serving() {
            this.serving = true;
            return this;
        }

        /** As {@link #serving()}, serving the predictor class {@code className} (when the notebook defines several). */
        public Build serving(String className) {
            this.serving = true;
            environment.put("FAIRING_PREDICTOR", Objects.requireNonNull(className, "className"));
            return this;
        }

        public Build listener(ImageBuildListener newListener) {
            this.listener = Objects.requireNonNull(newListener, "listener");
            return this;
        }

        public Workload preprocess() throws FairingException {
            Preprocessor p = preprocessor.build();
            return switch (source) {
                case FILE -> p.fromNotebook(file);
                case CELLS -> p.fromNotebook(notebook);
                case CLASS -> p.fromClass(file);
            };
        }

        public CompiledNotebook compile() throws FairingException {
            if (source == Source.FILE) {
                checkJavaVersion(
                        NotebookReader.javaFeature(file), Runtime.version().feature());
            }
            Workload workload = preprocess();
            listener.onEvent(new ImageBuildEvent.Stage("compile"));
            return compiler != null ? compiler.compile(workload) : NotebookCompiler.compile(workload);
        }

        /**
         * The image runs the notebook on the Java feature version the kernel ran it on, as far as this JVM can: a
         * notebook from a newer Java than this one is refused (its cells may use what this compiler does not know);
         * one from an older Java builds, on this newer Java, with a warning.
         */
        void checkJavaVersion(java.util.OptionalInt notebookFeature, int running) throws FairingException {
            if (notebookFeature.isEmpty() || notebookFeature.getAsInt() == running) {
                return;
            }
            int ran = notebookFeature.getAsInt();
            String name = file.getFileName().toString();
            if (ran > running) {
                throw new FairingException(name + " was run on Java " + ran
                        + " (its language_info), but jfairing runs on"
                        + " Java " + running + ": its cells may use Java " + ran + " and its image must run Java " + ran
                        + ". Run jfairing on a JDK " + ran + " (set JAVA_HOME to it), or run the notebook on Java "
                        + running + " and save it.");
            }
            listener.onEvent(new ImageBuildEvent.Log(
                    "warn",
                    name + " was run on Java " + ran + "; jfairing runs on Java " + running
                            + ", so it is compiled for and"
                            + " runs on Java " + running + " (set JAVA_HOME to a JDK " + ran + " to keep Java " + ran
                            + ")"));
        }

        /** Preprocesses, compiles (a compile error stops here: nothing is pushed), builds and sends the image. */
        public BuiltImage build(ImageTarget target) throws FairingException {
            CompiledNotebook compiled = compile();
            ImageBuilder builder = ImageBuilder.from(base)
                    .withInsecureRegistries(insecure)
                    .withOciFormat(oci)
                    .withListener(listener)
                    .withEnvironment(environment)
                    .withServing(serving);
            if (cacheDirectory != null) {
                builder = builder.withCacheDirectory(cacheDirectory);
            }
            return builder.build(compiled, target);
        }
    }
}
