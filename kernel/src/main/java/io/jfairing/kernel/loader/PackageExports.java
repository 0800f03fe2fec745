package io.jfairing.kernel.loader;

import java.util.List;

/**
 * Packages that one class loader shows to another: a class or resource whose name starts with one of the package
 * prefixes is loaded by {@code loader}, nothing else is.
 *
 * @param packages package names such as {@code io.jfairing.runtime}; a package includes its sub-packages
 * @param loader the loader that defines those packages' classes
 */
public record PackageExports(List<String> packages, ClassLoader loader) {
    public PackageExports {
        packages = List.copyOf(packages);
        for (String name : packages) {
            if (!name.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
                throw new IllegalArgumentException("'" + name + "' is not a Java package name");
            }
        }
    }

    /** Whether the class {@code className} belongs to one of these packages. */
    boolean exportsClass(String className) {
        for (String name : packages) {
            if (className.startsWith(name)
                    && className.length() > name.length()
                    && className.charAt(name.length()) == '.') {
                return true;
            }
        }
        return false;
    }

    /** Whether the resource {@code path} (slash separated, no leading slash) lies in one of these packages. */
    boolean exportsResource(String path) {
        for (String name : packages) {
            String folder = name.replace('.', '/') + '/';
            if (path.startsWith(folder)) {
                return true;
            }
        }
        return false;
    }
}
