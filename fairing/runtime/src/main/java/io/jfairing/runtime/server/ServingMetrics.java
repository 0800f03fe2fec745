package io.jfairing.runtime.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** The server's metrics in the Prometheus text format (version 0.0.4). */
final class ServingMetrics {
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private record Key(String protocol, String model, int status) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = protocol.compareTo(o.protocol);
            c = c != 0 ? c : model.compareTo(o.model);
            return c != 0 ? c : Integer.compare(status, o.status);
        }
    }

    private record Series(String protocol, String model) implements Comparable<Series> {
        @Override
        public int compareTo(Series o) {
            int c = protocol.compareTo(o.protocol);
            return c != 0 ? c : model.compareTo(o.model);
        }
    }

    private static final class Histogram {
        final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length);
        final AtomicLong count = new AtomicLong();
        final DoubleAdder sum = new DoubleAdder();
    }

    private final Map<Key, AtomicLong> requests = new ConcurrentSkipListMap<>();
    private final Map<Series, Histogram> latency = new ConcurrentSkipListMap<>();
    private final Map<Series, AtomicLong> predictorErrors = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicLong> loadFailures = new ConcurrentHashMap<>();
    private final String model;
    private final BooleanSupplier ready;
    private final IntSupplier inFlight;

    ServingMetrics(String model, BooleanSupplier ready, IntSupplier inFlight) {
        this.model = model;
        this.ready = ready;
        this.inFlight = inFlight;
    }

    void request(String protocol, String model, int status, long nanos) {
        requests.computeIfAbsent(new Key(protocol, model, status), k -> new AtomicLong())
                .incrementAndGet();
        Histogram h = latency.computeIfAbsent(new Series(protocol, model), k -> new Histogram());
        double seconds = nanos / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                h.buckets.incrementAndGet(i);
            }
        }
        h.count.incrementAndGet();
        h.sum.add(seconds);
    }

    void predictorError(String protocol) {
        predictorErrors
                .computeIfAbsent(new Series(protocol, model), k -> new AtomicLong())
                .incrementAndGet();
    }

    void loadFailure() {
        loadFailures.computeIfAbsent(model, k -> new AtomicLong()).incrementAndGet();
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP jfairing_serving_requests_total Requests answered, by protocol, model and HTTP status.\n");
        out.append("# TYPE jfairing_serving_requests_total counter\n");
        requests.forEach((k, v) -> out.append("jfairing_serving_requests_total{protocol=\"")
                .append(k.protocol)
                .append("\",model=\"")
                .append(escape(k.model))
                .append("\",status=\"")
                .append(k.status)
                .append("\"} ")
                .append(v.get())
                .append('\n'));
        out.append("# HELP jfairing_serving_request_duration_seconds Time to answer a request.\n");
        out.append("# TYPE jfairing_serving_request_duration_seconds histogram\n");
        latency.forEach((s, h) -> {
            String labels = "protocol=\"" + s.protocol + "\",model=\"" + escape(s.model) + "\"";
            long count = h.count.get();
            for (int i = 0; i < BUCKETS.length; i++) {
                out.append("jfairing_serving_request_duration_seconds_bucket{")
                        .append(labels)
                        .append(",le=\"")
                        .append(BUCKETS[i])
                        .append("\"} ")
                        .append(h.buckets.get(i))
                        .append('\n');
            }
            out.append("jfairing_serving_request_duration_seconds_bucket{")
                    .append(labels)
                    .append(",le=\"+Inf\"} ")
                    .append(count)
                    .append('\n');
            out.append("jfairing_serving_request_duration_seconds_sum{")
                    .append(labels)
                    .append("} ")
                    .append(h.sum.sum())
                    .append('\n');
            out.append("jfairing_serving_request_duration_seconds_count{")
                    .append(labels)
                    .append("} ")
                    .append(count)
                    .append('\n');
        });
        out.append("# HELP jfairing_serving_predictor_errors_total Predictions that threw.\n");
        out.append("# TYPE jfairing_serving_predictor_errors_total counter\n");
        predictorErrors.forEach((s, v) -> out.append("jfairing_serving_predictor_errors_total{protocol=\"")
                .append(s.protocol)
                .append("\",model=\"")
                .append(escape(s.model))
                .append("\"} ")
                .append(v.get())
                .append('\n'));
        out.append("# HELP jfairing_serving_model_load_failures_total Model loads that failed.\n");
        out.append("# TYPE jfairing_serving_model_load_failures_total counter\n");
        out.append("jfairing_serving_model_load_failures_total{model=\"")
                .append(escape(model))
                .append("\"} ")
                .append(loadFailures.getOrDefault(model, new AtomicLong()).get())
                .append('\n');
        out.append("# HELP jfairing_serving_model_ready 1 when the model is loaded and the server not draining.\n");
        out.append("# TYPE jfairing_serving_model_ready gauge\n");
        out.append("jfairing_serving_model_ready{model=\"")
                .append(escape(model))
                .append("\"} ")
                .append(ready.getAsBoolean() ? 1 : 0)
                .append('\n');
        out.append("# HELP jfairing_serving_requests_in_flight Requests being answered.\n");
        out.append("# TYPE jfairing_serving_requests_in_flight gauge\n");
        out.append("jfairing_serving_requests_in_flight ")
                .append(inFlight.getAsInt())
                .append('\n');
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
