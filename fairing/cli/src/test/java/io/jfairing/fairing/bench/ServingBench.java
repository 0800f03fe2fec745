package io.jfairing.fairing.bench;

import com.sun.net.httpserver.HttpServer;
import io.jfairing.runtime.runner.Predictor;
import io.jfairing.runtime.server.ModelServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The serving benchmark: {@code wrk --latency} on loopback against, in the same JVM and the same run, a bare JDK
 * {@code HttpServer} that reads the request and answers a constant body (the ceiling), the model server's V1
 * {@code :predict} and its V2 {@code /infer}, with KServe's iris request bodies and a small model (a rule on one
 * feature, so that the figures measure the server, not the model). Rounds alternate the three targets; each figure
 * is the median over the rounds. Besides wrk's figures, it reports this JVM's CPU time per request (the servers'
 * cost, which the load of a shared machine moves much less than throughput). Prints a Markdown table.
 *
 * <p>Run with {@code fairing/bench/run-serving-bench.sh} (options: {@code --rounds N --seconds S --connections C
 * --threads T}).
 */
public final class ServingBench {
    static final String V1_BODY = "{\"instances\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}";
    static final String V2_BODY = "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [2, 4], \"datatype\": \"FP32\", "
            + "\"data\": [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6]}]}";
    static final byte[] CONSTANT = "{\"predictions\": [2, 1]}".getBytes(StandardCharsets.UTF_8);
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: (.*)");

    /** The small model: class 2 when petal length > 4.6, else 1. */
    static final class Iris implements Predictor<double[], Integer> {
        @Override
        public Integer predict(double[] x) {
            return x[2] > 4.6 ? 2 : 1;
        }
    }

    /** One wrk run: throughput, latency percentiles (ms), and this JVM's CPU time per request (µs): the servers' cost. */
    record Result(double rps, double p50, double p99, double cpuMicros, String errors) {}

    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

    private ServingBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = 7;
        int seconds = 5;
        int connections = 16;
        int threads = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int workers = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        ExecutorService bareExecutor = Executors.newFixedThreadPool(workers);
        HttpServer bare = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bare.setExecutor(bareExecutor);
        bare.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, CONSTANT.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(CONSTANT);
            }
        });
        bare.start();
        ModelServer server =
                ModelServer.builder(new Iris()).modelName("iris").port(0).start();
        server.awaitReady(java.time.Duration.ofSeconds(10));

        Path dir = Files.createTempDirectory("jfairing-serving-bench");
        Map<String, String[]> targets = new LinkedHashMap<>();
        targets.put(
                "bare JDK HttpServer, constant body (ceiling)",
                new String[] {"http://127.0.0.1:" + bare.getAddress().getPort() + "/v1/models/iris:predict", V1_BODY});
        targets.put(
                "V1 `POST /v1/models/iris:predict`",
                new String[] {"http://127.0.0.1:" + server.port() + "/v1/models/iris:predict", V1_BODY});
        targets.put(
                "V2 `POST /v2/models/iris/infer`",
                new String[] {"http://127.0.0.1:" + server.port() + "/v2/models/iris/infer", V2_BODY});
        Map<String, Path> scripts = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> t : targets.entrySet()) {
            Path script = dir.resolve("post" + scripts.size() + ".lua");
            Files.writeString(
                    script,
                    "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '"
                            + t.getValue()[1] + "'\n");
            scripts.put(t.getKey(), script);
        }
        System.err.println("warming up (JIT) ...");
        for (Map.Entry<String, String[]> t : targets.entrySet()) {
            wrk(threads, connections, 5, scripts.get(t.getKey()), t.getValue()[0]);
        }
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, String[]> t : targets.entrySet()) {
                Result r = wrk(threads, connections, seconds, scripts.get(t.getKey()), t.getValue()[0]);
                System.err.printf(
                        Locale.ROOT,
                        "round %d %s: %.0f req/s, p50 %.3f ms, p99 %.3f ms, %.1f us CPU/request%s%n",
                        round + 1,
                        t.getKey(),
                        r.rps,
                        r.p50,
                        r.p99,
                        r.cpuMicros,
                        r.errors.isEmpty() ? "" : " (" + r.errors + ")");
                results.computeIfAbsent(t.getKey(), k -> new ArrayList<>()).add(r);
            }
        }
        bare.stop(0);
        bareExecutor.shutdown();
        server.shutdown(java.time.Duration.ofSeconds(1));

        double ceiling = median(results.values().iterator().next(), Result::rps);
        double ceilingCpu = median(results.values().iterator().next(), Result::cpuMicros);
        System.out.printf(
                Locale.ROOT,
                "wrk %d thread(s), %d connections, %d s per target per round, %d rounds (median), %d CPUs, Java %s%n%n",
                threads,
                connections,
                seconds,
                rounds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.println(
                "| target | requests/s | p50 | p99 | of the ceiling | server CPU per request | ceiling's CPU / this CPU |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            double rps = median(e.getValue(), Result::rps);
            double cpu = median(e.getValue(), Result::cpuMicros);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.0f | %.2f ms | %.2f ms | %.0f%% | %.1f µs | %.0f%% |%n",
                    e.getKey(),
                    rps,
                    median(e.getValue(), Result::p50),
                    median(e.getValue(), Result::p99),
                    100 * rps / ceiling,
                    cpu,
                    100 * ceilingCpu / cpu);
        }
        System.out.println();
        System.out.println(server.metricsText()
                .lines()
                .filter(l -> l.startsWith("jfairing_serving_requests_total"))
                .reduce((a, b) -> a + "\n" + b)
                .orElse(""));
    }

    private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> f) {
        double[] values = results.stream().mapToDouble(f).sorted().toArray();
        return values[values.length / 2];
    }

    private static Result wrk(int threads, int connections, int seconds, Path script, String url)
            throws IOException, InterruptedException {
        long cpuBefore = OS.getProcessCpuTime();
        Process p = new ProcessBuilder(
                        "wrk",
                        "-t" + threads,
                        "-c" + connections,
                        "-d" + seconds + "s",
                        "--latency",
                        "-s",
                        script.toString(),
                        url)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("wrk failed:\n" + out);
        }
        long cpu = OS.getProcessCpuTime() - cpuBefore;
        Matcher requests = REQUESTS.matcher(out);
        if (!requests.find()) {
            throw new IOException("no request count in wrk's output:\n" + out);
        }
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new IOException("no Requests/sec in wrk's output:\n" + out);
        }
        StringBuilder errors = new StringBuilder();
        Matcher e = ERRORS.matcher(out);
        while (e.find()) {
            errors.append(errors.length() == 0 ? "" : "; ").append(e.group().trim());
        }
        return new Result(
                Double.parseDouble(rps.group(1)),
                percentile(out, "50%"),
                percentile(out, "99%"),
                cpu / 1000.0 / Long.parseLong(requests.group(1)),
                errors.toString());
    }

    /** A latency percentile from wrk's {@code --latency} table, in milliseconds. */
    private static double percentile(String out, String which) throws IOException {
        Matcher m = Pattern.compile("^\\s+" + Pattern.quote(which) + "\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE)
                .matcher(out);
        if (!m.find()) {
            throw new IOException("no " + which + " latency in wrk's output:\n" + out);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
