package io.jfairing.kernel;

import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.jfairing.kernel.execution.CodeEvaluator;
import io.jfairing.kernel.loader.ExportingClassLoader;
import io.jfairing.kernel.loader.ExtensionLayer;
import io.jfairing.kernel.magics.MagicRegistry;
import io.jfairing.kernel.spi.CellHook;
import io.jfairing.kernel.spi.CellMagic;
import io.jfairing.kernel.spi.ExecutedCell;
import io.jfairing.kernel.spi.KernelContext;
import io.jfairing.kernel.spi.KernelExtension;
import io.jfairing.kernel.spi.LineMagic;
import io.jfairing.kernel.spi.Session;
import io.jfairing.runtime.cell.CellPart;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds {@link KernelExtension}s with {@link ServiceLoader} and loads each once. The extensions installed with the
 * kernel live in an {@link ExtensionLayer} of their own, loaded off the path of the first reply: in the background
 * once the first cell has run, or at once when a cell calls a magic the kernel does not know yet or names one of
 * their packages. Extensions in jars added to the session load after the cell that added them.
 */
final class Extensions {
    private static final Logger LOG = Logger.getLogger(Extensions.class.getName());

    private final MagicRegistry magics;
    private final Renderer renderer;
    private final KernelSession session;
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();
    private final io.jfairing.kernel.comm.PanelSections panel;
    private final List<Path> installed;
    private final ExportingClassLoader cellParent;
    private final ClassLoader kernelLoader;
    private final CodeEvaluator evaluator;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<ExtensionLayer> layer = new CompletableFuture<>();
    private volatile boolean apiCompiled;

    Extensions(
            MagicRegistry magics,
            Renderer renderer,
            KernelSession session,
            CodeEvaluator evaluator,
            List<Path> installed,
            ExportingClassLoader cellParent) {
        this(magics, renderer, session, evaluator, installed, cellParent, new io.jfairing.kernel.comm.PanelSections());
    }

    /**
     * @param installed the jars of the extensions installed with the kernel
     * @param cellParent the parent loader of cells, which shows the extensions' API once they are loaded
     * @param panel where extensions add the sections of the JupyterLab panel
     */
    Extensions(
            MagicRegistry magics,
            Renderer renderer,
            KernelSession session,
            CodeEvaluator evaluator,
            List<Path> installed,
            ExportingClassLoader cellParent,
            io.jfairing.kernel.comm.PanelSections panel) {
        this.panel = panel;
        this.magics = magics;
        this.renderer = renderer;
        this.session = session;
        this.evaluator = evaluator;
        this.installed = List.copyOf(installed);
        this.cellParent = cellParent;
        this.kernelLoader = Extensions.class.getClassLoader();
        session.addHook(new CellHook() {
            private int seenClasspath = session.classpath().size();

            @Override
            public void beforeCell(ExecutedCell cell) {
                if (!layer.isDone() && needsExtensions(cell)) {
                    awaitInstalled();
                }
                compileAgainstApi();
            }

            @Override
            public void afterCell(ExecutedCell cell) {
                startInstalled();
                int size = session.classpath().size();
                if (size != seenClasspath) {
                    seenClasspath = size;
                    loadFrom(session.classLoader());
                }
            }
        });
    }

    /** Starts loading the installed extensions in the background, if not started yet. */
    void startInstalled() {
        if (installed.isEmpty() || !started.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this::loadInstalled, "kernel-extensions");
        thread.setDaemon(true);
        thread.start();
    }

    /** Loads the installed extensions now, or waits for the background load to end. */
    void awaitInstalled() {
        if (installed.isEmpty()) {
            return;
        }
        if (started.compareAndSet(false, true)) {
            loadInstalled();
        }
        layer.join();
    }

    private void loadInstalled() {
        try {
            ExtensionLayer opened = ExtensionLayer.open(installed, kernelLoader);
            cellParent.export(opened.cellApi());
            loadFrom(opened.loader());
            layer.complete(opened);
        } catch (Exception | LinkageError e) {
            LOG.log(Level.WARNING, "the kernel extensions could not be loaded", e);
            System.err.println("The kernel extensions could not be loaded: " + e);
            layer.completeExceptionally(e);
        }
    }

    /** Puts the extensions' API on the compiler's class path: on the thread that runs cells, before a cell. */
    private void compileAgainstApi() {
        if (apiCompiled || !layer.isDone() || layer.isCompletedExceptionally()) {
            return;
        }
        apiCompiled = true;
        layer.join().apiJars().forEach(evaluator::addToCompilerClasspath);
    }

    private boolean needsExtensions(ExecutedCell cell) {
        for (CellPart part : cell.parts()) {
            if (part.kind() == CellPart.Kind.LINE_MAGIC && !magics.lineNames().contains(part.name())) {
                return true;
            }
            if (part.kind() == CellPart.Kind.CELL_MAGIC && !magics.cellNames().contains(part.name())) {
                return true;
            }
        }
        String source = cell.source();
        int at = source.indexOf("io.jfairing.");
        while (at >= 0) {
            if (!source.startsWith("io.jfairing.runtime", at)) {
                return true; // an extension's API (io.jfairing.metadata, io.jfairing.extensions, ...)
            }
            at = source.indexOf("io.jfairing.", at + 1);
        }
        return false;
    }

    /** Loads the extensions visible to {@code loader} that are not loaded yet; returns how many were new. */
    synchronized int loadFrom(ClassLoader loader) {
        int count = 0;
        ServiceLoader<KernelExtension> services = ServiceLoader.load(KernelExtension.class, loader);
        for (ServiceLoader.Provider<KernelExtension> provider :
                (Iterable<ServiceLoader.Provider<KernelExtension>>) services.stream()::iterator) {
            String name;
            try {
                name = provider.type().getName();
            } catch (ServiceConfigurationError e) {
                LOG.log(Level.WARNING, "a kernel extension could not be loaded", e);
                continue;
            }
            if (!loaded.add(name)) {
                continue;
            }
            try {
                withContextLoader(loader, () -> {
                    provider.get().load(new Scoped(loader));
                    return null;
                });
                count++;
            } catch (Exception | ServiceConfigurationError e) {
                LOG.log(Level.WARNING, "kernel extension " + name + " failed to load", e);
                System.err.println("Kernel extension " + name + " failed to load: " + e);
            }
        }
        return count;
    }

    /**
     * What an extension from {@code loader} registers: its magics and hooks run with that loader as the thread's
     * context class loader, so that the service and driver look-ups of its libraries find its jars.
     */
    private final class Scoped implements KernelContext {
        private final ClassLoader loader;

        Scoped(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public void registerLineMagic(String name, LineMagic magic) {
            magics.registerLine(name, call -> withContextLoader(loader, () -> magic.run(call)));
        }

        @Override
        public void registerCellMagic(String name, CellMagic magic) {
            magics.registerCell(name, (call, body) -> withContextLoader(loader, () -> magic.run(call, body)));
        }

        @Override
        public void addCellHook(CellHook hook) {
            session.addHook(new CellHook() {
                @Override
                public void beforeCell(ExecutedCell cell) {
                    inLoader(() -> {
                        hook.beforeCell(cell);
                        return null;
                    });
                }

                @Override
                public void afterCell(ExecutedCell cell) {
                    inLoader(() -> {
                        hook.afterCell(cell);
                        return null;
                    });
                }
            });
        }

        @Override
        public void addPanelSection(
                String name, java.util.function.Function<java.util.Map<String, Object>, Object> source) {
            panel.add(name, request -> inLoader(() -> source.apply(request)));
        }

        @Override
        public void panelSectionChanged(String name) {
            panel.changed(name);
        }

        /** Runs {@code call}, which throws no checked exception, with the extension's loader as context loader. */
        private <T> T inLoader(java.util.function.Supplier<T> call) {
            try {
                return withContextLoader(loader, call::get);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Renderer renderer() {
            return renderer;
        }

        @Override
        public Session session() {
            return session;
        }
    }

    private static <T> T withContextLoader(ClassLoader loader, java.util.concurrent.Callable<T> call) throws Exception {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}
