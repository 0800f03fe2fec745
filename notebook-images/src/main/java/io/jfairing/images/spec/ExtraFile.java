package io.jfairing.images.spec;

import java.nio.file.Path;

/**
 * A file or folder copied into the image.
 *
 * @param source on this machine (relative paths start at the spec's folder)
 * @param target an absolute path in the image, outside the home folder (a volume hides it)
 * @param mode octal permissions of files ({@code 644}; {@code 755} for scripts)
 */
public record ExtraFile(Path source, String target, String mode, SpecLocation location) {}
