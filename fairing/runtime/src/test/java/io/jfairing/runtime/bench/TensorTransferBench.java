package io.jfairing.runtime.bench;

import io.jfairing.runtime.runner.Predictor;
import io.jfairing.runtime.server.ModelServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The model server's tensor transfer benchmark (issue 15): requests per second for one 1 MB FP32 tensor (262,144
 * floats, shape [1, 262144]) sent as V2 JSON and with the binary tensor data extension, and the latency (p50, p99) of
 * a small V2 request (one iris row). One client connection, requests back to back, in the same JVM as the server;
 * rounds alternate JSON and binary and each figure is the median over the rounds. Prints Markdown.
 *
 * <p>Run with {@code fairing/bench/run-tensor-bench.sh} (options: {@code --rounds N --seconds S --small N}).
 */
public final class TensorTransferBench {
    private static final int FLOATS = 262_144;

    private TensorTransferBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        int seconds = 5;
        int small = 5000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--small" -> small = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Predictor<float[], Double> sum = x -> {
            double s = 0;
            for (float f : x) {
                s += f;
            }
            return s;
        };
        Predictor<double[], Integer> iris = x -> x[2] > 4.6 ? 2 : 1;
        try (ModelServer big = ModelServer.builder(sum)
                        .modelName("sum")
                        .inputType(float[].class)
                        .port(0)
                        .start();
                ModelServer tiny = ModelServer.builder(iris)
                        .modelName("iris")
                        .inputType(double[].class)
                        .port(0)
                        .start()) {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            float[] tensor = new float[FLOATS];
            Random random = new Random(42);
            for (int i = 0; i < FLOATS; i++) {
                tensor[i] = random.nextFloat();
            }
            HttpRequest json = jsonRequest(big.port(), tensor);
            HttpRequest binary = binaryRequest(big.port(), tensor);
            send(client, json); // warm both paths
            send(client, binary);
            List<Double> jsonRates = new ArrayList<>();
            List<Double> binaryRates = new ArrayList<>();
            List<Double> jsonCpu = new ArrayList<>();
            List<Double> binaryCpu = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double[] j = rate(client, json, seconds);
                jsonRates.add(j[0]);
                jsonCpu.add(j[1]);
                double[] b = rate(client, binary, seconds);
                binaryRates.add(b[0]);
                binaryCpu.add(b[1]);
            }
            HttpRequest row = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + tiny.port() + "/v2/models/iris/infer"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 4],"
                            + " \"datatype\": \"FP32\", \"data\": [6.8, 2.8, 4.8, 1.4]}]}"))
                    .build();
            for (int i = 0; i < 1000; i++) {
                send(client, row);
            }
            long[] micros = new long[small];
            for (int i = 0; i < small; i++) {
                long start = System.nanoTime();
                send(client, row);
                micros[i] = (System.nanoTime() - start) / 1000;
            }
            Arrays.sort(micros);
            double jsonRate = median(jsonRates);
            double binaryRate = median(binaryRates);
            System.out.printf(
                    Locale.ROOT,
                    "| request | figure |%n|---|---|%n"
                            + "| 1 MB FP32 tensor, V2 JSON (%,d bytes) | %.1f req/s, %.1f ms CPU/request |%n"
                            + "| 1 MB FP32 tensor, V2 binary extension (%,d bytes) | %.1f req/s (%.1fx JSON),"
                            + " %.1f ms CPU/request |%n"
                            + "| one iris row, V2 JSON, latency | p50 %d µs, p99 %d µs (%d requests) |%n",
                    bodyLength(json),
                    jsonRate,
                    median(jsonCpu),
                    bodyLength(binary),
                    binaryRate,
                    binaryRate / jsonRate,
                    median(binaryCpu),
                    micros[small / 2],
                    micros[(int) (small * 0.99)],
                    small);
            System.out.printf(
                    Locale.ROOT,
                    "rounds: JSON %s, binary %s (req/s); load average %.1f on %d CPUs%n",
                    jsonRates.stream()
                            .map(r -> String.format(Locale.ROOT, "%.1f", r))
                            .toList(),
                    binaryRates.stream()
                            .map(r -> String.format(Locale.ROOT, "%.1f", r))
                            .toList(),
                    OS.getSystemLoadAverage(),
                    OS.getAvailableProcessors());
        }
    }

    private static long bodyLength(HttpRequest request) {
        return request.bodyPublisher().orElseThrow().contentLength();
    }

    private static HttpRequest jsonRequest(int port, float[] tensor) {
        StringBuilder body = new StringBuilder(
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, " + FLOATS + "], \"datatype\": \"FP32\", \"data\": [");
        for (int i = 0; i < tensor.length; i++) {
            body.append(i == 0 ? "" : ",").append(tensor[i]);
        }
        body.append("]}]}");
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/models/sum/infer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toString().getBytes(StandardCharsets.US_ASCII)))
                .build();
    }

    private static HttpRequest binaryRequest(int port, float[] tensor) {
        byte[] header = ("{\"inputs\": [{\"name\": \"x\", \"shape\": [1, " + FLOATS + "], \"datatype\": \"FP32\","
                        + " \"parameters\": {\"binary_data_size\": " + FLOATS * 4 + "}}]}")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer data = ByteBuffer.allocate(FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : tensor) {
            data.putFloat(f);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(header);
        body.writeBytes(data.array());
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/models/sum/infer"))
                .header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", Integer.toString(header.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
    }

    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** Requests per second, and this JVM's CPU milliseconds per request (client and server: less moved by load). */
    private static double[] rate(HttpClient client, HttpRequest request, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        long cpu = OS.getProcessCpuTime();
        int done = 0;
        while (System.nanoTime() < end) {
            send(client, request);
            done++;
        }
        return new double[] {done / ((System.nanoTime() - start) / 1e9), (OS.getProcessCpuTime() - cpu) / 1e6 / done};
    }

    private static void send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "HTTP " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
