package io.jfairing.kernel.execution;

import java.nio.charset.StandardCharsets;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites calls to {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} in snippet classes
 * into {@link io.jfairing.kernel.runtime.KernelExit} ({@code halt} into its {@code halt}), which ends the cell with
 * an error instead of the JVM.
 */
final class ExitRewriter {
    private static final String TARGET = "io/jfairing/kernel/runtime/KernelExit";
    private static final byte[] EXIT = "exit".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HALT = "halt".getBytes(StandardCharsets.US_ASCII);

    private ExitRewriter() {}

    static byte[] rewrite(byte[] bytes) {
        if (!contains(bytes, EXIT) && !contains(bytes, HALT)) {
            return bytes; // cheap check: the constant pool names neither method
        }
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String descriptor, String signature, String[] exceptions) {
                        return new MethodVisitor(
                                Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                            @Override
                            public void visitMethodInsn(
                                    int opcode, String owner, String method, String desc, boolean isInterface) {
                                if (opcode == Opcodes.INVOKESTATIC
                                        && owner.equals("java/lang/System")
                                        && method.equals("exit")
                                        && desc.equals("(I)V")) {
                                    changed[0] = true;
                                    super.visitMethodInsn(Opcodes.INVOKESTATIC, TARGET, "exit", "(I)V", false);
                                } else if (opcode == Opcodes.INVOKEVIRTUAL
                                        && owner.equals("java/lang/Runtime")
                                        && (method.equals("exit") || method.equals("halt"))
                                        && desc.equals("(I)V")) {
                                    changed[0] = true;
                                    super.visitMethodInsn(
                                            Opcodes.INVOKESTATIC, TARGET, method, "(Ljava/lang/Runtime;I)V", false);
                                } else {
                                    super.visitMethodInsn(opcode, owner, method, desc, isInterface);
                                }
                            }
                        };
                    }
                },
                0);
        return changed[0] ? writer.toByteArray() : bytes;
    }

    private static boolean contains(byte[] bytes, byte[] word) {
        outer:
        for (int i = 0; i <= bytes.length - word.length; i++) {
            for (int j = 0; j < word.length; j++) {
                if (bytes[i + j] != word[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
