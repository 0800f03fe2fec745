package io.jfairing.fairing.image;

/**
 * What happens while an image is built, for a progress bar or a log; delivered to an {@link ImageBuildListener}
 * (one at a time, possibly from Jib's threads).
 */
public sealed interface ImageBuildEvent {
    /** A stage began: {@code compile}, {@code layers}, {@code push}. */
    record Stage(String name) implements ImageBuildEvent {}

    /** Overall progress of the Jib build, 0 to 1, and what is being worked on. */
    record Progress(double fraction, String description) implements ImageBuildEvent {}

    /** A layer (or the image config) is being sent to the registry. */
    record BlobStarted(String digest, long size) implements ImageBuildEvent {}

    /** A blob was uploaded (or mounted from another repository of the registry). */
    record BlobPushed(String digest, long size) implements ImageBuildEvent {}

    /** The registry already had a blob, so nothing was sent. */
    record BlobSkipped(String digest, long size) implements ImageBuildEvent {}

    /**
     * Files that matched the input globs but stay out of the image's files layer (credentials, ignored files, links
     * that lead out of the folder), each with the reason. Sent once, before the layers, when there are any.
     */
    record InputsLeftOut(java.util.List<io.jfairing.fairing.preprocess.LeftOutFile> files) implements ImageBuildEvent {
        public InputsLeftOut {
            files = java.util.List.copyOf(files);
        }
    }

    /** A message from Jib ({@code level}: error, warn, lifecycle, info, debug). */
    record Log(String level, String message) implements ImageBuildEvent {}
}
