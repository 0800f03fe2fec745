package io.jfairing.fairing.image;

/** Where things are in a jfairing image, and what its config says. */
public final class ImageLayout {
    public static final String APP = "/app";
    /** Dependency jars (one layer, the most stable after the base). */
    public static final String LIBS = "/app/libs";
    /** The runner's classes (one small layer that changes only with jfairing). */
    public static final String RUNNER = "/app/runner";
    /** The compiled notebook: {@code program.txt} and {@code classes/} (the layer that changes with the code). */
    public static final String CODE = "/app/code";
    /** The working directory, owned by {@link #USER}; input files go here. */
    public static final String WORKDIR = "/app/work";
    /** The user the container runs as: not root. */
    public static final String USER = "1000:1000";

    public static final String RUNNER_MAIN = "io.jfairing.runtime.runner.NotebookRunner";
    /** The serving image's main class: runs the notebook, then serves its {@code Predictor}. */
    public static final String SERVING_MAIN = "io.jfairing.runtime.server.ServingMain";
    /** The port the serving image listens on (KServe's default). */
    public static final int SERVING_PORT = 8080;
    /** Label: {@code true} on a serving image. */
    public static final String LABEL_SERVING = "io.jfairing.serving";

    /** Label: the source notebook's name. */
    public static final String LABEL_NOTEBOOK = "io.jfairing.notebook";
    /** Label: {@code sha256:...} of the compiled code (see {@code CompiledNotebook#codeDigest()}). */
    public static final String LABEL_CODE_DIGEST = "io.jfairing.code-digest";
    /** Label: the entry class, when the workload has one. */
    public static final String LABEL_ENTRY_CLASS = "io.jfairing.entry-class";
    /** Env: where the code runs ({@code container}). */
    public static final String ENV_RUNTIME = "FAIRING_RUNTIME";

    private ImageLayout() {}
}
