package io.jfairing.fairing.cli;

import io.jfairing.fairing.image.ImageBuildEvent;
import io.jfairing.fairing.image.ImageBuildListener;
import io.jfairing.fairing.image.Sizes;
import java.io.PrintWriter;

/** Shows build events on the terminal: input files left out, stages, blobs sent, warnings. */
final class ProgressPrinter implements ImageBuildListener {
    private final PrintWriter err;
    private final boolean verbose;

    ProgressPrinter(PrintWriter err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public synchronized void onEvent(ImageBuildEvent event) {
        if (event instanceof ImageBuildEvent.InputsLeftOut leftOut) {
            err.println("left out of the image (" + leftOut.files().size() + "):");
            leftOut.files().forEach(f -> err.println("  " + f));
        } else if (event instanceof ImageBuildEvent.Stage stage) {
            err.println("[" + stage.name() + "]");
        } else if (event instanceof ImageBuildEvent.BlobPushed pushed) {
            err.println("  pushed  " + pushed.digest().substring(0, 19) + "  " + Sizes.human(pushed.size()));
        } else if (event instanceof ImageBuildEvent.BlobSkipped skipped && verbose) {
            err.println("  exists  " + skipped.digest().substring(0, 19) + "  " + Sizes.human(skipped.size()));
        } else if (event instanceof ImageBuildEvent.Log log && verbose) {
            err.println("  " + log.level() + ": " + log.message().replaceAll("\u001B\\[[0-9;]*m", ""));
        }
        err.flush();
    }
}
