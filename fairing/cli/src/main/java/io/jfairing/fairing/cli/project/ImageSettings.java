package io.jfairing.fairing.cli.project;

import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.ImageBuildListener;
import io.jfairing.fairing.registry.LocalRegistry;
import io.jfairing.metadata.MetadataStore;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where an image goes and what it is built on, from the project's settings: the configured registry, or jfairing's
 * own local registry (started on demand, with a jlink JRE base image made once).
 *
 * @param registry  {@code host[:port][/path]}
 * @param baseImage a reference
 * @param insecure  whether HTTP registries are allowed
 */
public record ImageSettings(String registry, String baseImage, boolean insecure) {
    public static ImageSettings resolve(ProjectConfig config, ImageBuildListener listener) throws FairingException {
        String registry = config.get(ConfigKey.REGISTRY).strip();
        String base = config.get(ConfigKey.BASE_IMAGE).strip();
        boolean insecure = Boolean.parseBoolean(config.get(ConfigKey.INSECURE_REGISTRY));
        if (registry.equals("local")) {
            LocalRegistry local = LocalRegistry.ensureRunning(home());
            return new ImageSettings(local.host(), base.isEmpty() ? local.ensureBaseImage(listener) : base, true);
        }
        return new ImageSettings(registry, base.isEmpty() ? BaseImage.DEFAULT : base, insecure);
    }

    /** {@code $JFAIRING_HOME}, or {@code ~/.jfairing}. */
    public static Path home() {
        return MetadataStore.defaultFile(System.getenv()).getParent();
    }

    /** {@code registry/name:tag} with the name made a valid repository name. */
    public String reference(String name, String tag) {
        String repository =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._/-]+", "-").replaceAll("^[-._/]+|[-._/]+$", "");
        return registry + "/" + (repository.isEmpty() ? "notebook" : repository) + ":" + tag;
    }

    /**
     * The repository name and tag of {@code image} ({@code NAME[:TAG]}; default: {@code defaultName}, tag latest),
     * checked before anything is built.
     *
     * @throws UsageException a tag that is not valid
     */
    public static String[] nameAndTag(String image, String defaultName) throws UsageException {
        String name = image != null ? image : defaultName;
        String tag = "latest";
        int colon = name.lastIndexOf(':');
        if (colon > 0 && !name.substring(colon).contains("/")) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw new UsageException(
                    "--image: '" + tag + "' is not a valid tag (letters, digits, '_', '.', '-'; at most 128)");
        }
        return new String[] {name, tag};
    }
}
