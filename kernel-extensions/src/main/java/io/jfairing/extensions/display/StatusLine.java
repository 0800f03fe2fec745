package io.jfairing.extensions.display;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.Objects;

/** One line of status (a job's phase and replicas) shown once and replaced in place when it changes. */
public final class StatusLine {
    private final Frontend frontend;
    private String id;
    private String last;

    public StatusLine(Frontend frontend) {
        this.frontend = frontend;
    }

    /** Shows {@code text}; the same text twice in a row is shown once. */
    public synchronized void show(String text) {
        if (Objects.equals(text, last)) {
            return;
        }
        last = text;
        DisplayData data = new DisplayData(text);
        data.putData(MIMEType.TEXT_HTML, "<div class=\"jfairing-status\"><code>" + Html.escape(text) + "</code></div>");
        if (id == null) {
            id = frontend.display(data);
        } else {
            frontend.update(id, data);
        }
    }
}
