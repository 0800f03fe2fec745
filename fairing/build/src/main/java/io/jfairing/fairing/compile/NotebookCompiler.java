package io.jfairing.fairing.compile;

import io.jfairing.fairing.preprocess.Workload;
import io.jfairing.runtime.cell.DefaultImports;
import java.util.List;

/**
 * Compiles a workload's cells at build time, so that the image needs only a JRE: the cells go through JShell
 * exactly as the kernel evaluates them (the same snippet splitting, default imports, redefinitions and forward
 * references), but with an execution engine that runs nothing and records the classes JShell would load and the
 * calls it would make. The runner replays those calls in the image, cell by cell.
 *
 * <p>A compile error is reported with its cell and line, before anything is built or pushed. For repeated builds
 * in one process (a kernel session), keep a {@link CompilerSession}: it recompiles only from the first changed cell.
 */
public final class NotebookCompiler {
    /** The kernel's default imports (the runtime's display API included), from the runtime as the kernel takes them. */
    static final List<String> DEFAULT_IMPORTS = DefaultImports.all();

    private NotebookCompiler() {}

    /** Compiles from scratch. */
    public static CompiledNotebook compile(Workload workload) throws NotebookCompilationException {
        try (CompilerSession session = new CompilerSession()) {
            return session.compile(workload);
        }
    }
}
