package io.jfairing.metadata.store;

import io.jfairing.metadata.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * Opaque page tokens: the offset of the next page and a fingerprint of the query, so a token used with another
 * query is refused instead of silently returning the wrong page.
 */
public final class PageTokens {
    private PageTokens() {}

    public static String encode(long offset, String queryFingerprint) {
        String raw = "v1:" + offset + ":" + crc(queryFingerprint);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token names (0 for null). */
    public static long decode(String token, String queryFingerprint) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid page token");
        }
        String[] parts = raw.split(":");
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new InvalidRequestException("invalid page token");
        }
        if (!parts[2].equals(crc(queryFingerprint))) {
            throw new InvalidRequestException("the page token belongs to another query: use it only with the same "
                    + "experiments, filter, order and page size");
        }
        try {
            long offset = Long.parseLong(parts[1]);
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("invalid page token");
        }
    }

    private static String crc(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
