package io.jfairing.runtime.display;

/**
 * A type that says how it displays: {@link Display#display} and a cell's result show its {@link MimeBundle} (in the
 * kernel and in the executed notebook of an image alike), not just its {@code toString()}. {@link Table} is one.
 */
public interface Renderable {
    /** The forms this value shows as, {@code text/plain} first. */
    MimeBundle toMimeBundle();
}
