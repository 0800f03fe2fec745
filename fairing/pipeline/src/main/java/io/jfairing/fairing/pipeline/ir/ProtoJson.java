package io.jfairing.fairing.pipeline.ir;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.jfairing.fairing.pipeline.PipelineException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Protobuf's JSON mapping read from a Jackson tree, refusing any field a message does not have (by its JSON or proto
 * name), with the well-known types the KFP IR uses ({@code Struct}, {@code Value}, {@code ListValue},
 * {@code Duration}). protobuf-java-util's parser is not used: it needs a Gson newer than the one the kernel carries,
 * which would come first on the class path of the magics.
 */
final class ProtoJson {
    private ProtoJson() {}

    static <B extends Message.Builder> B merge(JsonNode json, B builder, String where) throws PipelineException {
        Descriptor type = builder.getDescriptorForType();
        if (type.getFullName().equals(Struct.getDescriptor().getFullName())) {
            builder.mergeFrom(struct(json, where));
            return builder;
        }
        if (type.getFullName().equals(Value.getDescriptor().getFullName())) {
            builder.mergeFrom(value(json));
            return builder;
        }
        if (type.getFullName().equals(Duration.getDescriptor().getFullName())) {
            builder.mergeFrom(duration(json, where));
            return builder;
        }
        if (!json.isObject()) {
            throw new PipelineException(
                    where + " must be an object (" + type.getName() + "), not " + json.getNodeType());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            FieldDescriptor field = field(type, entry.getKey());
            String path = where + "." + entry.getKey();
            if (field == null) {
                throw new PipelineException("Cannot find field: " + entry.getKey() + " in message " + type.getFullName()
                        + " (at " + path + ")");
            }
            JsonNode value = entry.getValue();
            if (value.isNull() && !isValue(field)) {
                continue;
            }
            if (field.isMapField()) {
                FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
                FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
                Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
                while (entries.hasNext()) {
                    Map.Entry<String, JsonNode> e = entries.next();
                    Message.Builder mapEntry = builder.newBuilderForField(field);
                    mapEntry.setField(
                            keyField,
                            scalar(keyField, new com.fasterxml.jackson.databind.node.TextNode(e.getKey()), path));
                    mapEntry.setField(valueField, single(mapEntry, valueField, e.getValue(), path + "." + e.getKey()));
                    builder.addRepeatedField(field, mapEntry.build());
                }
            } else if (field.isRepeated()) {
                if (!value.isArray()) {
                    throw new PipelineException(path + " must be a list");
                }
                for (JsonNode item : value) {
                    builder.addRepeatedField(field, single(builder, field, item, path + "[]"));
                }
            } else {
                builder.setField(field, single(builder, field, value, path));
            }
        }
        return builder;
    }

    private static boolean isValue(FieldDescriptor field) {
        return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && field.getMessageType()
                        .getFullName()
                        .equals(Value.getDescriptor().getFullName());
    }

    private static FieldDescriptor field(Descriptor type, String name) {
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJsonName().equals(name) || f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static Object single(Message.Builder parent, FieldDescriptor field, JsonNode value, String where)
            throws PipelineException {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            return merge(value, parent.newBuilderForField(field), where).build();
        }
        return scalar(field, value, where);
    }

    private static Object scalar(FieldDescriptor field, JsonNode value, String where) throws PipelineException {
        try {
            return switch (field.getJavaType()) {
                case STRING -> {
                    if (!value.isTextual()) {
                        throw new PipelineException(where + " must be a string");
                    }
                    yield value.asText();
                }
                case BOOLEAN -> {
                    if (!value.isBoolean()
                            && !(value.isTextual() && value.asText().matches("true|false"))) {
                        throw new PipelineException(where + " must be true or false");
                    }
                    yield value.asBoolean();
                }
                case INT -> new BigDecimal(value.asText()).intValueExact();
                case LONG -> new BigDecimal(value.asText()).longValueExact();
                case DOUBLE -> Double.parseDouble(value.asText());
                case FLOAT -> Float.parseFloat(value.asText());
                case ENUM -> {
                    EnumValueDescriptor e = value.isNumber()
                            ? field.getEnumType().findValueByNumber(value.asInt())
                            : field.getEnumType().findValueByName(value.asText());
                    if (e == null) {
                        throw new PipelineException(where + ": '" + value.asText() + "' is not a value of "
                                + field.getEnumType().getFullName());
                    }
                    yield e;
                }
                default ->
                    throw new PipelineException(where + ": fields of type " + field.getJavaType() + " are not read");
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new PipelineException(where + " must be a number, not " + value);
        }
    }

    private static Struct struct(JsonNode json, String where) throws PipelineException {
        if (!json.isObject()) {
            throw new PipelineException(where + " must be an object");
        }
        Struct.Builder struct = Struct.newBuilder();
        json.fields().forEachRemaining(e -> struct.putFields(e.getKey(), value(e.getValue())));
        return struct.build();
    }

    private static Value value(JsonNode json) {
        if (json.isNull() || json.isMissingNode()) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (json.isBoolean()) {
            return Value.newBuilder().setBoolValue(json.asBoolean()).build();
        }
        if (json.isNumber()) {
            return Value.newBuilder().setNumberValue(json.asDouble()).build();
        }
        if (json.isTextual()) {
            return Value.newBuilder().setStringValue(json.asText()).build();
        }
        if (json.isArray()) {
            ListValue.Builder list = ListValue.newBuilder();
            json.forEach(item -> list.addValues(value(item)));
            return Value.newBuilder().setListValue(list).build();
        }
        Struct.Builder struct = Struct.newBuilder();
        json.fields().forEachRemaining(e -> struct.putFields(e.getKey(), value(e.getValue())));
        return Value.newBuilder().setStructValue(struct).build();
    }

    private static Duration duration(JsonNode json, String where) throws PipelineException {
        String text = json.asText();
        if (!text.endsWith("s")) {
            throw new PipelineException(where + " must be a duration like \"3.5s\", not " + json);
        }
        BigDecimal seconds = new BigDecimal(text.substring(0, text.length() - 1));
        return Duration.newBuilder()
                .setSeconds(seconds.longValue())
                .setNanos(seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue())
                .build();
    }
}
