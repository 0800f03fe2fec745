package io.jfairing.kernel;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.jfairing.kernel.connection.KernelConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;

/**
 * Runs what a kernel runs at start-up and in its first cells, then exits. The installer runs it once with
 * {@code -XX:ArchiveClassesAtExit} to record the classes that later starts map from the archive: the
 * ZeroMQ connection, JShell's compiler, and the evaluation, completion and rendering paths.
 */
public final class Warmup {
    private Warmup() {}

    public static void main(String[] args) throws Exception {
        JavaKernel kernel = new JavaKernel(KernelOptions.fromEnvironment(System.getenv()));
        KernelConnection connection = new KernelConnection(new KernelConnectionProperties(
                "127.0.0.1",
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                "tcp",
                "hmac-sha256",
                UUID.randomUUID().toString()));
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        kernel.eval("import java.io.*;");
        kernel.eval("int x = 1 + 1;\nString s = \"a\" + x;\nx * 2");
        kernel.eval("List<Integer> list = new ArrayList<>(List.of(3, 1, 2));\nCollections.sort(list);\nlist");
        kernel.eval("System.out.println(table(List.of(\"a\"), List.of(List.of(1))).toText());");
        kernel.isComplete("for (int i = 0; i < 3; i++) {");
        kernel.complete("System.out.printl", 17);
        kernel.inspect("Math.max", 8, false);
        kernel.onShutdown(false);
        connection.close();
        System.exit(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
