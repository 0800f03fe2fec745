package io.jfairing.fairing.image;

import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.progress.Allocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Jib's events into {@link ImageBuildEvent}s and keeps which blobs were sent. Public for other builders on
 * Jib (notebook-images): register {@link #onJibEvent} as a {@code JibEvent} handler of the {@code Containerizer}.
 */
public final class PushTracker {
    private static final String PUSHING = "pushing blob ";
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final ImageBuildListener listener;
    private final Map<String, long[]> blobs = new LinkedHashMap<>(); // digest -> {size, units done}
    private final Map<String, Boolean> skipped = new LinkedHashMap<>();
    private final java.util.Set<String> baseLayers = new java.util.HashSet<>();
    private final List<String> finished = new ArrayList<>();
    private double progress;
    private int lastPercent = -1;

    public PushTracker(ImageBuildListener listener) {
        this.listener = listener;
    }

    public synchronized void onJibEvent(JibEvent event) {
        if (event instanceof ProgressEvent progressEvent) {
            onProgress(progressEvent);
        } else if (event instanceof LogEvent log) {
            onLog(log);
        }
    }

    private void onProgress(ProgressEvent event) {
        Allocation allocation = event.getAllocation();
        long units = event.getUnits();
        if (allocation.getAllocationUnits() > 0) {
            progress += allocation.getFractionOfRoot() * units / allocation.getAllocationUnits();
        }
        String description = allocation.getDescription();
        if (description.startsWith("checking base image layer ")
                || description.startsWith("pulling base image layer ")) {
            Matcher digest = DIGEST.matcher(description);
            if (digest.find()) {
                baseLayers.add(digest.group());
            }
        }
        if (description.startsWith(PUSHING)) {
            String digest = description.substring(PUSHING.length()).trim();
            long[] blob = blobs.get(digest);
            if (blob == null) {
                blob = new long[] {allocation.getAllocationUnits(), 0};
                blobs.put(digest, blob);
                listener.onEvent(new ImageBuildEvent.BlobStarted(digest, blob[0]));
            }
            blob[1] += units;
            if (blob[1] >= blob[0] && !finished.contains(digest)) {
                finished.add(digest);
                if (!skipped.containsKey(digest)) {
                    listener.onEvent(new ImageBuildEvent.BlobPushed(digest, blob[0]));
                }
            }
        }
        int percent = (int) Math.floor(Math.min(1.0, progress) * 100);
        if (percent != lastPercent) {
            lastPercent = percent;
            listener.onEvent(new ImageBuildEvent.Progress(Math.min(1.0, progress), description));
        }
    }

    private void onLog(LogEvent log) {
        String message = log.getMessage();
        if (message.startsWith("Skipping push; BLOB already exists")) {
            Matcher digest = DIGEST.matcher(message);
            if (digest.find() && skipped.put(digest.group(), true) == null) {
                long[] blob = blobs.get(digest.group());
                listener.onEvent(new ImageBuildEvent.BlobSkipped(digest.group(), blob == null ? 0 : blob[0]));
            }
        }
        listener.onEvent(new ImageBuildEvent.Log(log.getLevel().name().toLowerCase(Locale.ROOT), message));
    }

    /** Every blob the push considered, pushed or already there. */
    public synchronized List<BuiltImage.Blob> blobs() {
        List<BuiltImage.Blob> result = new ArrayList<>();
        blobs.forEach((digest, blob) -> result.add(
                new BuiltImage.Blob(digest, blob[0], !skipped.containsKey(digest), baseLayers.contains(digest))));
        return result;
    }
}
