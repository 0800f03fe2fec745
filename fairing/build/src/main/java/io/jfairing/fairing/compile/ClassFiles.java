package io.jfairing.fairing.compile;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little of the class file format the compiler needs: the constant pool's strings, to rename JShell's
 * session-numbered classes to names that depend only on the notebook (so that the same code gives the same bytes
 * however the session got there), and to find which classes a class refers to.
 */
final class ClassFiles {
    /** A JShell wrapper class's simple name, such as {@code $JShell$25} or {@code $JShell$11B}. */
    static final Pattern WRAPPER = Pattern.compile("\\$JShell\\$(\\d+[A-Z]*)(?![A-Za-z0-9])");

    private ClassFiles() {}

    /** Every constant-pool string (modified UTF-8, decoded). */
    static List<String> strings(byte[] classFile) {
        List<String> result = new ArrayList<>();
        rewrite(classFile, text -> {
            result.add(text);
            return text;
        });
        return result;
    }

    /** The wrapper names ({@code $JShell$25}) the class mentions anywhere in its constant pool. */
    static Set<String> wrapperReferences(byte[] classFile) {
        Set<String> names = new LinkedHashSet<>();
        for (String text : strings(classFile)) {
            Matcher m = WRAPPER.matcher(text);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** A class file's access flags, own name, superclass and direct interfaces (internal names: {@code a/b/C}). */
    record Header(int access, String name, String superName, List<String> interfaces) {
        boolean isConcrete() {
            return (access & 0x0600) == 0; // neither ACC_INTERFACE nor ACC_ABSTRACT
        }
    }

    static Header header(byte[] classFile) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile));
            in.readInt();
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNames = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNames[i] = in.readUnsignedShort();
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            int access = in.readUnsignedShort();
            String name = utf8[classNames[in.readUnsignedShort()]];
            int superIndex = in.readUnsignedShort();
            String superName = superIndex == 0 ? null : utf8[classNames[superIndex]];
            int interfaceCount = in.readUnsignedShort();
            List<String> interfaces = new ArrayList<>();
            for (int i = 0; i < interfaceCount; i++) {
                interfaces.add(utf8[classNames[in.readUnsignedShort()]]);
            }
            return new Header(access, name, superName, interfaces);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a class file JShell made", e);
        }
    }

    /** The class with every constant-pool string passed through {@code rename}; everything else byte for byte. */
    static byte[] rewrite(byte[] classFile, UnaryOperator<String> rename) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(classFile.length + 64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(in.readInt()); // magic
            out.writeShort(in.readUnsignedShort()); // minor
            out.writeShort(in.readUnsignedShort()); // major
            int count = in.readUnsignedShort();
            out.writeShort(count);
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                out.writeByte(tag);
                switch (tag) {
                    case 1 -> out.writeUTF(rename.apply(in.readUTF()));
                    case 3, 4 -> out.writeInt(in.readInt());
                    case 5, 6 -> {
                        out.writeLong(in.readLong());
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> out.writeShort(in.readUnsignedShort());
                    case 9, 10, 11, 12, 17, 18 -> out.writeInt(in.readInt());
                    case 15 -> {
                        out.writeByte(in.readUnsignedByte());
                        out.writeShort(in.readUnsignedShort());
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            in.transferTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a class file JShell made", e);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
