package io.jfairing.extensions.display;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Metric curves (value by step, one series per run) drawn with XChart, as SVG (the default: sharp and small) or PNG.
 * Immutable; add series with {@link #withSeries}.
 */
public final class MetricChart {
    /** One point of a curve. */
    public record Point(double step, double value) {}

    private final String title;
    private final String yAxis;
    private final Map<String, List<Point>> series;

    public MetricChart(String title, String yAxis) {
        this(title, yAxis, Map.of());
    }

    private MetricChart(String title, String yAxis, Map<String, List<Point>> series) {
        this.title = title;
        this.yAxis = yAxis;
        this.series = series;
    }

    public MetricChart withSeries(String name, List<Point> points) {
        Map<String, List<Point>> copy = new LinkedHashMap<>(series);
        copy.put(name, List.copyOf(points));
        return new MetricChart(title, yAxis, copy);
    }

    public boolean isEmpty() {
        return series.values().stream().allMatch(List::isEmpty);
    }

    private XYChart chart(int width, int height) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle("step")
                .yAxisTitle(yAxis)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            double[] x = e.getValue().stream().mapToDouble(Point::step).toArray();
            double[] y = e.getValue().stream().mapToDouble(Point::value).toArray();
            chart.addSeries(e.getKey(), x, y).setMarker(x.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    public String toSvg(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(
                    chart(width, height), out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public byte[] toPng(int width, int height) {
        try {
            return BitmapEncoder.getBitmapBytes(chart(width, height), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SVG, or PNG when {@code png}; with a one-line text summary for frontends without images. */
    public DisplayData toDisplayData(boolean png, int width, int height) {
        DisplayData data =
                new DisplayData(title + ": " + series.size() + " series (" + String.join(", ", series.keySet()) + ")");
        if (png) {
            data.putData(MIMEType.IMAGE_PNG, java.util.Base64.getEncoder().encodeToString(toPng(width, height)));
        } else {
            data.putData(MIMEType.IMAGE_SVG, toSvg(width, height));
        }
        return data;
    }
}
