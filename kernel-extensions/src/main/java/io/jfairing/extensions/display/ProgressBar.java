package io.jfairing.extensions.display;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.Locale;

/**
 * A progress bar shown once and updated in place (an HTML {@code <progress>} and a text bar). Updates closer than
 * {@link #MIN_INTERVAL_NANOS} apart are folded into the next one, so that a fast push does not flood the frontend.
 */
public final class ProgressBar {
    static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final Frontend frontend;
    private final String label;
    private String id;
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
        if (id != null && f < 1 && now - lastUpdate < MIN_INTERVAL_NANOS) {
            return;
        }
        if (id != null && f == lastFraction && f >= 1) {
            return;
        }
        lastUpdate = now;
        lastFraction = f;
        DisplayData data = render(label, f, description);
        if (id == null) {
            id = frontend.display(data);
        } else {
            frontend.update(id, data);
        }
    }

    /** Shows 100% with a final message. */
    public synchronized void done(String description) {
        lastUpdate = 0;
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
