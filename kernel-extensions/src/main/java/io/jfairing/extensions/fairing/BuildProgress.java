package io.jfairing.extensions.fairing;

import io.jfairing.extensions.display.Frontend;
import io.jfairing.extensions.display.ProgressBar;
import io.jfairing.fairing.image.ImageBuildEvent;
import io.jfairing.fairing.image.ImageBuildListener;
import io.jfairing.fairing.image.Sizes;

/**
 * Shows an image build in the cell: the input files left out (credentials, ignored, links out of the folder), then one
 * progress bar updated in place with the stage and the bytes pushed.
 */
final class BuildProgress implements ImageBuildListener {
    private final Frontend frontend;
    private final ProgressBar bar;
    private volatile String stage = "preparing";
    private volatile double fraction;
    private long pushed;

    BuildProgress(Frontend frontend, String label) {
        this.frontend = frontend;
        this.bar = new ProgressBar(frontend, label);
    }

    @Override
    public void onEvent(ImageBuildEvent event) {
        if (event instanceof ImageBuildEvent.InputsLeftOut leftOut) {
            frontend.println("left out of the image (" + leftOut.files().size() + "):");
            leftOut.files().forEach(f -> frontend.println("  " + f));
        } else if (event instanceof ImageBuildEvent.Stage s) {
            stage = s.name();
            bar.update(fraction, stage);
        } else if (event instanceof ImageBuildEvent.Progress p) {
            fraction = p.fraction();
            bar.update(fraction, p.description() == null || p.description().isBlank() ? stage : p.description());
        } else if (event instanceof ImageBuildEvent.BlobPushed b) {
            long total;
            synchronized (this) {
                pushed += b.size();
                total = pushed;
            }
            bar.update(fraction, "pushed " + Sizes.human(total));
        }
    }

    void done(String message) {
        bar.done(message);
    }
}
