package io.jfairing.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON (RFC 8259) for the model server and the runner's executed notebook, on jackson-core's streaming parser and generator. The runtime jar
 * carries jackson-core relocated ({@code io.jfairing.runtime.internal.jackson}), so it never meets the Jackson a
 * notebook adds itself.
 *
 * <p>Reading gives {@link Map} (insertion ordered, no duplicate keys), {@link List}, {@link String}, {@link Long}
 * (integers that fit), {@link Double} (any other number), {@link Boolean} and {@code null}. Trailing commas, comments,
 * leading zeros, unescaped control characters, lone surrogates, duplicate keys, trailing content and nesting deeper
 * than {@value #MAX_DEPTH} are errors.
 */
public final class JsonCodec {
    static final int MAX_DEPTH = 128;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .characterEscapes(new ScriptSafeEscapes())
            .build();

    private JsonCodec() {}

    /** A syntax error, with its offset in the text. */
    public static final class JsonException extends IllegalArgumentException {
        JsonException(String message) {
            super(message);
        }
    }

    public static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                throw error(parser.currentLocation(), "unexpected end of input");
            }
            Object value = value(parser);
            if (parser.nextToken() != null) {
                throw error(parser.currentTokenLocation(), "unexpected content after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw error(e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
                    checkSurrogates(parser, key);
                    parser.nextToken();
                    map.put(key, value(parser));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                return list;
            }
            case VALUE_STRING -> {
                return checkSurrogates(parser, parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                JsonParser.NumberType type = parser.getNumberType();
                if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                    return parser.getLongValue();
                }
                return finite(parser, parser.getDoubleValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return finite(parser, parser.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return true;
            }
            case VALUE_FALSE -> {
                return false;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw error(parser.currentTokenLocation(), "unexpected " + token);
        }
    }

    private static double finite(JsonParser parser, double value) {
        if (Double.isInfinite(value)) {
            throw error(parser.currentTokenLocation(), "number out of range");
        }
        return value;
    }

    private static String checkSurrogates(JsonParser parser, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error(parser.currentTokenLocation(), "lone surrogate in a string");
            }
        }
        return text;
    }

    private static JsonException error(JsonLocation location, String message) {
        long offset = location == null ? -1 : location.getCharOffset();
        return new JsonException("malformed JSON at offset " + offset + ": " + message);
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes a value: null, booleans, numbers (finite only), strings and chars, enums (by name), maps (keys as
     * strings), collections and other iterables, arrays (primitive too), records (as objects of their components),
     * {@link java.util.Optional}. Anything else is an {@link IllegalArgumentException}.
     */
    public static String write(Object value) {
        return write(value, false);
    }

    /** {@link #write(Object)}, indented one space a level as Jupyter writes notebooks. */
    public static String writeIndented(Object value) {
        return write(value, true);
    }

    private static String write(Object value, boolean indented) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            if (indented) {
                DefaultIndenter indenter = new DefaultIndenter(" ", "\n");
                generator.setPrettyPrinter(new DefaultPrettyPrinter()
                        .withSeparators(Separators.createDefaultInstance()
                                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                        .withObjectIndenter(indenter)
                        .withArrayIndenter(indenter));
            }
            write(value, generator, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(Object value, JsonGenerator out, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " (a cycle?)");
        }
        if (value == null) {
            out.writeNull();
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON has no " + value);
            }
            if (value instanceof Float f) {
                out.writeNumber(f);
            } else {
                out.writeNumber(d);
            }
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            out.writeNumber(big);
        } else if (value instanceof BigDecimal big) {
            out.writeNumber(big);
        } else if (value instanceof Number number) {
            write(number.doubleValue(), out, depth);
        } else if (value instanceof CharSequence || value instanceof Character) {
            out.writeString(value.toString());
        } else if (value instanceof Enum<?> e) {
            out.writeString(e.name());
        } else if (value instanceof java.util.Optional<?> optional) {
            write(optional.orElse(null), out, depth);
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName(String.valueOf(entry.getKey()));
                write(entry.getValue(), out, depth + 1);
            }
            out.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            out.writeStartArray();
            for (Object item : items) {
                write(item, out, depth + 1);
            }
            out.writeEndArray();
        } else if (value.getClass().isArray()) {
            out.writeStartArray();
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                write(Array.get(value, i), out, depth + 1);
            }
            out.writeEndArray();
        } else if (value.getClass().isRecord()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    java.lang.reflect.Method accessor = component.getAccessor();
                    accessor.setAccessible(true);
                    fields.put(component.getName(), accessor.invoke(value));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalArgumentException(
                            "cannot read " + value.getClass().getName() + "." + component.getName(), e);
                }
            }
            write(fields, out, depth);
        } else {
            throw new IllegalArgumentException(
                    "cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    /** An unmodifiable map from alternating keys and values, in order (for responses). */
    public static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * JSON's own escapes, plus U+2028 and U+2029 (line breaks to JavaScript) and surrogates (so a lone one never
     * reaches the wire as a broken UTF-8 sequence), as {@code \\uXXXX}.
     */
    private static final class ScriptSafeEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028 || ch == 0x2029 || Character.isSurrogate((char) ch)) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
