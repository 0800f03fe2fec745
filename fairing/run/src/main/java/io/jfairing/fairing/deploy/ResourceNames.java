package io.jfairing.fairing.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Kubernetes names made valid rather than rejected. */
public final class ResourceNames {
    /** RFC 1035 label length limit. */
    public static final int MAX_LENGTH = 63;

    private static final int HASH_LENGTH = 6;

    private ResourceNames() {}

    /**
     * An RFC 1035 label ({@code [a-z]([-a-z0-9]*[a-z0-9])?}, at most 63 characters) made from {@code name}.
     * A name that is already valid is returned unchanged; any other gets a stable suffix {@code -xxxxxx} (the first
     * hex digits of the SHA-256 of the original), so that different inputs that clean to the same text stay apart.
     */
    public static String valid(String name) {
        return valid(name, MAX_LENGTH);
    }

    /** As {@link #valid(String)}, with a shorter limit (room for suffixes that controllers add). */
    public static String valid(String name, int maxLength) {
        if (maxLength < HASH_LENGTH + 2 || maxLength > MAX_LENGTH) {
            throw new IllegalArgumentException("maxLength must be between " + (HASH_LENGTH + 2) + " and " + MAX_LENGTH);
        }
        String original = name == null ? "" : name;
        if (isValid(original, maxLength)) {
            return original;
        }
        StringBuilder sb = new StringBuilder();
        for (char c : original.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (ok) {
                sb.append(c);
            } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '-') {
                sb.append('-');
            }
        }
        String base = sb.toString();
        int firstLetter = 0;
        while (firstLetter < base.length() && !Character.isLetter(base.charAt(firstLetter))) {
            firstLetter++;
        }
        base = base.substring(firstLetter);
        if (base.isEmpty()) {
            base = "job";
        }
        int room = maxLength - HASH_LENGTH - 1;
        if (base.length() > room) {
            base = base.substring(0, room);
        }
        while (base.endsWith("-")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "-" + hash(original);
    }

    /** True for an RFC 1035 label of at most {@code maxLength} characters. */
    public static boolean isValid(String name, int maxLength) {
        return name != null && name.length() <= maxLength && name.matches("[a-z]([-a-z0-9]*[a-z0-9])?");
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
