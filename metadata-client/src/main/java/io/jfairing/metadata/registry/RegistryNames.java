package io.jfairing.metadata.registry;

import io.jfairing.metadata.InvalidRequestException;
import java.util.regex.Pattern;

/** The rules for registered model names, aliases and deployment names (they appear in URIs and URL paths). */
public final class RegistryNames {
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,252}");

    private RegistryNames() {}

    public static void checkModel(String name) {
        if (name == null || !MODEL.matcher(name).matches()) {
            throw new InvalidRequestException("invalid model name '" + name
                    + "': 1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
    }

    public static void checkAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new InvalidRequestException("invalid alias '" + alias
                    + "': 1 to 63 letters, digits, '_' and '-', starting with a letter (a number would be read as"
                    + " a version)");
        }
    }

    public static void checkDeployment(String name) {
        if (name == null || !DEPLOYMENT.matcher(name).matches()) {
            throw new InvalidRequestException("invalid deployment name '" + name
                    + "': letters, digits, '.', '_', '-' and '/' (for NAMESPACE/NAME)");
        }
    }

    public static void checkVersion(int version) {
        if (version < 1) {
            throw new InvalidRequestException("model version numbers start at 1, got " + version);
        }
    }
}
