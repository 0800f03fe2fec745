package io.jfairing.fairing.preprocess;

import java.nio.file.Path;

/**
 * A file that goes into the image's files layer.
 *
 * @param source where it is on this machine
 * @param target its path relative to the image's working directory, with {@code /} separators
 */
public record InputFile(Path source, String target) {}
