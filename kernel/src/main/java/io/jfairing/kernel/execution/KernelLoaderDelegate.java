package io.jfairing.kernel.execution;

import java.io.File;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * JShell's class loading in the kernel's JVM, through a loader the kernel can see: extensions found in
 * jars that {@code %maven} or {@code %jars} add are loaded by the same loader as the user's code.
 */
final class KernelLoaderDelegate implements LoaderDelegate {
    private final SnippetClassLoader loader;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final List<Path> classpath = new CopyOnWriteArrayList<>();
    private final java.util.Set<Path> compileOnly = ConcurrentHashMap.newKeySet();

    KernelLoaderDelegate(ClassLoader parent) {
        this.loader = new SnippetClassLoader(parent);
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] installed = new boolean[cbcs.length];
        try {
            for (ClassBytecodes cbc : cbcs) {
                loader.declare(cbc.name(), ExitRewriter.rewrite(cbc.bytecodes()));
            }
            for (int i = 0; i < cbcs.length; i++) {
                Class<?> type = loader.loadClass(cbcs[i].name());
                classes.put(cbcs[i].name(), type);
                installed[i] = true;
                type.getDeclaredMethods(); // link it now, as JShell's own delegate does
            }
        } catch (Throwable e) {
            throw new ClassInstallException("load: " + e.getMessage(), installed);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), ExitRewriter.rewrite(cbc.bytecodes()));
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        try {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    Path file = Path.of(entry).toAbsolutePath().normalize();
                    if (!compileOnly.contains(file) && !classpath.contains(file)) {
                        loader.add(file.toUri().toURL());
                        classpath.add(file);
                    }
                }
            }
        } catch (MalformedURLException e) {
            throw new InternalException(e.toString());
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> type = classes.get(name);
        if (type == null) {
            throw new ClassNotFoundException(name + " not found");
        }
        return type;
    }

    /**
     * Marks {@code path} as the compiler's only: its classes come from the loader's parent (the cell runtime, an
     * extension's API), so that they are the very classes the kernel and its extensions use.
     */
    void compileOnly(Path path) {
        compileOnly.add(path.toAbsolutePath().normalize());
    }

    ClassLoader classLoader() {
        return loader;
    }

    List<Path> classpath() {
        return List.copyOf(classpath);
    }
}
