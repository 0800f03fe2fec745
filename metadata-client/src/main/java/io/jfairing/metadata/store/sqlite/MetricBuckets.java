package io.jfairing.metadata.store.sqlite;

import io.jfairing.metadata.MetricPoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A summary of each metric series in buckets of {@value #WIDTH} steps ({@code metric_bucket}): how many points,
 * and the points with the lowest and the highest value, kept up to date as batches are written. A plot of a long
 * series is drawn from these two points per bucket, so a 1,000,000-point curve is read as about 2,000 rows instead
 * of a million. NaN points are counted but are never a bucket's minimum or maximum.
 *
 * <p>The count may exceed the stored points when a point is written twice (a retried batch, stored once): it only
 * decides when the summary is used.
 */
final class MetricBuckets {
    /** The schema version that added {@code metric_bucket}. */
    static final int SINCE_VERSION = 5;

    /** Steps per bucket; a bucket is {@code step / WIDTH}, truncated as SQL integer division does. */
    static final int WIDTH = 1024;

    /** A series with more points than this many times the points asked for is drawn from its buckets. */
    static final int RAW_FACTOR = 4;

    static final String BACKFILL =
            "INSERT INTO metric_bucket (run_id, key, bucket, points, min_value, min_step, min_ts,"
                    + " max_value, max_step, max_ts)"
                    + " SELECT a.run_id, a.key, a.bucket, a.points, lo.value, lo.step, lo.ts, hi.value, hi.step, hi.ts"
                    + " FROM (SELECT run_id, key, step / " + WIDTH + " AS bucket, COUNT(*) AS points FROM metric"
                    + " GROUP BY run_id, key, step / " + WIDTH + ") a"
                    + " LEFT JOIN (" + extreme("")
                    + ") lo ON lo.run_id = a.run_id AND lo.key = a.key AND lo.bucket = a.bucket"
                    + " AND lo.n = 1"
                    + " LEFT JOIN (" + extreme(" DESC") + ") hi ON hi.run_id = a.run_id AND hi.key = a.key"
                    + " AND hi.bucket = a.bucket AND hi.n = 1";

    private static final String UPSERT = "INSERT INTO metric_bucket (run_id, key, bucket, points, min_value, min_step,"
            + " min_ts, max_value, max_step, max_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (run_id, key, bucket) DO UPDATE SET points = metric_bucket.points + excluded.points,"
            + replaceIf("excluded.min_value < metric_bucket.min_value", "min")
            + ","
            + replaceIf("excluded.max_value > metric_bucket.max_value", "max");

    private MetricBuckets() {}

    private static String extreme(String direction) {
        return "SELECT run_id, key, step / " + WIDTH + " AS bucket, value, step, ts, ROW_NUMBER() OVER"
                + " (PARTITION BY run_id, key, step / " + WIDTH + " ORDER BY value" + direction + ", step, ts) AS n"
                + " FROM metric WHERE is_nan = 0";
    }

    private static String replaceIf(String better, String prefix) {
        String when = " CASE WHEN metric_bucket." + prefix + "_value IS NULL OR " + better + " THEN excluded.";
        StringBuilder sb = new StringBuilder();
        for (String column : List.of("_value", "_step", "_ts")) {
            if (!column.equals("_value")) {
                sb.append(',');
            }
            sb.append(' ')
                    .append(prefix)
                    .append(column)
                    .append(" =")
                    .append(when)
                    .append(prefix)
                    .append(column)
                    .append(" ELSE metric_bucket.")
                    .append(prefix)
                    .append(column)
                    .append(" END");
        }
        return sb.toString();
    }

    private static final class Bucket {
        long points;
        MetricPoint min;
        MetricPoint max;
    }

    /** Adds a batch's points (of one run) to their buckets. */
    static void add(Conn c, long runId, List<MetricPoint> points) throws SQLException {
        if (points.isEmpty()) {
            return;
        }
        Map<String, Map<Long, Bucket>> byKey = new LinkedHashMap<>();
        for (MetricPoint p : points) {
            Bucket b = byKey.computeIfAbsent(p.key(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(p.step() / WIDTH, k -> new Bucket());
            b.points++;
            if (!Double.isNaN(p.value())) {
                if (b.min == null || p.value() < b.min.value()) {
                    b.min = p;
                }
                if (b.max == null || p.value() > b.max.value()) {
                    b.max = p;
                }
            }
        }
        PreparedStatement ps = c.prepare(UPSERT);
        for (Map.Entry<String, Map<Long, Bucket>> k : byKey.entrySet()) {
            for (Map.Entry<Long, Bucket> e : k.getValue().entrySet()) {
                Bucket b = e.getValue();
                ps.setLong(1, runId);
                ps.setString(2, k.getKey());
                ps.setLong(3, e.getKey());
                ps.setLong(4, b.points);
                bindPoint(ps, 5, b.min);
                bindPoint(ps, 8, b.max);
                ps.addBatch();
            }
        }
        ps.executeBatch();
    }

    private static void bindPoint(PreparedStatement ps, int index, MetricPoint p) throws SQLException {
        if (p == null) {
            ps.setNull(index, java.sql.Types.DOUBLE);
            ps.setNull(index + 1, java.sql.Types.BIGINT);
            ps.setNull(index + 2, java.sql.Types.BIGINT);
        } else {
            ps.setDouble(index, p.value());
            ps.setLong(index + 1, p.step());
            ps.setLong(index + 2, p.timestamp());
        }
    }

    /**
     * Whether a plot of at most {@code maxPoints} points is better drawn from the buckets: the series has more than
     * {@value #RAW_FACTOR} times that many points and enough buckets (two points each) to fill the plot.
     */
    static boolean outlines(Conn c, long runId, String key, int maxPoints) throws SQLException {
        PreparedStatement ps =
                c.prepare("SELECT COUNT(*), SUM(points) FROM metric_bucket WHERE run_id = ? AND key = ?");
        ps.setLong(1, runId);
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && 2 * rs.getLong(1) >= maxPoints && rs.getLong(2) > (long) maxPoints * RAW_FACTOR;
        }
    }

    /**
     * The series as its buckets' lowest and highest points plus its first and last points, sorted by step and
     * timestamp: what a plot of the whole series shows, from O(buckets) rows.
     */
    static List<MetricPoint> outline(Conn c, long runId, String key) throws SQLException {
        List<MetricPoint> out = new ArrayList<>();
        PreparedStatement ps = c.prepare("SELECT min_value, min_step, min_ts, max_value, max_step, max_ts"
                + " FROM metric_bucket WHERE run_id = ? AND key = ? AND min_value IS NOT NULL ORDER BY bucket");
        ps.setLong(1, runId);
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                MetricPoint lo = new MetricPoint(key, rs.getDouble(1), rs.getLong(2), rs.getLong(3));
                MetricPoint hi = new MetricPoint(key, rs.getDouble(4), rs.getLong(5), rs.getLong(6));
                out.add(lo);
                if (!hi.equals(lo)) {
                    out.add(hi);
                }
            }
        }
        out.add(end(c, runId, key, "ASC"));
        out.add(end(c, runId, key, "DESC"));
        out.sort(Comparator.comparingLong(MetricPoint::step).thenComparingLong(MetricPoint::timestamp));
        List<MetricPoint> distinct = new ArrayList<>(out.size());
        for (MetricPoint p : out) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(p)) {
                distinct.add(p);
            }
        }
        return distinct;
    }

    private static MetricPoint end(Conn c, long runId, String key, String direction) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT step, ts, value, is_nan FROM metric WHERE run_id = ? AND key = ?"
                + " ORDER BY step " + direction + ", ts " + direction + " LIMIT 1");
        ps.setLong(1, runId);
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new MetricPoint(key, rs.getInt(4) == 1 ? Double.NaN : rs.getDouble(3), rs.getLong(1), rs.getLong(2));
        }
    }
}
