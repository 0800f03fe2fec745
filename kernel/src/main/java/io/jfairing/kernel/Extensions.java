package io.jfairing.kernel;

import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.jfairing.kernel.magics.MagicRegistry;
import io.jfairing.kernel.spi.CellHook;
import io.jfairing.kernel.spi.CellMagic;
import io.jfairing.kernel.spi.KernelContext;
import io.jfairing.kernel.spi.KernelExtension;
import io.jfairing.kernel.spi.LineMagic;
import io.jfairing.kernel.spi.Session;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds {@link KernelExtension}s with {@link ServiceLoader} and loads each once: at start-up from the
 * kernel's class path, and again after jars are added to the session.
 */
final class Extensions implements KernelContext {
    private static final Logger LOG = Logger.getLogger(Extensions.class.getName());

    private final MagicRegistry magics;
    private final Renderer renderer;
    private final KernelSession session;
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();
    private final io.jfairing.kernel.comm.PanelSections panel;

    Extensions(MagicRegistry magics, Renderer renderer, KernelSession session) {
        this(magics, renderer, session, new io.jfairing.kernel.comm.PanelSections());
    }

    Extensions(
            MagicRegistry magics,
            Renderer renderer,
            KernelSession session,
            io.jfairing.kernel.comm.PanelSections panel) {
        this.panel = panel;
        this.magics = magics;
        this.renderer = renderer;
        this.session = session;
        session.addHook(new CellHook() {
            private int seenClasspath = session.classpath().size();

            @Override
            public void afterCell(io.jfairing.kernel.spi.ExecutedCell cell) {
                int size = session.classpath().size();
                if (size != seenClasspath) {
                    seenClasspath = size;
                    loadFrom(session.classLoader());
                }
            }
        });
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
                provider.get().load(this);
                count++;
            } catch (Exception | ServiceConfigurationError e) {
                LOG.log(Level.WARNING, "kernel extension " + name + " failed to load", e);
                System.err.println("Kernel extension " + name + " failed to load: " + e);
            }
        }
        return count;
    }

    @Override
    public void registerLineMagic(String name, LineMagic magic) {
        magics.registerLine(name, magic);
    }

    @Override
    public void registerCellMagic(String name, CellMagic magic) {
        magics.registerCell(name, magic);
    }

    @Override
    public void addPanelSection(
            String name, java.util.function.Function<java.util.Map<String, Object>, Object> source) {
        panel.add(name, source);
    }

    @Override
    public void addCellHook(CellHook hook) {
        session.addHook(hook);
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
