package io.jfairing.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Runs side by side: every param and every latest metric value of each run, in the order the runs were asked. */
public final class RunComparison {
    private final List<RunInfo> runs;
    private final List<String> paramKeys;
    private final List<String> metricKeys;

    private RunComparison(List<RunInfo> runs) {
        this.runs = List.copyOf(runs);
        TreeSet<String> p = new TreeSet<>();
        TreeSet<String> m = new TreeSet<>();
        for (RunInfo r : runs) {
            p.addAll(r.params().keySet());
            m.addAll(r.metrics().keySet());
        }
        this.paramKeys = List.copyOf(p);
        this.metricKeys = List.copyOf(m);
    }

    public static RunComparison of(List<RunInfo> runs) {
        return new RunComparison(runs);
    }

    public List<RunInfo> runs() {
        return runs;
    }

    /** Every param key any of the runs has, sorted. */
    public List<String> paramKeys() {
        return paramKeys;
    }

    /** Every metric key any of the runs has, sorted. */
    public List<String> metricKeys() {
        return metricKeys;
    }

    /** The param's value in each run (null where a run lacks it). */
    public List<String> param(String key) {
        List<String> out = new ArrayList<>();
        for (RunInfo r : runs) {
            out.add(r.params().get(key));
        }
        return out;
    }

    /** The metric's latest value in each run (null where a run lacks it). */
    public List<Double> metric(String key) {
        List<Double> out = new ArrayList<>();
        for (RunInfo r : runs) {
            out.add(r.metrics().get(key));
        }
        return out;
    }

    /** Param keys whose values are not the same in all runs. */
    public List<String> differingParams() {
        List<String> out = new ArrayList<>();
        for (String k : paramKeys) {
            if (param(k).stream().distinct().count() > 1) {
                out.add(k);
            }
        }
        return out;
    }

    /** A Markdown table: one column per run, one row per param and metric. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| |");
        for (RunInfo r : runs) {
            sb.append(' ').append(escape(r.name())).append(" (#").append(r.id()).append(") |");
        }
        sb.append("\n|---|");
        sb.append("---|".repeat(runs.size()));
        sb.append('\n');
        row(sb, "status", runs.stream().map(r -> r.status().name()).toList());
        for (String k : paramKeys) {
            row(sb, "params." + k, param(k));
        }
        for (String k : metricKeys) {
            row(
                    sb,
                    "metrics." + k,
                    metric(k).stream()
                            .map(d -> d == null ? null : formatNumber(d))
                            .toList());
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, List<?> cells) {
        sb.append("| ").append(escape(label)).append(" |");
        for (Object c : cells) {
            sb.append(' ').append(c == null ? "" : escape(Objects.toString(c))).append(" |");
        }
        sb.append('\n');
    }

    private static String formatNumber(double d) {
        if (!Double.isFinite(d)) {
            return String.valueOf(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        return java.math.BigDecimal.valueOf(d)
                .round(new java.math.MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    @Override
    public String toString() {
        return toMarkdown();
    }

    /** Runs by id, in the order of {@code ids}; throws NotFoundException for an id that is missing. */
    static RunComparison ordered(List<Long> ids, List<RunInfo> found) {
        Map<Long, RunInfo> byId = new java.util.HashMap<>();
        for (RunInfo r : found) {
            byId.put(r.id(), r);
        }
        List<RunInfo> ordered = new ArrayList<>();
        for (Long id : ids) {
            RunInfo r = byId.get(id);
            if (r == null) {
                throw new NotFoundException("run " + id + " does not exist");
            }
            ordered.add(r);
        }
        return new RunComparison(ordered);
    }
}
