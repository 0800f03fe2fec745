package io.jfairing.runtime;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;

/**
 * The classes that class files name, read from their constant pools: class entries, and the types in descriptors
 * and generic signatures (so a type a method only takes or returns counts too).
 */
final class ClassReferences {
    private static final int CONSTANT_CLASS = 7;
    private static final int CONSTANT_UTF8 = 1;
    private static final Pattern TYPE_IN_DESCRIPTOR =
            Pattern.compile("(?<![\\p{javaJavaIdentifierPart}/$])L([\\p{javaJavaIdentifierPart}/$]+)[;<]");
    /** A text that can be a descriptor or a generic signature (no spaces, no other punctuation). */
    private static final Pattern DESCRIPTOR =
            Pattern.compile("[(\\[L<][\\p{javaJavaIdentifierPart}/$;<>()\\[:*+\\-.^]*");
    /** What the runtime may use besides its own classes: the JDK's modules (checked on the platform loader too). */
    private static final Pattern JDK = Pattern.compile("(java|javax|jdk|com/sun/net/httpserver)/.*");

    private ClassReferences() {}

    /** The class files of a jar, by entry name. */
    static Map<String, byte[]> ofJar(Path jarFile) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return classes;
    }

    /** The class files under a folder, by relative path. */
    static Map<String, byte[]> ofFolder(Path folder) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                classes.put(folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return classes;
    }

    /** Every class named by these class files (internal names, {@code java/lang/String}), sorted. */
    static Set<String> referenced(Map<String, byte[]> classFiles) {
        Set<String> names = new TreeSet<>();
        char[] buffer = new char[1 << 16];
        for (byte[] bytes : classFiles.values()) {
            ClassReader reader = new ClassReader(bytes);
            for (int item = 1; item < reader.getItemCount(); item++) {
                int offset = reader.getItem(item);
                if (offset == 0) {
                    continue; // the second slot of a long or a double
                }
                int tag = reader.readByte(offset - 1);
                if (tag == CONSTANT_CLASS) {
                    String name = reader.readUTF8(offset, buffer);
                    if (name.startsWith("[")) {
                        addFromDescriptor(name, names);
                    } else {
                        names.add(name);
                    }
                } else if (tag == CONSTANT_UTF8) {
                    addFromDescriptor(utf8(bytes, offset), names);
                }
            }
        }
        return names;
    }

    /** A CONSTANT_Utf8 entry's text: its length and modified UTF-8 bytes, as DataInput reads them. */
    private static String utf8(byte[] classFile, int offset) {
        try {
            return new DataInputStream(new ByteArrayInputStream(classFile, offset, classFile.length - offset))
                    .readUTF();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addFromDescriptor(String text, Set<String> names) {
        if (!DESCRIPTOR.matcher(text).matches()) {
            return;
        }
        Matcher type = TYPE_IN_DESCRIPTOR.matcher(text);
        while (type.find()) {
            names.add(type.group(1));
        }
    }

    /** The referenced classes that are neither the JDK's nor under one of {@code ownPrefixes}. */
    static Set<String> outside(Set<String> referenced, String... ownPrefixes) {
        Set<String> foreign = new TreeSet<>();
        for (String name : referenced) {
            boolean own = false;
            for (String prefix : ownPrefixes) {
                own |= name.startsWith(prefix);
            }
            if (!own && !(JDK.matcher(name).matches() && inJdk(name))) {
                foreign.add(name);
            }
        }
        return foreign;
    }

    private static boolean inJdk(String internalName) {
        try {
            Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
