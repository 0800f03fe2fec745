package io.jfairing.metadata.store;

import io.jfairing.metadata.MetricPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson, 2013): keeps the first and last points and, from each
 * bucket between, the point that forms the largest triangle with its neighbours' choices, so peaks and dips that a
 * plot would show survive. x is the step (the timestamp breaks ties), y the value.
 */
public final class Downsampling {
    private Downsampling() {}

    /** At most {@code threshold} points of {@code points} (sorted by step); all of them when there are fewer. */
    public static List<MetricPoint> lttb(List<MetricPoint> points, int threshold) {
        int n = points.size();
        if (threshold <= 0 || n <= threshold) {
            return points;
        }
        if (threshold < 3) {
            return threshold == 1 ? List.of(points.get(n - 1)) : List.of(points.get(0), points.get(n - 1));
        }
        List<MetricPoint> out = new ArrayList<>(threshold);
        double every = (double) (n - 2) / (threshold - 2);
        int a = 0;
        out.add(points.get(0));
        for (int i = 0; i < threshold - 2; i++) {
            // average of the next bucket
            int avgStart = (int) Math.floor((i + 1) * every) + 1;
            int avgEnd = Math.min((int) Math.floor((i + 2) * every) + 1, n);
            double avgX = 0;
            double avgY = 0;
            int count = 0;
            for (int j = avgStart; j < avgEnd; j++) {
                double y = points.get(j).value();
                if (Double.isFinite(y)) {
                    avgX += points.get(j).step();
                    avgY += y;
                    count++;
                }
            }
            if (count > 0) {
                avgX /= count;
                avgY /= count;
            } else {
                avgX = points.get(Math.min(avgStart, n - 1)).step();
                avgY = 0;
            }
            // the point of this bucket with the largest triangle
            int rangeStart = (int) Math.floor(i * every) + 1;
            int rangeEnd = (int) Math.floor((i + 1) * every) + 1;
            double ax = points.get(a).step();
            double ay = finite(points.get(a).value());
            double maxArea = -1;
            int chosen = rangeStart;
            for (int j = rangeStart; j < rangeEnd; j++) {
                MetricPoint p = points.get(j);
                double area = Math.abs((ax - avgX) * (finite(p.value()) - ay) - (ax - p.step()) * (avgY - ay)) * 0.5;
                if (!Double.isFinite(p.value())) {
                    area = Double.MAX_VALUE; // keep NaN and infinities visible: they are what one looks for in a plot
                }
                if (area > maxArea) {
                    maxArea = area;
                    chosen = j;
                }
            }
            out.add(points.get(chosen));
            a = chosen;
        }
        out.add(points.get(n - 1));
        return out;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
