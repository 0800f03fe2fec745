package io.jfairing.kernel.loader;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A class loader that shows the JDK and exported packages of other loaders, nothing else: the parent of the loader
 * of cells (which then see the cell runtime and the extensions' APIs, never the kernel's or an extension's libraries)
 * and of extensions (which see the kernel's SPI, not its libraries). Every other class is left to the child, so the
 * version of a library that a user adds is the version they get.
 */
public final class ExportingClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final List<PackageExports> exports = new CopyOnWriteArrayList<>();

    public ExportingClassLoader(String name, List<PackageExports> exports) {
        super(name, ClassLoader.getPlatformClassLoader());
        this.exports.addAll(exports);
    }

    /** Shows more packages from now on (an extension's API once the extension is loaded). */
    public void export(PackageExports more) {
        exports.add(more);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (PackageExports export : exports) {
            if (export.exportsClass(name)) {
                return export.loader().loadClass(name);
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String path) {
        for (PackageExports export : exports) {
            if (export.exportsResource(path)) {
                return export.loader().getResource(path);
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String path) throws IOException {
        for (PackageExports export : exports) {
            if (export.exportsResource(path)) {
                return export.loader().getResources(path);
            }
        }
        return Collections.emptyEnumeration();
    }
}
