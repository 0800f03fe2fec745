package io.jfairing.fairing.testing;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Notebooks that run as training jobs. */
public final class JobFixtures {
    private JobFixtures() {}

    /**
     * {@code allreduce.ipynb}: a sum all-reduce over sockets found through the injected env (TrainingContext): rank 0
     * listens on MASTER_ADDR:MASTER_PORT, the others connect. Rank r contributes {@code [r+1, 10(r+1), 100(r+1)]};
     * every replica prints {@code rank=R world=W sum=a,b,c}.
     */
    public static Path allReduceNotebook(Path dir) throws IOException {
        Path file = dir.resolve("allreduce.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "allreduce.ipynb",
                        List.of(
                                NotebookCell.markdown(
                                        1, "# All-reduce\nEvery replica adds its vector; all get the sum."),
                                NotebookCell.code(
                                        2,
                                        "import io.jfairing.runtime.runner.TrainingContext;\nimport java.io.*;\nimport java.net.*;\n"
                                                + "TrainingContext ctx = TrainingContext.current();\nint rank = ctx.rank();\nint world = ctx.worldSize();\n"
                                                + "long[] sum = {rank + 1, 10L * (rank + 1), 100L * (rank + 1)};"),
                                NotebookCell.code(
                                        3,
                                        "long[] readVector(DataInputStream in) throws IOException {\n"
                                                + "  long[] v = new long[in.readInt()];\n  for (int i = 0; i < v.length; i++) v[i] = in.readLong();\n  return v;\n}\n"
                                                + "void writeVector(DataOutputStream out, long[] v) throws IOException {\n"
                                                + "  out.writeInt(v.length);\n  for (long x : v) out.writeLong(x);\n  out.flush();\n}"),
                                NotebookCell.code(
                                        4,
                                        "if (rank == 0) {\n"
                                                + "  try (ServerSocket server = new ServerSocket(ctx.masterPort(), 50, InetAddress.getByName(ctx.masterAddress()))) {\n"
                                                + "    java.util.List<Socket> peers = new java.util.ArrayList<>();\n"
                                                + "    for (int i = 1; i < world; i++) {\n      Socket peer = server.accept();\n      peers.add(peer);\n"
                                                + "      long[] theirs = readVector(new DataInputStream(peer.getInputStream()));\n"
                                                + "      for (int k = 0; k < sum.length; k++) sum[k] += theirs[k];\n    }\n"
                                                + "    for (Socket peer : peers) {\n      writeVector(new DataOutputStream(peer.getOutputStream()), sum);\n      peer.close();\n    }\n"
                                                + "  }\n} else {\n  Socket socket = null;\n"
                                                + "  for (int attempt = 0; socket == null; attempt++) {\n"
                                                + "    try {\n      socket = new Socket(ctx.masterAddress(), ctx.masterPort());\n"
                                                + "    } catch (ConnectException e) {\n      if (attempt > 1200) throw e;\n      Thread.sleep(50);\n    }\n  }\n"
                                                + "  try (Socket s = socket) {\n    writeVector(new DataOutputStream(s.getOutputStream()), sum);\n"
                                                + "    long[] got = readVector(new DataInputStream(s.getInputStream()));\n"
                                                + "    System.arraycopy(got, 0, sum, 0, sum.length);\n  }\n}"),
                                NotebookCell.code(
                                        5,
                                        "System.out.println(\"rank=\" + rank + \" world=\" + world + \" sum=\" + sum[0] + \",\" + sum[1] + \",\" + sum[2]);"))),
                file);
        return file;
    }
}
