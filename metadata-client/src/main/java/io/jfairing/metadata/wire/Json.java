package io.jfairing.metadata.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.mlmd.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JSON mapping shared by the server and the HTTP client. Strict on input: unknown fields, wrong types
 * (no string-to-number or number-to-string coercion, no float for an integer), duplicate keys and nulls for
 * numbers are errors, reported by {@link #invalid} with the field's path. NaN and infinities are written and read
 * as the bare tokens {@code NaN}, {@code Infinity}, {@code -Infinity} (metrics may be NaN).
 */
public final class Json {
    private static final ObjectMapper MAPPER = create();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper create() {
        SimpleModule module = new SimpleModule("jfairing-metadata");
        module.addSerializer(Value.class, new ValueSerializer());
        module.addDeserializer(Value.class, new ValueDeserializer());
        JsonMapper mapper = JsonMapper.builder()
                .addModule(module)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .defaultPropertyInclusion(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
        for (LogicalType t : List.of(LogicalType.Textual, LogicalType.Enum)) {
            mapper.coercionConfigFor(t)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(t)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a request body strictly; every problem becomes an {@link InvalidRequestException} naming the field. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException(
                    InvalidRequestException.MALFORMED_JSON, "the request body is empty; expected a JSON object");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new InvalidRequestException(
                        InvalidRequestException.MALFORMED_JSON, "the request body is null; expected a JSON object");
            }
            return value;
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    /** Converts a struct value to plain Java maps and lists. */
    public static Object toPlain(JsonNode node) {
        return MAPPER.convertValue(node, Object.class);
    }

    /** Translates a Jackson error into a clear 400 error that names the field (never echoing a whole body). */
    public static InvalidRequestException invalid(IOException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String where = path(u.getPath().subList(0, Math.max(0, u.getPath().size() - 1)));
            Collection<Object> known = u.getKnownPropertyIds();
            String knownList = known == null
                    ? ""
                    : known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return new InvalidRequestException(
                    InvalidRequestException.UNKNOWN_FIELD,
                    "unknown field '" + u.getPropertyName() + "'" + (where.isEmpty() ? "" : " in " + where)
                            + (knownList.isEmpty() ? "" : " (known fields: " + knownList + ")"));
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() != null ? v.getCause() : v;
            String where = path(v.getPath());
            String detail = cause instanceof NullPointerException
                    ? "'" + cause.getMessage() + "' is required"
                    : cause.getMessage();
            return new InvalidRequestException(
                    InvalidRequestException.INVALID_ARGUMENT,
                    "invalid " + (where.isEmpty() ? "request" : where) + ": " + detail);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() == Value.class) {
            String where = path(m.getPath());
            return new InvalidRequestException(
                    InvalidRequestException.WRONG_TYPE,
                    "invalid value" + (where.isEmpty() ? "" : " for '" + where + "'") + ": "
                            + firstLine(m.getOriginalMessage()));
        }
        if (e instanceof MismatchedInputException m) {
            String where = path(m.getPath());
            String expected = expected(m.getTargetType());
            String got = "";
            if (m instanceof InvalidFormatException f && f.getValue() != null) {
                String shown = String.valueOf(f.getValue());
                got = " (got " + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown) + ")";
            }
            if (m.getTargetType() != null && m.getTargetType().isEnum()) {
                Object[] constants = m.getTargetType().getEnumConstants();
                List<String> names = new ArrayList<>();
                for (Object c : constants) {
                    names.add(((Enum<?>) c).name());
                }
                expected = "one of " + String.join(", ", names);
            }
            if (expected == null) {
                String msg = m.getOriginalMessage();
                int nl = msg.indexOf('\n');
                expected = "a valid value (" + (nl > 0 ? msg.substring(0, nl) : msg) + ")";
            }
            return new InvalidRequestException(
                    InvalidRequestException.WRONG_TYPE,
                    "wrong type for " + (where.isEmpty() ? "the request body" : "'" + where + "'") + ": expected "
                            + expected + got);
        }
        if (e instanceof JsonProcessingException p) {
            String loc = p.getLocation() == null
                    ? ""
                    : " at line " + p.getLocation().getLineNr() + ", column "
                            + p.getLocation().getColumnNr();
            return new InvalidRequestException(
                    InvalidRequestException.MALFORMED_JSON,
                    "malformed JSON" + loc + ": " + firstLine(p.getOriginalMessage()));
        }
        return new InvalidRequestException(
                InvalidRequestException.MALFORMED_JSON, "cannot read the request body: " + e.getMessage());
    }

    private static String expected(Class<?> t) {
        if (t == null) {
            return null;
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return "a number";
        }
        if (t == long.class || t == Long.class || t == int.class || t == Integer.class) {
            return "a whole number";
        }
        if (t == String.class) {
            return "a string";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(t) || Collection.class.isAssignableFrom(t)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(t) || t.isRecord()) {
            return "an object";
        }
        if (t == Value.class) {
            return "an object with one of intValue, doubleValue, stringValue, boolValue, structValue";
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl > 0 ? s.substring(0, nl) : s;
    }

    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static final class ValueSerializer extends JsonSerializer<Value> {
        @Override
        public void serialize(Value v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            if (v instanceof Value.IntValue i) {
                g.writeNumberField("intValue", i.value());
            } else if (v instanceof Value.DoubleValue d) {
                g.writeNumberField("doubleValue", d.value());
            } else if (v instanceof Value.StringValue s) {
                g.writeStringField("stringValue", s.value());
            } else if (v instanceof Value.BoolValue b) {
                g.writeBooleanField("boolValue", b.value());
            } else if (v instanceof Value.StructValue s) {
                g.writeFieldName("structValue");
                p.defaultSerializeValue(s.value(), g);
            }
            g.writeEndObject();
        }
    }

    private static final class ValueDeserializer extends JsonDeserializer<Value> {
        @Override
        public Value deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return (Value) ctxt.handleUnexpectedToken(Value.class, p);
            }
            JsonToken t = p.nextToken();
            if (t != JsonToken.FIELD_NAME) {
                return (Value) ctxt.reportInputMismatch(
                        Value.class, "a value needs one of intValue, doubleValue, stringValue, boolValue, structValue");
            }
            String field = p.currentName();
            p.nextToken();
            Value value;
            switch (field) {
                case "intValue" -> {
                    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                        return (Value) ctxt.reportInputMismatch(long.class, "intValue must be a whole number");
                    }
                    value = Value.of(p.getLongValue());
                }
                case "doubleValue" -> {
                    if (!p.currentToken().isNumeric()) {
                        return (Value) ctxt.reportInputMismatch(double.class, "doubleValue must be a number");
                    }
                    value = Value.of(p.getDoubleValue());
                }
                case "stringValue" -> {
                    if (p.currentToken() != JsonToken.VALUE_STRING) {
                        return (Value) ctxt.reportInputMismatch(String.class, "stringValue must be a string");
                    }
                    value = Value.of(p.getText());
                }
                case "boolValue" -> {
                    if (!p.currentToken().isBoolean()) {
                        return (Value) ctxt.reportInputMismatch(boolean.class, "boolValue must be true or false");
                    }
                    value = Value.of(p.getBooleanValue());
                }
                case "structValue" -> {
                    JsonNode node = ctxt.readTree(p);
                    if (!node.isObject() && !node.isArray()) {
                        return (Value) ctxt.reportInputMismatch(Map.class, "structValue must be an object or a list");
                    }
                    value = new Value.StructValue(toPlain(node));
                }
                default -> {
                    throw UnrecognizedPropertyException.from(
                            p,
                            Value.class,
                            field,
                            List.of("intValue", "doubleValue", "stringValue", "boolValue", "structValue"));
                }
            }
            if (p.nextToken() != JsonToken.END_OBJECT) {
                return (Value) ctxt.reportInputMismatch(
                        Value.class,
                        "a value has exactly one of intValue, doubleValue, stringValue, boolValue, structValue");
            }
            return value;
        }
    }
}
