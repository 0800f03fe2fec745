package io.jfairing.kernel.execution;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Loads the classes JShell compiles from their bytes, and user jars added at run time. */
final class SnippetClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

    SnippetClassLoader(ClassLoader parent) {
        super("jshell-snippets", new URL[0], parent);
    }

    void declare(String name, byte[] bytes) {
        declared.put(name, bytes);
    }

    byte[] bytes(String name) {
        return declared.get(name);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = declared.get(name);
        if (bytes == null) {
            return super.findClass(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    protected void addURL(URL url) {
        super.addURL(url);
    }

    void add(URL url) {
        addURL(url);
    }
}
