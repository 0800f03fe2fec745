package io.jfairing.metadata.registry;

import io.jfairing.metadata.InvalidRequestException;

/**
 * A registered model version named by a URI: {@code models:/NAME/VERSION} (a fixed version) or
 * {@code models:/NAME@ALIAS} (whatever version the alias points to when it is resolved).
 *
 * @param version the version number; null when an alias names it
 * @param alias the alias; null when a version number names it
 */
public record ModelReference(String model, Integer version, String alias) {
    /** The scheme of a model reference. */
    public static final String PREFIX = "models:/";

    public ModelReference {
        RegistryNames.checkModel(model);
        if ((version == null) == (alias == null)) {
            throw new InvalidRequestException("a model reference names a version or an alias, exactly one of them");
        }
        if (version != null && version < 1) {
            throw new InvalidRequestException("model version numbers start at 1, got " + version);
        }
        if (alias != null) {
            RegistryNames.checkAlias(alias);
        }
    }

    public static ModelReference ofVersion(String model, int version) {
        return new ModelReference(model, version, null);
    }

    public static ModelReference ofAlias(String model, String alias) {
        return new ModelReference(model, null, alias);
    }

    /** Whether {@code text} is meant as a model reference (starts with {@value #PREFIX}). */
    public static boolean isReference(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /**
     * Parses {@code models:/wine/3} or {@code models:/wine@champion}.
     *
     * @throws InvalidRequestException when the text is not such a reference
     */
    public static ModelReference parse(String text) {
        if (!isReference(text)) {
            throw new InvalidRequestException("'" + text + "' is not a model reference: use " + PREFIX
                    + "NAME/VERSION or " + PREFIX + "NAME@ALIAS, for example " + PREFIX + "wine@champion");
        }
        String rest = text.substring(PREFIX.length());
        int at = rest.indexOf('@');
        int slash = rest.indexOf('/');
        if (at > 0 && slash < 0) {
            return ofAlias(rest.substring(0, at), rest.substring(at + 1));
        }
        if (slash > 0 && at < 0) {
            String number = rest.substring(slash + 1);
            try {
                return ofVersion(rest.substring(0, slash), Integer.parseInt(number));
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("model reference '" + text + "': the version '" + number
                        + "' is not a number (use " + PREFIX + "NAME@ALIAS for an alias)");
            }
        }
        throw new InvalidRequestException("model reference '" + text + "' must be " + PREFIX + "NAME/VERSION or "
                + PREFIX + "NAME@ALIAS, for example " + PREFIX + "wine/3 or " + PREFIX + "wine@champion");
    }

    @Override
    public String toString() {
        return PREFIX + model + (alias != null ? "@" + alias : "/" + version);
    }
}
