package io.jfairing.fairing.preprocess;

/**
 * A file under the notebook's folder that matched an input glob but stays out of the image, and why: a credential
 * file, a {@code .fairingignore} rule, or a link that leads out of the folder or into a left-out path.
 *
 * @param path its path relative to the notebook's folder, with {@code /} separators
 * @param reason why it is left out, in words for the build's report
 */
public record LeftOutFile(String path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
