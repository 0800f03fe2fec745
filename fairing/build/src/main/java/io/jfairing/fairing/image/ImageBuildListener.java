package io.jfairing.fairing.image;

/** Receives {@link ImageBuildEvent}s. */
@FunctionalInterface
public interface ImageBuildListener {
    ImageBuildListener NONE = event -> {};

    void onEvent(ImageBuildEvent event);
}
