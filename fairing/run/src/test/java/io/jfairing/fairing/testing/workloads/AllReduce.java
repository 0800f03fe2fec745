package io.jfairing.fairing.testing.workloads;

import io.jfairing.runtime.runner.TrainingContext;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A sum all-reduce over sockets, found through the injected env only: rank 0 listens on MASTER_ADDR:MASTER_PORT, the
 * others connect, send their vector and get the sum back. Rank r contributes {@code [r+1, 10(r+1), 100(r+1)]}; every
 * replica prints {@code rank=R world=W sum=a,b,c}.
 */
public final class AllReduce {
    private AllReduce() {}

    public static void main(String[] args) throws Exception {
        TrainingContext ctx = TrainingContext.current();
        int rank = ctx.rank();
        int world = ctx.worldSize();
        long[] mine = {rank + 1, 10L * (rank + 1), 100L * (rank + 1)};
        long[] sum;
        if (rank == 0) {
            sum = mine.clone();
            try (ServerSocket server =
                    new ServerSocket(ctx.masterPort(), 50, InetAddress.getByName(ctx.masterAddress()))) {
                List<Socket> peers = new ArrayList<>();
                for (int i = 1; i < world; i++) {
                    Socket peer = server.accept();
                    peers.add(peer);
                    long[] theirs = read(new DataInputStream(peer.getInputStream()));
                    for (int k = 0; k < sum.length; k++) {
                        sum[k] += theirs[k];
                    }
                }
                for (Socket peer : peers) {
                    write(new DataOutputStream(peer.getOutputStream()), sum);
                    peer.close();
                }
            }
        } else {
            Socket socket = connect(ctx.masterAddress(), ctx.masterPort());
            try (socket) {
                write(new DataOutputStream(socket.getOutputStream()), mine);
                sum = read(new DataInputStream(socket.getInputStream()));
            }
        }
        System.out.println("rank=" + rank + " world=" + world + " sum="
                + Arrays.stream(sum).mapToObj(Long::toString).collect(Collectors.joining(",")));
    }

    private static Socket connect(String host, int port) throws IOException, InterruptedException {
        long until = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                return new Socket(host, port);
            } catch (ConnectException e) {
                if (System.currentTimeMillis() > until) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void write(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
        out.flush();
    }

    private static long[] read(DataInputStream in) throws IOException {
        long[] values = new long[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }
}
