package io.jfairing.metadata;

import java.util.Map;

/**
 * Documented limits, enforced by every store (and checked early on the client so errors surface at the call that
 * caused them). A request over a limit is rejected whole with an {@link InvalidRequestException}.
 */
public final class Limits {
    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_PER_BATCH = 100;
    public static final int MAX_TAGS_PER_BATCH = 100;
    public static final int MAX_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_NAME_LENGTH = 500;
    public static final int MAX_FILTER_LENGTH = 4000;
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;
    public static final int MAX_LINEAGE_HOPS = 100;
    public static final int MAX_COMPARE_RUNS = 100;
    public static final int MAX_HISTORY_POINTS = 1_000_000;
    /** Largest HTTP request body the server reads. */
    public static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private Limits() {}

    /**
     * Checks a metric, param or tag key: 1 to {@value #MAX_KEY_LENGTH} characters of letters, digits, {@code _ - . /}
     * and spaces, not starting with {@code /} and without {@code ..} (keys may become file paths when exported).
     */
    public static void checkKey(String what, String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidRequestException(what + " key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new InvalidRequestException(
                    what + " key is " + key.length() + " characters long; the limit is " + MAX_KEY_LENGTH);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == ' ';
            if (!ok) {
                throw new InvalidRequestException(
                        what + " key '" + printable(key) + "' has an invalid character at index " + i
                                + ": use letters, digits, '_', '-', '.', '/' and spaces");
            }
        }
        if (key.startsWith("/") || key.contains("..")) {
            throw new InvalidRequestException(what + " key '" + key + "' must not start with '/' or contain '..'");
        }
    }

    /** Checks a display name (experiment, run): 1 to {@value #MAX_NAME_LENGTH} characters, no control characters. */
    public static void checkName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException(what + " must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidRequestException(what + " is longer than " + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new InvalidRequestException(what + " has a control character at index " + i);
            }
        }
    }

    /** Checks a whole batch; throws before anything is written. */
    public static void checkBatch(RunBatch batch) {
        if (batch == null) {
            throw new InvalidRequestException("batch must not be null");
        }
        checkBatchId(batch.batchId());
        if (batch.metrics().size() > MAX_METRICS_PER_BATCH
                || batch.params().size() > MAX_PARAMS_PER_BATCH
                || batch.tags().size() > MAX_TAGS_PER_BATCH) {
            throw new InvalidRequestException(
                    InvalidRequestException.BATCH_TOO_LARGE,
                    "batch has " + batch.metrics().size() + " metrics, "
                            + batch.params().size() + " params and "
                            + batch.tags().size() + " tags; the limits are " + MAX_METRICS_PER_BATCH + " metrics, "
                            + MAX_PARAMS_PER_BATCH + " params and " + MAX_TAGS_PER_BATCH + " tags per batch");
        }
        for (int i = 0; i < batch.metrics().size(); i++) {
            MetricPoint p = batch.metrics().get(i);
            if (p == null) {
                throw new InvalidRequestException("metrics[" + i + "] must not be null");
            }
            checkKey("metric", p.key());
            if (p.timestamp() < 0) {
                throw new InvalidRequestException("metrics[" + i + "].timestamp must not be negative");
            }
        }
        for (Map.Entry<String, String> e : batch.params().entrySet()) {
            checkKey("param", e.getKey());
            checkValue("param", e.getKey(), e.getValue(), MAX_PARAM_VALUE_LENGTH);
        }
        for (Map.Entry<String, String> e : batch.tags().entrySet()) {
            checkKey("tag", e.getKey());
            checkValue("tag", e.getKey(), e.getValue(), MAX_TAG_VALUE_LENGTH);
        }
    }

    static void checkValue(String what, String key, String value, int max) {
        if (value == null) {
            throw new InvalidRequestException(what + " '" + key + "' has no value");
        }
        if (value.length() > max) {
            throw new InvalidRequestException(
                    what + " '" + key + "' value is " + value.length() + " characters long; the limit is " + max);
        }
        int nul = value.indexOf('\0');
        if (nul >= 0) {
            throw new InvalidRequestException(what + " '" + key + "' value has a NUL character at index " + nul
                    + "; values must not contain NUL");
        }
    }

    /** Longest batch id ({@link RunBatch#batchId()}). */
    public static final int MAX_BATCH_ID_LENGTH = 100;

    /** Checks a batch id: 1 to {@value #MAX_BATCH_ID_LENGTH} letters, digits, {@code - _ . :}. */
    public static void checkBatchId(String batchId) {
        if (batchId == null) {
            return;
        }
        if (batchId.isEmpty() || batchId.length() > MAX_BATCH_ID_LENGTH) {
            throw new InvalidRequestException("batchId must have 1 to " + MAX_BATCH_ID_LENGTH + " characters");
        }
        for (int i = 0; i < batchId.length(); i++) {
            char c = batchId.charAt(i);
            if (!((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == ':')) {
                throw new InvalidRequestException("batchId has an invalid character at index " + i
                        + ": use letters, digits, '-', '_', '.' and ':'");
            }
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
