package io.jfairing.extensions.display;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.jfairing.runtime.widgets.Box;
import io.jfairing.runtime.widgets.IntProgress;
import io.jfairing.runtime.widgets.Label;
import java.util.Locale;

/**
 * A progress bar shown once and updated in place: a live progress widget ({@code IntProgress} and a label) where the
 * frontend renders widgets, else an HTML {@code <progress>} and a text bar in a display. Updates closer than {@link
 * #MIN_INTERVAL_NANOS} apart are folded into the next one, so that a fast push does not flood the frontend.
 */
public final class ProgressBar {
    static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final Frontend frontend;
    private final String label;
    private String id;
    private IntProgress widget;
    private Label widgetText;
    private long lastUpdate;
    private double lastFraction = -1;

    public ProgressBar(Frontend frontend, String label) {
        this.frontend = frontend;
        this.label = label;
    }

    /** Shows {@code fraction} (0..1) with a description; cheap to call often. */
    public synchronized void update(double fraction, String description) {
        double f = Math.max(0, Math.min(1, fraction));
        long now = System.nanoTime();
        boolean shown = id != null || widget != null;
        if (shown && f < 1 && now - lastUpdate < MIN_INTERVAL_NANOS) {
            return;
        }
        if (shown && f == lastFraction && f >= 1) {
            return;
        }
        lastUpdate = now;
        lastFraction = f;
        if (id == null && widget == null) {
            IntProgress bar = new IntProgress(label, 0, 100);
            Label text = new Label(description == null ? "" : description);
            if (frontend.showWidget(Box.horizontal(bar, text))) {
                widget = bar;
                widgetText = text;
            }
        }
        if (widget != null) {
            widget.setValue((int) Math.round(f * 100));
            widgetText.setValue(description == null ? "" : description);
            if (f >= 1) {
                widget.setBarStyle("success");
            }
            return;
        }
        DisplayData data = render(label, f, description);
        if (id == null) {
            id = frontend.display(data);
        } else {
            frontend.update(id, data);
        }
    }

    /** Shows 100% with a final message (also when the bar reached 100% already). */
    public synchronized void done(String description) {
        lastUpdate = 0;
        lastFraction = -1;
        update(1, description);
    }

    static DisplayData render(String label, double fraction, String description) {
        int percent = (int) Math.round(fraction * 100);
        int filled = (int) Math.round(fraction * 30);
        String text = String.format(
                        Locale.ROOT,
                        "%s [%s%s] %3d%% %s",
                        label,
                        "#".repeat(filled),
                        " ".repeat(30 - filled),
                        percent,
                        description == null ? "" : description)
                .stripTrailing();
        DisplayData data = new DisplayData(text);
        data.putData(
                MIMEType.TEXT_HTML,
                "<div class=\"jfairing-progress\"><span>" + Html.escape(label)
                        + "</span> <progress value=\"" + percent + "\" max=\"100\" style=\"width:20em\"></progress> "
                        + percent + "% <span>" + Html.escape(description) + "</span></div>");
        return data;
    }
}
